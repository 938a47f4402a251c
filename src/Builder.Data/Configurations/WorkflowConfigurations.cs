using Builder.Domain.Trash;
using Builder.Domain.Environments;
using Builder.Domain.Organizations;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class WorkflowEntityTypeConfiguration : IEntityTypeConfiguration<WorkflowEntityType>
{
    public void Configure(EntityTypeBuilder<WorkflowEntityType> builder)
    {
        builder.ConfigureTracked();
        builder.Property(t => t.Name).HasMaxLength(WorkflowEntityType.NameMax).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(WorkflowEntityType.DescriptionMax);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.Shape).HasMaxLength(16);
        builder.Property(t => t.Color).HasMaxLength(16);
        builder.HasIndex(t => t.Name).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasData(WorkflowEntityType.BuiltIn);
    }
}

internal sealed class WorkflowEntityConfiguration : IEntityTypeConfiguration<WorkflowEntity>
{
    public void Configure(EntityTypeBuilder<WorkflowEntity> builder)
    {
        builder.ConfigureTracked();
        builder.Property(e => e.Name).HasMaxLength(WorkflowEntity.NameMax).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(WorkflowEntity.DescriptionMax);
        builder.Property(e => e.TfCondition).HasMaxLength(WorkflowEntity.TfConditionMax);
        builder.HasIndex(e => new { e.OrganizationId, e.Name });
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OrgEnvironment>().WithMany().HasForeignKey(e => e.EnvironmentId).OnDelete(DeleteBehavior.NoAction);
        builder.HasOne<WorkflowEntityType>().WithMany().HasForeignKey(e => e.WorkflowEntityTypeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WorkflowConfiguration : IEntityTypeConfiguration<Workflow>
{
    public void Configure(EntityTypeBuilder<Workflow> builder)
    {
        builder.ConfigureTracked();
        builder.ConfigureOwned();
        builder.Property(w => w.Name).HasMaxLength(Workflow.NameMax).IsRequired();
        builder.Property(w => w.Description).HasMaxLength(Workflow.DescriptionMax);
        builder.Property(w => w.WorkflowDataJson).IsRequired();
        builder.HasIndex(w => new { w.EnvironmentId, w.Name }).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasIndex(w => new { w.OrganizationId, w.Name });
        builder.HasOne<OrgEnvironment>().WithMany().HasForeignKey(w => w.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
        // Reached through the environment; a second cascade path is refused by SQL Server.
        builder.HasOne<Organization>().WithMany().HasForeignKey(w => w.OrganizationId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class WorkflowEntityUsageConfiguration : IEntityTypeConfiguration<WorkflowEntityUsage>
{
    public void Configure(EntityTypeBuilder<WorkflowEntityUsage> builder)
    {
        builder.HasKey(u => new { u.WorkflowId, u.WorkflowEntityId });
        builder.HasIndex(u => u.WorkflowEntityId);
        builder.HasOne<Workflow>().WithMany().HasForeignKey(u => u.WorkflowId).OnDelete(DeleteBehavior.Cascade);
        // An entity in use cannot be deleted (the service answers 409), so no cascade from entities.
        builder.HasOne<WorkflowEntity>().WithMany().HasForeignKey(u => u.WorkflowEntityId).OnDelete(DeleteBehavior.NoAction);
    }
}
