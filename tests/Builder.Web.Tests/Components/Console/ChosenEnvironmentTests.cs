using Bunit;
using Builder.Data.Seed;
using Builder.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Components.Console;

/// <summary>
/// The chosen environment stays chosen: Variables in Production → Members → Variables returns to Production (not the first
/// environment by name), within a session and, through localStorage per organization, in a new one.
/// </summary>
public sealed class ChosenEnvironmentTests : ConsoleTestContext
{
    private Guid _org, _development, _production;

    private async Task<IRenderedComponent<MainLayout>> RenderShellAtAsync(Func<string> path)
    {
        await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        _development = await EnvironmentIdAsync(_org, "Development");
        _production = await EnvironmentIdAsync(_org, "Production");
        Navigation.NavigateTo(path());
        var shell = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
        shell.WaitForAssertion(() => Assert.Contains("Variables", shell.Find(".mud-navmenu").TextContent));
        return shell;
    }

    private NavigationManager Navigation => Context.Services.GetRequiredService<NavigationManager>();

    private static string VariablesLink(IRenderedComponent<MainLayout> shell) =>
        shell.FindAll(".mud-navmenu a").Single(a => a.TextContent.Trim() == "Variables").GetAttribute("href")!;

    [Fact]
    public async Task Leaving_an_environment_page_keeps_its_environment_for_the_navigation()
    {
        var shell = await RenderShellAtAsync(() => $"/orgs/{_org}/envs/{_production}/variables");

        Navigation.NavigateTo($"/orgs/{_org}/members");

        shell.WaitForAssertion(() => Assert.Contains(_production.ToString(), VariablesLink(shell)));
        Assert.Contains("Production", shell.Find("button[aria-label^='Environment:']").GetAttribute("aria-label"));
        Assert.Contains(Context.JSInterop.Invocations, i => i.Identifier == "localStorage.setItem"
            && Equals(i.Arguments[0], ChosenEnvironments.Key(_org)) && Equals(i.Arguments[1], _production.ToString()));
    }

    [Fact]
    public async Task A_new_session_recalls_the_environment_chosen_in_that_organization()
    {
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var production = await EnvironmentIdAsync(org, "Production");
        Context.JSInterop.Setup<string?>("localStorage.getItem", ChosenEnvironments.Key(org)).SetResult(production.ToString());

        var shell = await RenderShellAtAsync(() => $"/orgs/{_org}/members");

        shell.WaitForAssertion(() => Assert.Contains(_production.ToString(), VariablesLink(shell)));
        Assert.DoesNotContain(_development.ToString(), VariablesLink(shell));
    }

    [Fact]
    public async Task Without_a_choice_the_first_environment_is_used()
    {
        var shell = await RenderShellAtAsync(() => $"/orgs/{_org}/members");

        shell.WaitForAssertion(() => Assert.Contains(_development.ToString(), VariablesLink(shell)));
    }
}
