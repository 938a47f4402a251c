using Builder.Domain.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class TableEmbeddingConfiguration : IEntityTypeConfiguration<TableEmbedding>
{
    public void Configure(EntityTypeBuilder<TableEmbedding> builder)
    {
        builder.ToTable("TableEmbeddings");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Text).HasMaxLength(TableEmbedding.TextMax).IsRequired();
        builder.Property(e => e.HeadingPath).HasMaxLength(TableEmbedding.HeadingPathMax);
        builder.Property(e => e.Model).HasMaxLength(TableEmbedding.ModelMax).IsRequired();
        // 384 float32 = 1,536 bytes for the local model; a model endpoint may have more dimensions.
        builder.Property(e => e.Vector).IsRequired();
        // A search loads a table's vectors; indexing a row replaces its entries.
        builder.HasIndex(e => new { e.TableId, e.RowId, e.ColumnKey, e.ChunkIndex });
    }
}
