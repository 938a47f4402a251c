using Builder.Domain.Trash;
using Builder.Domain.Environments;
using Builder.Domain.Organizations;
using Builder.Domain.PromptTemplates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class PromptTemplateConfiguration : IEntityTypeConfiguration<PromptTemplate>
{
    public void Configure(EntityTypeBuilder<PromptTemplate> builder)
    {
        builder.ConfigureTracked();
        builder.ConfigureOwned();
        builder.Property(t => t.Name).HasMaxLength(PromptTemplate.NameMax).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(PromptTemplate.DescriptionMax);
        builder.Property(t => t.PromptText).IsRequired();
        builder.Property(t => t.VariablesJson).IsRequired();
        builder.Property(t => t.VariableSetsJson).IsRequired();
        // Names are unique per organization ignoring case; the service checks the case, the index guards the race.
        builder.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasIndex(t => t.ModelId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrgEnvironment>().WithMany().HasForeignKey(t => t.EnvironmentId).OnDelete(DeleteBehavior.NoAction);
        // ModelId is deliberately not a foreign key: a deleted model leaves templates without one (and their versions keep the id).
    }
}

internal sealed class PromptTemplateVersionConfiguration : IEntityTypeConfiguration<PromptTemplateVersion>
{
    public void Configure(EntityTypeBuilder<PromptTemplateVersion> builder)
    {
        builder.HasKey(v => v.Id);
        builder.Property(v => v.ContentJson).IsRequired();
        builder.Property(v => v.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(v => v.Message).HasMaxLength(PromptTemplate.MessageMax);
        builder.HasIndex(v => new { v.PromptTemplateId, v.Number }).IsUnique();
        builder.HasOne<PromptTemplate>().WithMany().HasForeignKey(v => v.PromptTemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PromptTemplateLabelConfiguration : IEntityTypeConfiguration<PromptTemplateLabel>
{
    public void Configure(EntityTypeBuilder<PromptTemplateLabel> builder)
    {
        builder.ConfigureTracked();
        builder.Property(l => l.Name).HasMaxLength(PromptTemplateLabel.NameMax).IsRequired();
        builder.HasIndex(l => new { l.PromptTemplateId, l.Name }).IsUnique();
        builder.HasOne<PromptTemplate>().WithMany().HasForeignKey(l => l.PromptTemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PromptTemplateLabelMoveConfiguration : IEntityTypeConfiguration<PromptTemplateLabelMove>
{
    public void Configure(EntityTypeBuilder<PromptTemplateLabelMove> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Label).HasMaxLength(PromptTemplateLabel.NameMax).IsRequired();
        builder.Property(m => m.MovedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(m => new { m.PromptTemplateId, m.MovedAt });
        builder.HasOne<PromptTemplate>().WithMany().HasForeignKey(m => m.PromptTemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}
