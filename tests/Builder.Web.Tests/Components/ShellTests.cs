using Bunit;
using Builder.Data.Seed;
using Builder.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Components;

public sealed class ShellTests : ConsoleTestContext
{
    private async Task<IRenderedComponent<MainLayout>> RenderShellAsync(string email, string organization = DevelopmentSeed.AcmeName)
    {
        await SignInAsync(email);
        var org = await OrganizationIdAsync(organization);
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo($"/orgs/{org}/environments");
        var shell = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
        shell.WaitForAssertion(() => Assert.Contains("Environments", shell.Find("nav.mud-navmenu, .mud-navmenu").TextContent));
        return shell;
    }

    [Fact]
    public async Task Organization_switcher_lists_the_organizations_of_the_actor_only()
    {
        var shell = await RenderShellAsync("admin@acme.test");

        shell.Find("button[aria-label^='Organization:']").Click();

        var items = shell.WaitForElements(".mud-menu-item");
        var names = items.Select(i => i.TextContent).ToList();
        Assert.Contains(names, n => n.Contains(DevelopmentSeed.AcmeName));
        Assert.DoesNotContain(names, n => n.Contains(DevelopmentSeed.GlobexName));
    }

    [Fact]
    public async Task Without_a_chosen_environment_the_switcher_asks_for_one_rather_than_reading_like_a_name()
    {
        var shell = await RenderShellAsync("admin@acme.test");

        var environment = shell.WaitForElement("button[aria-label^='Environment:']");
        Assert.Equal("Environment: none chosen", environment.GetAttribute("aria-label"));
        Assert.Contains("Choose an environment", environment.TextContent);
    }

    [Fact]
    public async Task System_sees_every_organization_in_the_switcher()
    {
        var shell = await RenderShellAsync("system@builder.local");

        shell.Find("button[aria-label^='Organization:']").Click();

        shell.WaitForAssertion(() =>
        {
            var names = shell.FindAll(".mud-menu-item").Select(i => i.TextContent).ToList();
            Assert.Contains(names, n => n.Contains(DevelopmentSeed.AcmeName));
            Assert.Contains(names, n => n.Contains(DevelopmentSeed.GlobexName));
        });
    }

    [Fact]
    public async Task User_menu_shows_the_email_and_signs_out_with_a_post()
    {
        var shell = await RenderShellAsync("admin@acme.test");

        var account = shell.Find("button[aria-label='Account']");
        Assert.Contains("admin@acme.test", account.TextContent);
        account.Click();

        shell.WaitForAssertion(() =>
        {
            var form = shell.Find("form[action='/account/sign-out']");
            Assert.Equal("post", form.GetAttribute("method"));
            Assert.Contains("Sign out", form.QuerySelector("button[type='submit']")!.TextContent);
        });
    }

    [Fact]
    public async Task User_menu_links_to_the_API_docs_in_a_new_tab()
    {
        var shell = await RenderShellAsync("builder@acme.test");

        shell.Find("button[aria-label='Account']").Click();

        shell.WaitForAssertion(() =>
        {
            var link = shell.Find("a[href='/api-docs']");
            Assert.Contains("API docs", link.TextContent);
            Assert.Equal("_blank", link.GetAttribute("target"));
        });
    }

    [Fact]
    public async Task Admin_navigation_includes_admin_only_pages()
    {
        var shell = await RenderShellAsync("admin@acme.test");

        var nav = shell.Find(".mud-navmenu").TextContent;
        Assert.Contains("Members & roles", nav);
        Assert.Contains("Audit log", nav);
        Assert.Contains("API keys", nav);
    }

    [Fact]
    public async Task Guest_navigation_hides_what_the_role_cannot_use()
    {
        var shell = await RenderShellAsync("guest@acme.test");

        var nav = shell.Find(".mud-navmenu").TextContent;
        Assert.Contains("Environments", nav);
        Assert.Contains("Variables", nav);
        Assert.DoesNotContain("Audit log", nav);
        Assert.DoesNotContain("API keys", nav);
    }

    [Fact]
    public async Task Every_member_finds_the_organizations_models_but_not_system_models()
    {
        var nav = (await RenderShellAsync("guest@acme.test")).Find(".mud-navmenu");
        Assert.Contains(nav.QuerySelectorAll("a"), a => a.TextContent.Trim() == "Models" && a.GetAttribute("href")!.EndsWith("/models"));
        Assert.DoesNotContain("System models", nav.TextContent);
    }

    [Fact]
    public async Task System_finds_system_models()
    {
        var nav = (await RenderShellAsync("system@builder.local")).Find(".mud-navmenu");
        Assert.Contains(nav.QuerySelectorAll("a"), a => a.TextContent.Trim() == "System models" && a.GetAttribute("href") == "/system/models");
    }
}
