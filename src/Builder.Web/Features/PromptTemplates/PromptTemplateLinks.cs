namespace Builder.Web.Features.PromptTemplates;

/// <summary>The prompt templates' addresses, scoped to an organization like the rest of the console.</summary>
public static class PromptTemplateLinks
{
    public static string List(Guid org) => $"/orgs/{org}/prompt-templates";

    /// <summary>The editor's address.</summary>
    public static string Edit(Guid org, Guid template) => $"/orgs/{org}/prompt-templates/{template}";
}
