namespace Builder.Web.Features.Trash;

public static class TrashLinks
{
    public static string List(Guid org) => $"/orgs/{org}/trash";
}
