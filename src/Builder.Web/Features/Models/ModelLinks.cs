namespace Builder.Web.Features.Models;

/// <summary>The models pages' addresses: an organization's models, and the platform's system models (System only).</summary>
public static class ModelLinks
{
    public static string List(Guid org) => $"/orgs/{org}/models";
    public const string System = "/system/models";
}
