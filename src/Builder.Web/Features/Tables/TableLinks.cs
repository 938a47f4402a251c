namespace Builder.Web.Features.Tables;

/// <summary>The AutessaDB tables pages' addresses, scoped to an organization like the rest of the console.</summary>
public static class TableLinks
{
    public static string List(Guid org) => $"/orgs/{org}/tables";

    /// <summary>A table's data page, by its public integer id (<c>tableId</c>).</summary>
    public static string Data(Guid org, int tableId) => $"/orgs/{org}/tables/{tableId}";

    /// <summary>A table's schema designer, by its public integer id (<c>tableId</c>).</summary>
    public static string Designer(Guid org, int tableId) => $"/orgs/{org}/tables/{tableId}/design";

    /// <summary>A table's search page (documents and semantic search for a knowledge base; searchable columns otherwise).</summary>
    public static string Search(Guid org, int tableId) => Knowledge.KnowledgeLinks.Page(org, tableId);

    /// <summary>A table's CSV import page.</summary>
    public static string Import(Guid org, int tableId) => global::Builder.Web.Features.Tables.Import.TableImportLinks.Import(org, tableId);

    /// <summary>True when the table has something to search by meaning: a knowledge base, or a searchable column.</summary>
    public static bool HasSearch(Builder.Domain.Tables.TableView table) => table.Kind == "knowledge_base" || table.Columns.Any(c => c.Searchable);

    /// <summary>A table's schema designer by its Guid (audit entries know only that); the page finds the table either way.</summary>
    public static string Designer(Guid org, Guid table) => $"/orgs/{org}/tables/by-id/{table}/design";
}
