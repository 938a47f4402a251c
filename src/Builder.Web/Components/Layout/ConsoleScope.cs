using System.Text.RegularExpressions;
using Builder.Web.Components.Shared;

namespace Builder.Web.Components.Layout;

/// <summary>
/// The organization and environment a page is about, read from its URL (<c>/orgs/{org}/envs/{env}/…</c>).
/// Keeping the scope in the URL is what lets it survive a reload and travel in a link.
/// </summary>
public sealed partial record ConsoleScope(Guid? OrgId, Guid? EnvId, string Section)
{
    public static ConsoleScope None { get; } = new(null, null, "");

    /// <summary>The environment last chosen in this organization, for pages whose URL names none (Members, Audit…).</summary>
    public Guid? ChosenEnvId { get; init; }

    /// <summary>The environment the person is working in: the URL's, else the one they last chose in this organization.</summary>
    public Guid? CurrentEnvId => EnvId ?? ChosenEnvId;

    [GeneratedRegex(@"^orgs/(?<org>[0-9a-fA-F-]{36})(?:/envs/(?<env>[0-9a-fA-F-]{36}))?(?<rest>/[^?#]*)?", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Pattern();

    /// <summary>Parses a base-relative path such as <c>orgs/…/members?x=1</c>.</summary>
    public static ConsoleScope Parse(string relativePath)
    {
        var match = Pattern().Match(relativePath);
        if (!match.Success || !Guid.TryParse(match.Groups["org"].Value, out var org)) return None;
        Guid? env = Guid.TryParse(match.Groups["env"].Value, out var parsed) ? parsed : null;
        return new ConsoleScope(org, env, match.Groups["rest"].Value.TrimEnd('/'));
    }

    /// <summary>The same page in another organization; environment pages fall back to the environment list.</summary>
    public string InOrganization(Guid org) =>
        EnvId is not null || Section.Length == 0 ? Links.Environments(org) : $"/orgs/{org}{Section}";

    /// <summary>Variables of another environment of the current organization.</summary>
    public string InEnvironment(Guid env) => Links.Variables(OrgId ?? throw new InvalidOperationException("No organization in scope."), env);
}
