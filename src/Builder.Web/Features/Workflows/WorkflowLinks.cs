namespace Builder.Web.Features.Workflows;

/// <summary>Addresses of the workflow pages (URL-scoped like every console page).</summary>
public static class WorkflowLinks
{
    public static string List(Guid org, Guid env) => $"/orgs/{org}/envs/{env}/workflows";
    public static string Editor(Guid org, Guid env, Guid workflow) => $"/orgs/{org}/envs/{env}/workflows/{workflow}";
}
