using Bunit;
using Builder.Data.Seed;
using Builder.Web.Features.ApiKeys;
using Builder.Web.Features.Environments;
using Builder.Web.Features.Members;

namespace Builder.Web.Tests.Components;

/// <summary>Behaviour of the other console pages a person would notice: not-found scope, the last-admin rule, the one-time API key.</summary>
public sealed class PageTests : ConsoleTestContext
{
    [Fact]
    public async Task An_organization_the_actor_does_not_belong_to_shows_not_found()
    {
        await SignInAsync("admin@acme.test");
        var globex = await OrganizationIdAsync(DevelopmentSeed.GlobexName);

        var page = RenderWithProviders<EnvironmentsPage>(new() { ["OrgId"] = globex });

        page.WaitForAssertion(() => Assert.Contains("Not found", page.Markup));
        Assert.DoesNotContain("New environment", page.Markup);
    }

    [Fact]
    public async Task Demoting_the_last_admin_shows_the_domain_message()
    {
        await SignInAsync("admin@globex.test");
        var globex = await OrganizationIdAsync(DevelopmentSeed.GlobexName);
        var page = RenderWithProviders<MembersPage>(new() { ["OrgId"] = globex });
        page.WaitForAssertion(() => Assert.Contains("admin@globex.test", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Remove admin@globex.test']").Click();

        page.WaitForAssertion(() => Assert.Contains("is the last admin of this organization", page.Find(".mud-dialog .request-refusal").TextContent));
        Assert.Empty(page.FindAll(".request-justification"));
        Assert.Contains("admin@globex.test", page.Find(".mud-table-body").TextContent);
    }

    [Fact]
    public async Task An_admin_who_demotes_themselves_loses_the_manage_buttons()
    {
        await SignInAsync("reviewer@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var page = RenderWithProviders<MembersPage>(new() { ["OrgId"] = acme });
        page.WaitForAssertion(() => Assert.Contains("reviewer@acme.test", page.Find(".mud-table-body").TextContent));

        var row = page.FindAll(".mud-table-body tr").Single(r => r.TextContent.Contains("reviewer@acme.test"));
        row.QuerySelector(".mud-select .mud-input-control")!.MouseDown();
        page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim().StartsWith("User")).Click();
        page.WaitForElements(".mud-dialog button").Single(b => b.TextContent.Trim() == "Make User").Click();

        page.WaitForAssertion(() => Assert.Contains("reviewer@acme.test is now User", page.Markup));
        page.WaitForAssertion(() => Assert.DoesNotContain("Invite member", page.Markup));
        Assert.Empty(page.FindAll("button[aria-label^='Remove']"));
    }

    [Fact]
    public async Task A_generated_api_key_is_shown_once_with_a_warning()
    {
        await SignInAsync("admin@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var page = RenderWithProviders<ApiKeysPage>(new() { ["OrgId"] = acme });
        page.WaitForAssertion(() => Assert.Contains("No API keys yet", page.Markup));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Generate key").Click();
        page.WaitForElement(".mud-dialog input").Change("Deploy pipeline");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Generate").Click();

        var token = page.WaitForElement("[data-testid='new-api-key']").TextContent.Trim();
        Assert.StartsWith("pwrusr:", token);
        Assert.Contains("shown only this once", page.Find(".mud-dialog").TextContent);

        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Done").Click();
        page.WaitForAssertion(() => Assert.Contains("Deploy pipeline", page.Find(".mud-table-body").TextContent));
        Assert.DoesNotContain(token, page.Markup);
        Assert.DoesNotContain(token.Split(':')[2], page.Markup);
    }

    [Fact]
    public async Task A_guest_cannot_open_the_api_keys_page()
    {
        await SignInAsync("guest@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);

        var page = RenderWithProviders<ApiKeysPage>(new() { ["OrgId"] = acme });

        page.WaitForAssertion(() => Assert.Contains("No access", page.Markup));
        Assert.DoesNotContain("Generate key", page.Markup);
    }
}
