using Builder.Domain.Organizations;
using Builder.Domain.Sharing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal static class OwnedResourceConfiguration
{
    /// <summary>
    /// The sharing columns of an owned resource. No database default: an insert always writes all three (a default on an
    /// enum column would turn an explicit PRIVATE into the default). Existing rows got COMPANY / EDIT in the migration.
    /// </summary>
    public static void ConfigureOwned<T>(this EntityTypeBuilder<T> builder) where T : class, IOwnedResource
    {
        // By name: a member access through the interface is not the entity's own property.
        builder.Property<Guid>(nameof(IOwnedResource.OwnerId));
        builder.Property<SharingLevel>(nameof(IOwnedResource.SharingLevel));
        builder.Property<AccessLevel>(nameof(IOwnedResource.CompanyPermission));
        builder.HasIndex(nameof(IOwnedResource.OrganizationId), nameof(IOwnedResource.OwnerId));
    }
}

internal sealed class ResourceShareConfiguration : IEntityTypeConfiguration<ResourceShare>
{
    public void Configure(EntityTypeBuilder<ResourceShare> builder)
    {
        builder.HasKey(s => new { s.ResourceType, s.ResourceId, s.UserId });
        builder.Property(s => s.ResourceType).HasMaxLength(ResourceShare.ResourceTypeMax);
        // "Shared with me" lists: one indexed lookup per type.
        builder.HasIndex(s => new { s.UserId, s.ResourceType });
        builder.HasIndex(s => s.OrganizationId);
        // Shares go with their organization; a removed resource's shares are removed by the service that removes it.
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
