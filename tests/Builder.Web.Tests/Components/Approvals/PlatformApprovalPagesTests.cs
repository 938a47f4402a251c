using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.Users;
using Builder.Web.Components.Layout;
using Builder.Web.Features.Approvals;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components.Approvals;

/// <summary>
/// The platform's requests (no organization: deleting a system model, an entity type, a platform trash item for good) on the
/// organization pages reached without an organization, <c>/system/approvals</c> and <c>/system/approvals/{id}</c>: System
/// administrators see and decide them; anyone else finds nothing; the nav has the item, with a live badge, for System only.
/// </summary>
public sealed class PlatformApprovalPagesTests : ConsoleTestContext
{
    private const string SecondSystem = "second-system@builder.local";

    /// <summary>Another System administrator, so that one may ask and the other decide.</summary>
    private async Task<Actor> SecondSystemAsync()
    {
        await using (var db = Service<IBuilderDbContextFactory>().Create())
        {
            if (!await db.Users.AnyAsync(u => u.Email == SecondSystem))
            {
                db.Users.Add(new User { Email = SecondSystem, Name = "Sam System", IsSystem = true, CreatedAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
            }
        }
        return await ActorAsync(SecondSystem);
    }

    /// <summary>The second System administrator asks to delete a system model: a request of the platform.</summary>
    private async Task<(Guid Model, ApprovalRequestView Request)> PlatformRequestAsync(string name = "Shared mini")
    {
        var requester = await SecondSystemAsync();
        var model = await Service<ModelService>().CreateSystemAsync(requester,
            new ModelInput(name, "https://api.openai.com/v1/chat/completions", "gpt-4o-mini"));
        var request = await Service<ApprovalService>().RequestAsync(requester, ApprovalOperations.Delete, ResourceTypes.SystemModel, model.Id,
            "Replaced by the larger model", null);
        Assert.Null(request.OrganizationId);
        return (model.Id, request);
    }

    private async Task<ApprovalRequestView> OrganizationRequestAsync()
    {
        var admin = await ActorAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var model = await Service<ModelService>().CreateAsync(admin, org,
            new ModelInput("Acme mini", "https://api.openai.com/v1/chat/completions", "gpt-4o-mini"));
        return await Service<ApprovalService>().RequestAsync(admin, ApprovalOperations.Delete, ResourceTypes.Model, model.Id, "Unused", null);
    }

    [Fact]
    public async Task A_system_administrator_lists_the_platforms_requests_waiting_for_them_and_no_organizations()
    {
        var (_, request) = await PlatformRequestAsync();
        var other = await OrganizationRequestAsync();
        await SignInAsync("system@builder.local");

        var page = RenderWithProviders<ApprovalsPage>([]);
        page.WaitForElement($"a[href='{ApprovalLinks.Request(null, request.Id)}']");

        Assert.Equal($"/system/approvals/{request.Id}", ApprovalLinks.Request(null, request.Id));
        Assert.Contains("Platform approvals", page.Find("h1").TextContent);
        Assert.Contains("Replaced by the larger model", page.Find(".mud-table-body").TextContent);
        Assert.Contains(SecondSystem, page.Find(".mud-table-body").TextContent);
        Assert.DoesNotContain(other.Title, page.Markup);
        Assert.Empty(page.FindAll("a[href$='/policies']")); // the platform has no policy page
    }

    [Fact]
    public async Task A_system_administrator_opens_a_platform_request_and_approves_it_and_it_runs()
    {
        var (model, request) = await PlatformRequestAsync();
        var system = await SignInAsync("system@builder.local");

        var page = RenderWithProviders<ApprovalRequestPage>(new() { ["RequestId"] = request.Id });
        page.WaitForElement(".approval-what");
        Assert.Contains("Shared mini", page.Find(".approval-what").TextContent);
        Assert.Contains(ApprovalLinks.Platform, page.FindAll(".mud-breadcrumbs a").Select(a => a.GetAttribute("href")));
        Assert.Empty(page.FindAll(".approval-cancel"));

        page.Find(".approval-approve").Click();
        page.WaitForElement(".mud-dialog .decision-confirm");
        await page.InvokeAsync(() => page.Find(".mud-dialog .decision-confirm").Click());

        page.WaitForAssertion(() => Assert.Equal("executed", page.Find(".approval-outcome").GetAttribute("data-status")));
        await Assert.ThrowsAsync<NotFoundException>(() => Service<ModelService>().GetSystemAsync(system, model));
    }

    [Fact]
    public async Task The_requester_sees_the_platform_request_it_made_under_my_requests()
    {
        var (_, request) = await PlatformRequestAsync();
        await SignInAsync(SecondSystem);

        Service<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(ApprovalLinks.Platform + "?view=mine");
        var list = RenderWithProviders<ApprovalsPage>([]);
        list.WaitForElement("[data-view='Mine'][aria-pressed='true']");
        list.WaitForElement($"a[href='{ApprovalLinks.Request(null, request.Id)}']");
    }

    [Fact]
    public async Task The_requester_may_only_cancel_a_platform_request()
    {
        var (_, request) = await PlatformRequestAsync();
        await SignInAsync(SecondSystem);

        var page = RenderWithProviders<ApprovalRequestPage>(new() { ["RequestId"] = request.Id });
        page.WaitForElement(".approval-what");
        Assert.Single(page.FindAll(".approval-cancel"));
        Assert.Empty(page.FindAll(".approval-approve"));
    }

    [Theory]
    [InlineData("admin@acme.test")]
    [InlineData("reviewer@acme.test")]
    public async Task Anyone_but_a_system_administrator_finds_nothing_at_the_platforms_approvals(string email)
    {
        await PlatformRequestAsync();
        await SignInAsync(email);

        var list = RenderWithProviders<ApprovalsPage>([]);
        list.WaitForAssertion(() => Assert.Contains("Not found", list.Markup));
        Assert.Empty(list.FindAll(".mud-table-body"));
        Assert.DoesNotContain("Replaced by the larger model", list.Markup);
    }

    [Theory]
    [InlineData("admin@acme.test")]
    [InlineData("reviewer@acme.test")]
    public async Task Anyone_but_a_system_administrator_finds_no_platform_request(string email)
    {
        var (_, request) = await PlatformRequestAsync();
        await SignInAsync(email);

        var page = RenderWithProviders<ApprovalRequestPage>(new() { ["RequestId"] = request.Id });
        page.WaitForAssertion(() => Assert.Contains("Not found", page.Markup));
        Assert.DoesNotContain("Shared mini", page.Markup);
        Assert.Empty(page.FindAll(".approval-approve"));
    }

    [Fact]
    public async Task An_organizations_request_is_not_found_at_a_platform_address()
    {
        var organization = await OrganizationRequestAsync();
        await SignInAsync("system@builder.local");

        var page = RenderWithProviders<ApprovalRequestPage>(new() { ["RequestId"] = organization.Id });
        page.WaitForAssertion(() => Assert.Contains("Not found", page.Markup));
        Assert.Empty(page.FindAll(".approval-what"));
    }

    [Fact]
    public async Task A_platform_request_is_not_found_at_an_organizations_address()
    {
        var (_, platform) = await PlatformRequestAsync();
        await SignInAsync("system@builder.local");

        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var under = RenderWithProviders<ApprovalRequestPage>(new() { ["OrgId"] = acme, ["RequestId"] = platform.Id });
        under.WaitForAssertion(() => Assert.Contains("Not found", under.Markup));
        Assert.Empty(under.FindAll(".approval-what"));
    }

    private async Task<IRenderedComponent<NavMenu>> NavAsync(string email)
    {
        var actor = await ActorAsync(email);
        var session = await Service<UserAccountService>().GetSessionAsync(actor);
        var nav = Context.Render<NavMenu>(p => p.Add(n => n.Actor, actor).Add(n => n.Session, session).Add(n => n.Scope, ConsoleScope.None));
        nav.WaitForElement("a[href='/orgs']");
        return nav;
    }

    [Fact]
    public async Task The_nav_shows_platform_approvals_to_a_system_administrator_with_a_badge_that_follows_the_notifier()
    {
        await SecondSystemAsync();
        var nav = await NavAsync("system@builder.local");
        var item = nav.Find($"a[href='{ApprovalLinks.Platform}']");
        Assert.Contains("Platform approvals", item.TextContent);
        Assert.Empty(nav.FindAll($"a[href='{ApprovalLinks.Platform}'] [data-testid=approval-badge]"));
        // Next to Platform trash in the System section.
        var links = nav.FindAll("a.mud-nav-link").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(links.IndexOf(ApprovalLinks.Platform) + 1, links.IndexOf("/system/trash"));

        var (_, request) = await PlatformRequestAsync();
        nav.WaitForAssertion(() => Assert.Equal("1", nav.Find($"a[href='{ApprovalLinks.Platform}'] [data-testid=approval-badge]").TextContent));

        await Service<ApprovalService>().CancelAsync(await ActorAsync(SecondSystem), request.Id, null);
        nav.WaitForAssertion(() => Assert.Empty(nav.FindAll($"a[href='{ApprovalLinks.Platform}'] [data-testid=approval-badge]")));
    }

    [Fact]
    public async Task An_organizations_request_does_not_count_on_the_platform_badge()
    {
        var nav = await NavAsync("system@builder.local");
        await OrganizationRequestAsync();
        await Task.Delay(300);
        Assert.Empty(nav.FindAll($"a[href='{ApprovalLinks.Platform}'] [data-testid=approval-badge]"));
    }

    [Fact]
    public async Task An_admins_nav_has_no_platform_approvals()
    {
        var nav = await NavAsync("admin@acme.test");
        Assert.Empty(nav.FindAll($"a[href='{ApprovalLinks.Platform}']"));
        Assert.DoesNotContain("Platform approvals", nav.Markup);
    }
}
