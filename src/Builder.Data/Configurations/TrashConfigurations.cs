using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class TrashItemConfiguration : IEntityTypeConfiguration<TrashItem>
{
    public void Configure(EntityTypeBuilder<TrashItem> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.ResourceType).HasMaxLength(64).IsRequired();
        builder.Property(t => t.Name).HasMaxLength(TrashItem.NameMax).IsRequired();
        builder.Property(t => t.EnvironmentName).HasMaxLength(200);
        builder.Property(t => t.DeletedBy).HasMaxLength(256);
        // Like audit records, trash items outlive what they describe until purged: no foreign keys (the purge removes them).
        builder.HasIndex(t => new { t.OrganizationId, t.DeletedAt });
        builder.HasIndex(t => t.PurgeAfter);
        builder.HasIndex(t => t.ResourceId);
    }
}

internal static class TrashModel
{
    /// <summary>
    /// Every <see cref="ITrashable"/> record gets the named query filter that hides it while it is in the trash, and an index
    /// on the trash item it went with (restore and purge find what went together by it).
    /// </summary>
    public static void ApplyTrashFilters(this ModelBuilder modelBuilder)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(t => typeof(ITrashable).IsAssignableFrom(t.ClrType)).ToList())
        {
            var parameter = System.Linq.Expressions.Expression.Parameter(entityType.ClrType, "e");
            var deletedAt = System.Linq.Expressions.Expression.Property(parameter, nameof(ITrashable.DeletedAt));
            var filter = System.Linq.Expressions.Expression.Lambda(
                System.Linq.Expressions.Expression.Equal(deletedAt, System.Linq.Expressions.Expression.Constant(null, typeof(DateTime?))), parameter);
            var builder = modelBuilder.Entity(entityType.ClrType);
            builder.HasQueryFilter(TrashFilter.Name, filter);
            builder.HasIndex(nameof(ITrashable.TrashItemId));
        }
    }
}
