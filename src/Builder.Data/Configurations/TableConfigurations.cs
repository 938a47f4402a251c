using Builder.Domain.Organizations;
using Builder.Domain.Tables;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class AutessaTableConfiguration : IEntityTypeConfiguration<AutessaTable>
{
    public void Configure(EntityTypeBuilder<AutessaTable> builder)
    {
        builder.ToTable("AutessaTables");
        builder.ConfigureTracked();
        builder.ConfigureOwned();
        builder.Property(t => t.Name).HasMaxLength(AutessaTable.NameMax).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(AutessaTable.DescriptionMax);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(t => t.PhysicalName);
        // The public integer id: allocated max+1, the unique index makes a concurrent allocation fail and retry.
        builder.HasIndex(t => t.Number).IsUnique();
        builder.HasIndex(t => new { t.OrganizationId, t.Name }).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TableColumnConfiguration : IEntityTypeConfiguration<TableColumn>
{
    public void Configure(EntityTypeBuilder<TableColumn> builder)
    {
        builder.ToTable("AutessaTableColumns");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(AutessaTable.NameMax).IsRequired();
        builder.Property(c => c.Type).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Options).IsRequired();
        builder.Ignore(c => c.PhysicalName);
        builder.Ignore(c => c.Shape);
        builder.HasIndex(c => new { c.TableId, c.Name }).IsUnique();
        builder.HasIndex(c => new { c.TableId, c.Key }).IsUnique();
        builder.HasIndex(c => c.LinkTableId);
        // Columns go with their table (removed when the purge removes the table). A link is not a foreign key: a linked
        // table can be trashed and restored independently.
        builder.HasOne<AutessaTable>().WithMany().HasForeignKey(c => c.TableId).OnDelete(DeleteBehavior.Cascade);
    }
}
