using Builder.Web.Components.Layout;
using Builder.Web.Components.Shared;
using Builder.Web.Features.Audit;
using MudBlazor;

namespace Builder.Web.Tests.Components;

/// <summary>The small rules the console relies on: scope from the URL, audit date ranges.</summary>
public sealed class ConsoleHelperTests
{
    private static readonly Guid Org = Guid.Parse("8a86273a-6a70-4622-b64d-3a82c2c0029b");
    private static readonly Guid Env = Guid.Parse("9e38244d-ad4c-49de-95d3-80bd4ea1bddd");
    private static readonly Guid Other = Guid.Parse("11111111-2222-3333-4444-555555555555");

    [Fact]
    public void Scope_comes_from_the_url_so_a_reload_keeps_it()
    {
        var scope = ConsoleScope.Parse($"orgs/{Org}/envs/{Env}/variables?page=2");

        Assert.Equal(Org, scope.OrgId);
        Assert.Equal(Env, scope.EnvId);
        Assert.Equal("/variables", scope.Section);
        Assert.Equal(ConsoleScope.None, ConsoleScope.Parse("orgs"));
    }

    [Fact]
    public void Switching_organization_keeps_the_page_but_leaves_environment_pages()
    {
        Assert.Equal($"/orgs/{Other}/members", ConsoleScope.Parse($"orgs/{Org}/members").InOrganization(Other));
        Assert.Equal($"/orgs/{Other}/environments", ConsoleScope.Parse($"orgs/{Org}/envs/{Env}/variables").InOrganization(Other));
        Assert.Equal($"/orgs/{Org}/envs/{Other}/variables", ConsoleScope.Parse($"orgs/{Org}/envs/{Env}/variables").InEnvironment(Other));
    }

    [Fact]
    public void The_theme_stylesheet_is_made_once_per_palette_and_shared()
    {
        var light = ThemeCss.Of(dark: false);
        var dark = ThemeCss.Of(dark: true);

        Assert.Contains("--mud-palette-primary: rgba(79,70,229,1);", light); // #4f46e5
        Assert.Contains("--mud-palette-primary: rgba(139,147,255,1);", dark); // #8b93ff
        Assert.Contains("--mud-native-html-color-scheme: dark", dark);
        Assert.Same(light, ThemeCss.Of(dark: false)); // every circuit's render tree points at the same string
    }

    [Fact]
    public void An_audit_date_range_covers_both_whole_days_in_utc()
    {
        var filter = new AuditFilterValues("variable", " admin ", new DateRange(new DateTime(2026, 11, 1), new DateTime(2026, 11, 2))).ToFilter();

        Assert.Equal("variable", filter.ResourceType);
        Assert.Equal("admin", filter.Actor);
        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), filter.From);
        Assert.Equal(new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc).AddTicks(-1), filter.To);
    }
}
