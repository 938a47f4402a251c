namespace Builder.Web.Features.Tables;

/// <summary>The AutessaDB tables pages' addresses, scoped to an organization like the rest of the console.</summary>
public static class TableLinks
{
    public static string List(Guid org) => $"/orgs/{org}/tables";

    /// <summary>A table's schema designer.</summary>
    public static string Designer(Guid org, Guid table) => $"/orgs/{org}/tables/{table}";
}
