namespace Builder.Web.Features.Prompts;

/// <summary>The prompts page's address, scoped to an organization like the rest of the console.</summary>
public static class PromptLinks
{
    public static string List(Guid org) => $"/orgs/{org}/prompts";
}
