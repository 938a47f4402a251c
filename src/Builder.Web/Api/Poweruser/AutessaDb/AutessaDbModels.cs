using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;

namespace Builder.Web.Api.Poweruser.AutessaDb;

// ------------------------------------------------------------------ tables: bodies

/// <summary><c>{ "tableId": 789 }</c>.</summary>
public sealed record TableIdRequest([property: PoweruserId] long? TableId);

/// <summary>
/// A column as the API defines it: <c>{ name, type, required?, unique?, indexed?, searchable?, options?, default?, link? }</c>,
/// <c>type</c> a wire name (<c>text</c>, <c>long_text</c>, <c>integer</c>, <c>decimal</c>, <c>boolean</c>, <c>date</c>,
/// <c>datetime</c>, <c>single_select</c>, <c>multi_select</c>, <c>json</c>, <c>file</c>, <c>link</c>); <c>link</c> is the
/// <c>tableId</c> a link column points to (a table of the same organization the caller can read).
/// </summary>
public sealed record ColumnBody(string? Name, string? Type, bool? Required = null, bool? Unique = null, bool? Indexed = null,
    bool? Searchable = null, IReadOnlyList<string>? Options = null, JsonNode? Default = null, [property: PoweruserId] long? Link = null);

/// <summary><c>{ "tableName": "customers", "description"?: "…", "columns": [ColumnBody…] }</c>.</summary>
public sealed record CreateTableRequest(string? TableName, string? Description = null, IReadOnlyList<ColumnBody>? Columns = null);

/// <summary><c>{ "tableName": "docs_kb", "description"?: "…" }</c>.</summary>
public sealed record CreateKnowledgeBaseRequest(string? TableName, string? Description = null);

/// <summary><c>{ "tableId": 789, "count"?: 1..20, "maxBytes"?: n }</c>: one upload link per document to send.</summary>
public sealed record KnowledgeBaseUploadLinksRequest([property: PoweruserId] long? TableId, int? Count = null, long? MaxBytes = null);

/// <summary>
/// One schema operation of <c>update-schema</c>; <c>op</c> says which fields apply:
/// <list type="bullet">
/// <item><c>add_column</c>: <c>column</c> is a <see cref="ColumnBody"/> object.</item>
/// <item><c>rename_column</c>: <c>column</c> (current name), <c>name</c> (new name).</item>
/// <item><c>reorder_columns</c>: <c>order</c>, every column's name in the new order.</item>
/// <item><c>update_column</c>: <c>column</c> and any of <c>required</c>, <c>unique</c>, <c>indexed</c>, <c>searchable</c>,
/// <c>options</c>, <c>default</c>, <c>clearDefault</c>; for a select, <c>renameOptions</c> (<c>{ "old": "new" }</c>: the cells
/// holding an old name, and the default, follow) and <c>emptyRemovedOptions: true</c>, which confirms that cells holding a
/// removed option lose it (without it, removing an option rows use is refused, saying how many rows).</item>
/// <item><c>change_type</c>: <c>column</c>, <c>type</c>, and <c>options</c> (selects) or <c>link</c> (a tableId); values that
/// do not convert are refused unless <c>emptyUnconvertible: true</c>, which empties them.</item>
/// <item><c>preview_type_change</c>: as <c>change_type</c>, changes nothing, answers the preview.</item>
/// <item><c>drop_column</c>: human-only (403).</item>
/// </list>
/// </summary>
public sealed record SchemaOperation(string? Op, JsonNode? Column = null, string? Name = null, IReadOnlyList<string>? Order = null,
    bool? Required = null, bool? Unique = null, bool? Indexed = null, bool? Searchable = null, IReadOnlyList<string>? Options = null,
    JsonNode? Default = null, bool? ClearDefault = null, string? Type = null, [property: PoweruserId] long? Link = null,
    bool? EmptyUnconvertible = null, IReadOnlyDictionary<string, string>? RenameOptions = null, bool? EmptyRemovedOptions = null);

/// <summary><c>{ "tableId": 789, "operations": [SchemaOperation…] }</c>.</summary>
public sealed record UpdateSchemaRequest([property: PoweruserId] long? TableId, IReadOnlyList<SchemaOperation>? Operations = null);

// ------------------------------------------------------------------ tables: answers

/// <summary>A column as the API shows it; <c>link</c> is the linked table's tableId (null when the caller cannot see it).</summary>
public sealed record ColumnDto(string Name, string Type, int Position, bool Required, bool Unique, bool Indexed, bool Searchable,
    IReadOnlyList<string> Options, JsonNode? Default, int? Link);

/// <summary>A table as the API shows it: its integer <c>tableId</c>, name, kind (<c>table</c> | <c>knowledge_base</c>) and columns.</summary>
public sealed record TableDto(int TableId, string TableName, string? Description, string Kind, IReadOnlyList<ColumnDto> Columns,
    IReadOnlyList<string> SystemColumns, DateTime CreatedAt, DateTime UpdatedAt, string? Owner, string? SharingLevel, string? UserAccessLevel);

public sealed record AllTablesResponse(IReadOnlyList<TableDto> OwnedTables, IReadOnlyList<TableDto> CompanySharedTables,
    IReadOnlyList<TableDto> SharedWithMeTables) : PoweruserResult;

public sealed record TableResponse(TableDto Table) : PoweruserResult;

public sealed record TableOptionsResponse(TableOptionsView Options) : PoweruserResult;

/// <summary>A creation: the new <c>tableId</c> at the top level and the table.</summary>
public sealed record CreateTableResponse(int TableId, TableDto Table) : PoweruserResult;

/// <summary>One upload link (see the README's files section): PUT the file to <c>url</c> with <c>headers</c>.</summary>
public sealed record UploadLinkDto(string Url, string Method, IReadOnlyDictionary<string, string> Headers, string? CompleteUrl,
    DateTimeOffset ExpiresAt, long MaxBytes, IReadOnlyList<string> ContentTypes);

public sealed record UploadLinksResponse(int TableId, IReadOnlyList<UploadLinkDto> Links, string Next) : PoweruserResult;

public sealed record UploadLinkResponse(int TableId, string? Column, UploadLinkDto Link) : PoweruserResult;

/// <summary>What each operation did, in order (<c>applied</c>), the table after them, and any type-change previews asked for.</summary>
public sealed record UpdateSchemaResponse(int TableId, IReadOnlyList<string> Applied, IReadOnlyList<TypeChangePreview> Previews, TableDto Table)
    : PoweruserResult;

// ------------------------------------------------------------------ rows: bodies

public sealed record InsertRequest([property: PoweruserId] long? TableId, JsonObject? Data = null);

public sealed record UpdateRowRequest([property: PoweruserId] long? TableId, [property: PoweruserId] long? RowId, JsonObject? Data = null);

public sealed record RowUpdateBody([property: PoweruserId] long? RowId, JsonObject? Data = null);

public sealed record BatchUpdateRequest([property: PoweruserId] long? TableId, IReadOnlyList<RowUpdateBody>? Rows = null);

public sealed record RowIdRequest([property: PoweruserId] long? TableId, [property: PoweruserId] long? RowId);

public sealed record BatchDeleteRequest([property: PoweruserId] long? TableId, [property: PoweruserId] List<long>? RowIds = null);

/// <summary>get-data, query and join-query: the filter, sort, paging (and joins) as <see cref="RowQuery.FromJson"/> reads them.</summary>
public sealed record QueryRequest([property: PoweruserId] long? TableId, JsonNode? Filters = null, JsonNode? FilterOperator = null,
    JsonNode? Sort = null, JsonNode? Order = null, JsonNode? Page = null, JsonNode? Limit = null, JsonNode? Joins = null, JsonNode? Join = null)
{
    public JsonObject ToJson(bool withFilters = true, bool withJoins = false)
    {
        var body = new JsonObject();
        void Put(string name, JsonNode? value)
        {
            if (value is not null) body[name] = value.DeepClone();
        }
        if (withFilters)
        {
            Put("filters", Filters);
            Put("filterOperator", FilterOperator);
        }
        Put("sort", Sort);
        Put("order", Order);
        Put("page", Page);
        Put("limit", Limit);
        if (withJoins)
        {
            Put("joins", Joins);
            Put("join", Join);
        }
        return body;
    }
}

/// <summary><c>{ "tableId": 789, "query": "…", "limit"?: 1..100, "minScore"?: -1..1 }</c>.</summary>
public sealed record SearchRequest([property: PoweruserId] long? TableId, string? Query = null, int? Limit = null, float? MinScore = null);

/// <summary><c>{ "tableId": 789, "column"?: "attachment", "contentTypes"?: ["application/pdf"], "maxBytes"?: n }</c>.</summary>
public sealed record GenerateUploadLinkRequest([property: PoweruserId] long? TableId, string? Column = null, IReadOnlyList<string>? ContentTypes = null,
    long? MaxBytes = null);

// ------------------------------------------------------------------ rows: answers

/// <summary>A row as it reads back: <c>{ rowId, data, createdAt, updatedAt }</c>.</summary>
public sealed record RowDto(long RowId, JsonObject Data, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static RowDto Of(RowView row) => new(row.RowId, row.Data, row.CreatedAt, row.UpdatedAt);
}

public sealed record InsertResponse(long RowId, RowDto Row) : PoweruserResult;

public sealed record RowResponse(RowDto Row) : PoweruserResult;

public sealed record RowsResponse(IReadOnlyList<long> RowIds, IReadOnlyList<RowDto> Rows) : PoweruserResult;

public sealed record DeleteRowResponse(long RowId, bool Deleted) : PoweruserResult;

public sealed record BatchDeleteResponse(IReadOnlyList<long> RowIds, int Count) : PoweruserResult;

public sealed record RowPageResponse(IReadOnlyList<RowDto> Rows, long Total, int Page, int Limit) : PoweruserResult;

/// <summary>One match: the row, its cosine similarity, its data and the text that matched (a chunk for a knowledge base).</summary>
public sealed record SearchResultDto(long RowId, float Score, JsonObject Data, string Text, string? Column, string? HeadingPath, int? Page);

public sealed record SearchResponse(IReadOnlyList<SearchResultDto> Results, int Searched, int Stale) : PoweruserResult;

/// <summary>index-record: the indexing job queued for the row (its progress: <c>queued</c>, <c>processed</c>, <c>failed</c>).</summary>
public sealed record IndexRecordResponse(long RowId, Guid JobId, string State, int Texts) : PoweruserResult;

internal static class AutessaDbIds
{
    /// <summary>A required tableId as the domain's int: larger than any table number is simply not found.</summary>
    public static int Table(long? tableId, string field = "tableId")
    {
        var id = ApiResults.Required(tableId, field);
        return id > int.MaxValue ? throw new NotFoundException(TableService.NotFound) : (int)id;
    }
}
