namespace Builder.Domain.Knowledge;

/// <summary>
/// One embedded piece of text of an AutessaDB table: a chunk of a document (a knowledge base's row) or the text of a
/// searchable column of a row. <see cref="Vector"/> is the L2-normalised embedding as float32 little-endian bytes
/// (<see cref="VectorMath"/>), made by <see cref="Model"/>; a search only compares vectors of the model in use.
/// A row's entries are replaced together when the row is indexed again, and go with the row or the table.
/// </summary>
public sealed class TableEmbedding
{
    public const int TextMax = 20_000;
    public const int HeadingPathMax = 1_000;
    public const int ModelMax = 200;

    public long Id { get; set; }

    /// <summary>The AutessaDB table (no foreign key here: the tables are another part's; the merge may add it).</summary>
    public Guid TableId { get; set; }

    /// <summary>The row the text belongs to.</summary>
    public long RowId { get; set; }

    /// <summary>The column the text comes from (a searchable text column, or a knowledge base's file column); null for a row-level text.</summary>
    public int? ColumnKey { get; set; }

    /// <summary>The chunk's position within its row and column, 0-based.</summary>
    public int ChunkIndex { get; set; }

    /// <summary>The text that matched, as shown in search results.</summary>
    public string Text { get; set; } = "";

    /// <summary>The headings the chunk sits under, "Guide › Install" (documents only).</summary>
    public string? HeadingPath { get; set; }

    /// <summary>The PDF page the chunk starts on.</summary>
    public int? Page { get; set; }

    /// <summary>Which embedding model made the vector (<see cref="EmbeddingModels.KeyOf"/>).</summary>
    public string Model { get; set; } = "";

    public int Dimensions { get; set; }

    public byte[] Vector { get; set; } = [];

    public DateTime CreatedAt { get; set; }
}
