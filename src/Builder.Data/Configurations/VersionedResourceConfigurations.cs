using Builder.Domain.Agents;
using Builder.Domain.Managers;
using Builder.Domain.Organizations;
using Builder.Domain.Tools;
using Builder.Domain.Trash;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal static class VersionedResourceConfiguration
{
    /// <summary>The columns agents, tools and managers share: tracked, owned, a unique public number and a unique name per organization.</summary>
    public static void ConfigureVersioned<T>(this EntityTypeBuilder<T> builder, string table) where T : VersionedResource, IVersionedResource
    {
        builder.ToTable(table);
        builder.ConfigureTracked();
        builder.ConfigureOwned();
        builder.Property(r => r.Name).HasMaxLength(VersionedResource.NameMax).IsRequired();
        builder.Property(r => r.Description).HasMaxLength(VersionedResource.DescriptionMax);
        builder.Property(r => r.Kind).HasMaxLength(32).IsRequired();
        // The public integer id: allocated max+1, the unique index makes a concurrent allocation fail and retry.
        builder.HasIndex(r => r.Number).IsUnique();
        builder.HasIndex(r => new { r.OrganizationId, r.Name }).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder) => builder.ConfigureVersioned("Agents");
}

internal sealed class ToolConfiguration : IEntityTypeConfiguration<Tool>
{
    public void Configure(EntityTypeBuilder<Tool> builder)
    {
        builder.ConfigureVersioned("Tools");
        builder.Property(t => t.SecretHeadersJson).IsRequired();
    }
}

internal sealed class ManagerConfiguration : IEntityTypeConfiguration<Manager>
{
    public void Configure(EntityTypeBuilder<Manager> builder) => builder.ConfigureVersioned("Managers");
}

internal sealed class ResourceVersionConfiguration : IEntityTypeConfiguration<ResourceVersion>
{
    public void Configure(EntityTypeBuilder<ResourceVersion> builder)
    {
        builder.ToTable("ResourceVersions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.ResourceType).HasMaxLength(32).IsRequired();
        builder.Property(v => v.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(v => v.DefinitionJson).IsRequired();
        builder.Property(v => v.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(v => v.Note).HasMaxLength(ResourceVersion.NoteMax);
        // Numbers are unique per resource; at most one DRAFT and one PUBLISHED row per resource, whatever races: a second
        // publish or rollback at the same instant fails on these indexes instead of leaving two PUBLISHED versions.
        builder.HasIndex(v => new { v.ResourceId, v.Number }, "IX_ResourceVersions_ResourceId_Number").IsUnique().HasFilter("[Number] IS NOT NULL");
        builder.HasIndex(v => new { v.ResourceId, v.State }, "IX_ResourceVersions_ResourceId_State").IsUnique().HasFilter("[State] <> 'Archived'");
        builder.HasIndex(v => new { v.OrganizationId, v.ResourceType });
        // Versions go with their organization; with their resource when the trash purges it (one table for three types: no foreign key).
        builder.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
