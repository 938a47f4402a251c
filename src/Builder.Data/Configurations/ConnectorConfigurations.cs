using System.Text.Json;
using Builder.Domain.Connectors;
using Builder.Domain.Organizations;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Builder.Data.Configurations;

internal sealed class ConnectorConfiguration : IEntityTypeConfiguration<Connector>
{
    public void Configure(EntityTypeBuilder<Connector> builder)
    {
        builder.ToTable("Connectors");
        builder.ConfigureTracked();
        builder.ConfigureOwned();
        builder.Property(c => c.Name).HasMaxLength(Connector.NameMax).IsRequired();
        builder.Property(c => c.Type).HasMaxLength(Connector.TypeMax).IsRequired();
        // Both maps are JSON objects in one text column each; the credentials' values are protected (encrypted) strings.
        builder.Property(c => c.Fields).HasConversion(JsonMap.Converter, JsonMap.Comparer).IsRequired();
        builder.Property(c => c.ProtectedCredentials).HasConversion(JsonMap.Converter, JsonMap.Comparer).IsRequired();
        builder.Ignore(c => c.Definition);
        // The public integer id: allocated max+1, the unique index makes a concurrent allocation fail and retry.
        builder.HasIndex(c => c.Number).IsUnique();
        builder.HasIndex(c => new { c.OrganizationId, c.Type });
        builder.HasIndex(c => new { c.OrganizationId, c.Name }).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A string-to-string map stored as a JSON object.</summary>
internal static class JsonMap
{
    public static readonly ValueConverter<Dictionary<string, string>, string> Converter = new(
        map => JsonSerializer.Serialize(map, (JsonSerializerOptions?)null),
        text => JsonSerializer.Deserialize<Dictionary<string, string>>(text, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>());

    public static readonly ValueComparer<Dictionary<string, string>> Comparer = new(
        (a, b) => a != null && b != null && a.Count == b.Count && !a.Except(b).Any(),
        map => map.Aggregate(0, (hash, pair) => hash ^ HashCode.Combine(pair.Key, pair.Value)),
        map => new Dictionary<string, string>(map));
}
