namespace Builder.Web.Features.Trash;

public static class TrashLinks
{
    public static string List(Guid org) => $"/orgs/{org}/trash";

    /// <summary>The platform's trash: organizations, entity types and system models (System administrators).</summary>
    public const string Platform = "/system/trash";
}
