using Builder.Domain.Mcp;
using Builder.Domain.Organizations;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class McpServerConfiguration : IEntityTypeConfiguration<McpServer>
{
    public void Configure(EntityTypeBuilder<McpServer> builder)
    {
        builder.ToTable("McpServers");
        builder.ConfigureTracked();
        builder.Property(s => s.Name).HasMaxLength(McpServer.NameMax).IsRequired();
        builder.Property(s => s.Description).HasMaxLength(McpServer.DescriptionMax);
        builder.Property(s => s.Url).HasMaxLength(McpServer.UrlMax).IsRequired();
        builder.Property(s => s.Transport).HasConversion<string>().HasMaxLength(32);
        // Names and encrypted values of at most 20 headers.
        builder.Property(s => s.ProtectedHeaders).IsRequired();
        builder.HasIndex(s => s.Number).IsUnique();
        builder.HasIndex(s => new { s.OrganizationId, s.Name }).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
