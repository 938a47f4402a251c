namespace Builder.Web.Features.Tables.Import;

/// <summary>The import page's address, and the data (grid) page it returns to.</summary>
public static class TableImportLinks
{
    public static string Import(Guid org, int tableNumber) => $"/orgs/{org}/tables/{tableNumber}/import";

    /// <summary>The table's data page (the grid engineer's page).</summary>
    public static string Data(Guid org, int tableNumber) => $"/orgs/{org}/tables/{tableNumber}";

    public static string Export(Guid org, int tableNumber) => $"/api/tables/{tableNumber}/export.csv?organizationId={org}";
}
