using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal static class TrackedEntityConfiguration
{
    /// <summary>Common columns of every editable record; <c>Version</c> is the optimistic concurrency token.</summary>
    public static void ConfigureTracked<T>(this EntityTypeBuilder<T> builder) where T : TrackedEntity
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Property(e => e.UpdatedBy).HasMaxLength(256);
    }
}
