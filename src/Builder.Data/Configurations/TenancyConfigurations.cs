using Builder.Domain.Trash;
using Builder.Domain.Environments;
using Builder.Domain.Organizations;
using Builder.Domain.Variables;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ConfigureTracked();
        builder.Property(o => o.Name).HasMaxLength(Organization.NameMax).IsRequired();
        builder.Property(o => o.Description).HasMaxLength(Organization.DescriptionMax);
        builder.HasIndex(o => o.Name).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
    }
}

internal sealed class EnvironmentConfiguration : IEntityTypeConfiguration<OrgEnvironment>
{
    public void Configure(EntityTypeBuilder<OrgEnvironment> builder)
    {
        builder.ToTable("Environments");
        builder.ConfigureTracked();
        // Kept by the database only (VariableCountTriggers): EF never sends it, on insert or update.
        var count = builder.Property(e => e.LiveVariableCount).HasDefaultValue(0).ValueGeneratedNever().Metadata;
        count.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        count.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        builder.Property(e => e.Name).HasMaxLength(OrgEnvironment.NameMax).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(OrgEnvironment.DescriptionMax);
        builder.HasIndex(e => new { e.OrganizationId, e.Name }).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VariableConfiguration : IEntityTypeConfiguration<Variable>
{
    public void Configure(EntityTypeBuilder<Variable> builder)
    {
        builder.ToTable(t => t.HasTrigger(VariableCountTriggers.Name));
        builder.ConfigureTracked();
        builder.Property(v => v.Name).HasMaxLength(Variable.NameMax).IsRequired();
        builder.HasIndex(v => new { v.EnvironmentId, v.Name }).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasIndex(v => new { v.OrganizationId, v.Name });
        builder.HasOne<OrgEnvironment>().WithMany().HasForeignKey(v => v.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
        // The organization is reached through the environment; a second cascade path would be refused by SQL Server.
        builder.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrganizationId).OnDelete(DeleteBehavior.NoAction);
    }
}
