using System.Text.Json.Nodes;

namespace Builder.Domain.Tables.Knowledge;

/// <summary>
/// The columns of a knowledge base (an <see cref="AutessaTable"/> of kind <see cref="TableKind.KnowledgeBase"/>): one row per
/// chunk of an uploaded document. <c>document</c> (file: the uploaded file, the same cell on every chunk of it), <c>title</c>
/// (text: the document's first heading, or its file name), <c>chunk</c> (long text, searchable: the passage),
/// <c>chunk_index</c> (integer, indexed: the chunk's place in its document, 0 first), <c>heading_path</c> (text: the headings
/// the chunk sits under, "Guide › Install") and <c>page</c> (integer: the PDF page it starts on). Names follow the table
/// identifier rule (lower case and underscores), so they are <c>chunk_index</c> and <c>heading_path</c>.
/// </summary>
public static class KnowledgeColumns
{
    public const string Document = "document", Title = "title", Chunk = "chunk", ChunkIndex = "chunk_index", HeadingPath = "heading_path", Page = "page";

    public static IReadOnlyList<ColumnInput> All { get; } =
    [
        new(Document, "file", Required: true),
        new(Title, "text"),
        new(Chunk, "long_text", Required: true, Searchable: true),
        new(ChunkIndex, "integer", Required: true, Indexed: true),
        new(HeadingPath, "text"),
        new(Page, "integer"),
    ];
}

/// <summary>A file to upload into a knowledge base from the console: its name as uploaded, content type, and a way to read it once.</summary>
public sealed record DocumentUpload(string FileName, string? ContentType, Func<CancellationToken, Task<Stream>> OpenAsync);

/// <summary>A document of a knowledge base: its file cell, title and how many chunks it has.</summary>
public sealed record KnowledgeDocument(string Key, string Name, long Size, string ContentType, string? Title, long FirstRowId, DateTime UploadedAt);

/// <summary>
/// One search result: the row, its cosine similarity to the query (−1…1, higher is closer), the row itself (as get-single-row
/// answers its data), the text that matched, and where it sits (heading path, PDF page, column).
/// </summary>
public sealed record SearchHit(long RowId, double Score, JsonObject Data, string Text, string? HeadingPath, int? Page, string? Column);

/// <summary>The results best first; <see cref="Searched"/> is how many texts were compared.</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Results, int Searched);

/// <summary>
/// A knowledge base the caller was allowed to search (made only by <see cref="KnowledgeBaseService.OpenForSearchAsync"/>, after
/// its access check): its public id and name, for naming the sources of what is found.
/// </summary>
public sealed class SearchableKnowledgeBase
{
    internal SearchableKnowledgeBase(TableSchema schema) => Schema = schema;

    internal TableSchema Schema { get; }

    public int TableId => Schema.Table.Number;

    public string Name => Schema.Table.Name;
}
