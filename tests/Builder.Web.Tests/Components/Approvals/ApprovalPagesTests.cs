using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Builder.Domain.Workflows;
using Builder.Web.Components.Layout;
using Builder.Web.Features.Approvals;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components.Approvals;

/// <summary>
/// The request page (what would go, who asked and why, the buttons the caller may use, the outcome appearing live), the nav badge
/// (pushed by the notifier, no reload) and the Policies page (the domain's messages by field; read-only for non-Admins).
/// </summary>
public sealed class ApprovalPagesTests : ConsoleTestContext
{
    private async Task<(Guid Org, ApprovalRequestView Request)> RequestDeletionAsync(string requester = "builder@acme.test",
        string organization = DevelopmentSeed.AcmeName, string name = "Invoice routing")
    {
        var org = await OrganizationIdAsync(organization);
        var actor = await ActorAsync(requester);
        await using (var db = Service<IBuilderDbContextFactory>().Create())
        {
            var environment = await db.Environments.Where(e => e.OrganizationId == org).Select(e => e.Id).FirstAsync();
            var workflow = new Workflow { OrganizationId = org, EnvironmentId = environment, Name = name, WorkflowDataJson = "{}" };
            workflow.Stamp(actor, DateTime.UtcNow);
            db.Workflows.Add(workflow);
            await db.SaveChangesAsync();
            var request = await Service<ApprovalService>().RequestAsync(actor, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id,
                "Replaced by the new billing flow", null);
            return (org, request);
        }
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RequestPage(Guid org, Guid id)
    {
        var page = RenderWithProviders<ApprovalRequestPage>(new() { ["OrgId"] = org, ["RequestId"] = id });
        page.WaitForElement(".approval-what");
        return page;
    }

    private static Task InputWhenShownAsync(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector, string value)
    {
        page.WaitForElement(selector);
        return page.InvokeAsync(() => page.Find(selector).Input(value));
    }

    private async Task<ApprovalStatus> StatusAsync(Guid id)
    {
        await using var db = Service<IBuilderDbContextFactory>().Create();
        return await db.ApprovalRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync();
    }

    [Fact]
    public async Task A_reviewer_sees_what_would_go_who_asked_and_why_and_may_approve_or_reject_but_not_cancel()
    {
        var (org, request) = await RequestDeletionAsync();
        await SignInAsync("reviewer@acme.test");
        var page = RequestPage(org, request.Id);

        Assert.Contains("Delete workflow “Invoice routing”", page.Find("h1").TextContent);
        Assert.Contains("What would be deleted", page.Find(".approval-what").TextContent);
        Assert.Contains("Invoice routing", page.Find(".approval-consequences").TextContent);
        Assert.Contains("Replaced by the new billing flow", page.Find(".approval-justification").TextContent);
        Assert.Contains("builder@acme.test", page.Find(".approval-requester").TextContent);
        Assert.Contains("0 of 1 approval", page.Find(".approval-policy").TextContent);
        Assert.Single(page.FindAll(".approval-approve"));
        Assert.Single(page.FindAll(".approval-reject"));
        Assert.Empty(page.FindAll(".approval-cancel"));
        Assert.Empty(page.FindAll(".approval-no-reviewer"));
    }

    [Fact]
    public async Task The_requester_may_only_cancel_and_sees_a_rejection_with_its_comment_appear_without_a_reload()
    {
        var (org, request) = await RequestDeletionAsync();
        await SignInAsync("builder@acme.test");
        var page = RequestPage(org, request.Id);
        Assert.Empty(page.FindAll(".approval-approve"));
        Assert.Empty(page.FindAll(".approval-reject"));
        Assert.Single(page.FindAll(".approval-cancel"));
        Assert.Equal("pending", page.Find(".approval-outcome").GetAttribute("data-status"));

        // Another person decides elsewhere; nothing here asks the page to render.
        await Service<ApprovalService>().RejectAsync(await ActorAsync("reviewer@acme.test"), request.Id, "Billing still uses it");

        page.WaitForAssertion(() =>
        {
            var outcome = page.Find(".approval-outcome");
            Assert.Equal("rejected", outcome.GetAttribute("data-status"));
            Assert.Contains("Rejected by Rita Reviewer (reviewer@acme.test): “Billing still uses it”", outcome.TextContent);
        });
        Assert.Empty(page.FindAll(".approval-cancel"));
        Assert.Contains("Billing still uses it", page.Find(".approval-votes").TextContent);
    }

    [Fact]
    public async Task The_requester_sees_the_execution_appear_live_once_a_reviewer_approves()
    {
        var (org, request) = await RequestDeletionAsync();
        await SignInAsync("builder@acme.test");
        var page = RequestPage(org, request.Id);

        await Service<ApprovalService>().ApproveAsync(await ActorAsync("admin@acme.test"), request.Id, null);

        page.WaitForAssertion(() => Assert.Equal("executed", page.Find(".approval-outcome").GetAttribute("data-status")));
        Assert.Contains("Approved and done", page.Find(".approval-outcome").TextContent);
    }

    [Fact]
    public async Task Rejecting_asks_for_a_comment_and_confirming_rejects()
    {
        var (org, request) = await RequestDeletionAsync();
        await SignInAsync("reviewer@acme.test");
        var page = RequestPage(org, request.Id);

        page.Find(".approval-reject").Click();
        page.WaitForElement(".mud-dialog .decision-confirm").Click();
        page.WaitForAssertion(() => Assert.Contains("Say why", page.Find(".mud-dialog").TextContent));
        Assert.Equal(ApprovalStatus.Pending, await StatusAsync(request.Id));

        await InputWhenShownAsync(page, ".mud-dialog textarea", "Billing still uses it");
        await page.InvokeAsync(() => page.Find(".mud-dialog .decision-confirm").Click());

        page.WaitForAssertion(() => Assert.Equal("rejected", page.Find(".approval-outcome").GetAttribute("data-status")));
        Assert.Equal(ApprovalStatus.Rejected, await StatusAsync(request.Id));
    }

    [Fact]
    public async Task Approving_asks_to_confirm_and_backing_out_decides_nothing()
    {
        var (org, request) = await RequestDeletionAsync();
        await SignInAsync("admin@acme.test");
        var page = RequestPage(org, request.Id);

        page.Find(".approval-approve").Click();
        var dialog = page.WaitForElement(".mud-dialog");
        Assert.Contains("Approve this request?", dialog.TextContent);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Back").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.Equal(ApprovalStatus.Pending, await StatusAsync(request.Id));

        page.Find(".approval-approve").Click();
        page.WaitForElement(".mud-dialog .decision-confirm").Click();
        page.WaitForAssertion(() => Assert.Equal("executed", page.Find(".approval-outcome").GetAttribute("data-status")));
    }

    [Fact]
    public async Task Where_nobody_else_can_review_the_page_says_a_system_administrator_may_approve()
    {
        var (org, request) = await RequestDeletionAsync("admin@globex.test", DevelopmentSeed.GlobexName);
        await SignInAsync("system@builder.local");
        var page = RequestPage(org, request.Id);
        Assert.Contains("a System administrator may approve it", page.Find(".approval-no-reviewer").TextContent);
        Assert.Single(page.FindAll(".approval-approve"));
    }

    [Fact]
    public async Task Another_organizations_request_is_not_found_on_this_organizations_page()
    {
        var (_, request) = await RequestDeletionAsync("admin@globex.test", DevelopmentSeed.GlobexName);
        await SignInAsync("admin@acme.test");
        var page = RenderWithProviders<ApprovalRequestPage>(new() { ["OrgId"] = await OrganizationIdAsync(DevelopmentSeed.AcmeName), ["RequestId"] = request.Id });
        page.WaitForAssertion(() => Assert.Contains("Not found", page.Markup));
        Assert.DoesNotContain("Invoice routing", page.Markup);
    }

    /// <summary>The shell's navigation for a person, in Acme (where the Approvals item and its badge are).</summary>
    private async Task<IRenderedComponent<NavMenu>> NavAsync(string email)
    {
        var actor = await ActorAsync(email);
        var session = await Service<UserAccountService>().GetSessionAsync(actor);
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var nav = Context.Render<NavMenu>(p => p.Add(n => n.Actor, actor).Add(n => n.Session, session)
            .Add(n => n.Scope, new ConsoleScope(acme, null, "members")));
        nav.WaitForElement("a[href$='/approvals']");
        return nav;
    }

    [Fact]
    public async Task The_badge_counts_what_waits_and_follows_the_notifier_with_no_render_from_outside()
    {
        var nav = await NavAsync("reviewer@acme.test");
        Assert.Empty(nav.FindAll("[data-testid=approval-badge]"));

        var (_, first) = await RequestDeletionAsync(name: "One");
        nav.WaitForAssertion(() => Assert.Equal("1", nav.Find("a[href$='/approvals'] [data-testid=approval-badge]").TextContent));
        await RequestDeletionAsync(name: "Two");
        nav.WaitForAssertion(() => Assert.Equal("2", nav.Find("[data-testid=approval-badge]").TextContent));

        await Service<ApprovalService>().ApproveAsync(await ActorAsync("admin@acme.test"), first.Id, null);
        nav.WaitForAssertion(() => Assert.Equal("1", nav.Find("[data-testid=approval-badge]").TextContent));
    }

    [Fact]
    public async Task The_badge_stays_away_for_the_requester_and_ignores_other_organizations()
    {
        var nav = await NavAsync("builder@acme.test");
        var renders = nav.RenderCount;
        await RequestDeletionAsync(); // the builder's own: nothing waits for them
        await RequestDeletionAsync("admin@globex.test", DevelopmentSeed.GlobexName);
        await Task.Delay(300);
        Assert.Equal(renders, nav.RenderCount);
        Assert.Empty(nav.FindAll("[data-testid=approval-badge]"));
    }

    [Fact]
    public async Task The_policies_page_shows_the_domains_messages_by_field_and_asks_nothing_when_invalid()
    {
        await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var page = RenderWithProviders<PoliciesPage>(new() { ["OrgId"] = org });
        page.WaitForElement(".policy-save");

        ChangeWhenShown(page, ".policy-required input", "0");
        await page.InvokeAsync(() => page.Find(".policy-add-override").Click());
        page.WaitForElement(".policy-override");
        await page.InvokeAsync(() => page.Find(".policy-save").Click());

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Only a System administrator can let operations run without approval", page.Find(".policy-required").TextContent);
            Assert.Contains("Resource type must be one of:", page.Find(".policy-override").TextContent);
        });
        await using var db = Service<IBuilderDbContextFactory>().Create();
        Assert.False(await db.ApprovalRequests.AnyAsync(r => r.Operation == ApprovalOperations.ChangePolicy));
    }

    [Fact]
    public async Task A_valid_change_without_a_justification_is_refused_on_that_field_and_with_one_becomes_a_request()
    {
        await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var page = RenderWithProviders<PoliciesPage>(new() { ["OrgId"] = org });
        page.WaitForElement(".policy-save");

        ChangeWhenShown(page, ".policy-required input", "2");
        await page.InvokeAsync(() => page.Find(".policy-save").Click());
        page.WaitForAssertion(() => Assert.Contains("goes to a reviewer for approval", page.Find(".policy-justification").TextContent));

        await InputWhenShownAsync(page, ".policy-justification textarea", "Two pairs of eyes");
        var arrived = ArrivalAsync(uri => uri.Contains("/approvals/"));
        await page.InvokeAsync(() => page.Find(".policy-save").Click());
        await arrived;
        await using var db = Service<IBuilderDbContextFactory>().Create();
        var request = await db.ApprovalRequests.SingleAsync(r => r.Operation == ApprovalOperations.ChangePolicy);
        Assert.Equal((ApprovalStatus.Pending, "Two pairs of eyes"), (request.Status, request.Justification));
        Assert.Equal(1, (await ApprovalService.PolicyAsync(db, org)).RequiredApprovals);
    }

    [Fact]
    public async Task A_guest_reads_the_policy_without_a_way_to_change_it()
    {
        await SignInAsync("guest@acme.test");
        var page = RenderWithProviders<PoliciesPage>(new() { ["OrgId"] = await OrganizationIdAsync(DevelopmentSeed.AcmeName) });
        page.WaitForElement(".policy-required");
        Assert.Contains("not change it", page.Find("[data-testid=read-only-note]").TextContent);
        Assert.Empty(page.FindAll(".policy-save"));
        Assert.Empty(page.FindAll(".policy-add-override"));
    }

    [Fact]
    public async Task An_admin_makes_a_member_a_reviewer_after_confirming_and_admins_need_no_switch()
    {
        await SignInAsync("admin@acme.test");
        var page = RenderWithProviders<Builder.Web.Features.Members.MembersPage>(new() { ["OrgId"] = await OrganizationIdAsync(DevelopmentSeed.AcmeName) });
        page.WaitForAssertion(() => Assert.Contains("guest@acme.test", page.Find(".mud-table-body").TextContent));
        var adminRow = page.FindAll(".mud-table-body tr").Single(r => r.TextContent.Contains("admin@acme.test"));
        Assert.Contains("Always (Admin)", adminRow.TextContent);
        Assert.Null(adminRow.QuerySelector(".reviewer-toggle"));

        // A Guest only reads: no switch, the cell says why.
        var guestRow = page.FindAll(".mud-table-body tr").Single(r => r.TextContent.Contains("guest@acme.test"));
        Assert.Contains("Never (Guest)", guestRow.TextContent);
        Assert.Null(guestRow.QuerySelector(".reviewer-toggle"));

        await page.InvokeAsync(() => page.FindAll(".mud-table-body tr").Single(r => r.TextContent.Contains("builder@acme.test"))
            .QuerySelector(".reviewer-toggle input")!.Change(true));
        var dialog = page.WaitForElement(".mud-dialog");
        Assert.Contains("(builder@acme.test) approve or reject requests", dialog.TextContent);
        await page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Make reviewer").Click());

        page.WaitForAssertion(() => Assert.Contains("builder@acme.test now reviews approval requests", page.Markup));
        await using var db = Service<IBuilderDbContextFactory>().Create();
        Assert.True((await db.Memberships.SingleAsync(m => m.Email == "builder@acme.test")).IsReviewer);
    }
}
