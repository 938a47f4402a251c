using System.Text.Json.Nodes;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.Web.Features.Sharing;
using Builder.Web.Features.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components.Sharing;

/// <summary>
/// The Sharing panel: its owner, the organization's Admins and ADMIN shares see the owner, level and shares and can ask for a
/// change or a transfer (a request with a justification; nothing changes yet); everyone else sees one read-only line.
/// </summary>
public sealed class SharingPanelTests : ConsoleTestContext
{
    private async Task<(Guid Org, Guid Env, WorkflowView Workflow)> WorkflowAsync(string name, string owner = "admin@acme.test")
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var env = await EnvironmentIdAsync(org, "Development");
        var entity = await Service<WorkflowEntityService>().CreateAsync(admin, org,
            new WorkflowEntityInput($"Start {name}", null, WorkflowEntityType.BuiltIn[0].Id, null, null, null, null, []));
        var data = JsonNode.Parse($$"""
            { "root": { "name": "Start", "entityId": "{{entity.Id}}", "entityType": "event",
                        "presentation": { "type": "circle", "position": { "x": 0, "y": 0 } }, "children": [] } }
            """);
        var creator = await SignInAsync(owner);
        return (org, env, await Service<WorkflowService>().CreateAsync(creator, env, new WorkflowInput(name, null, data)));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Panel(Actor actor, Guid id) =>
        RenderWithProviders<SharingPanel<Workflow>>(new() { ["Actor"] = actor, ["ResourceId"] = id });

    private async Task<List<ApprovalRequest>> RequestsAsync(Guid id)
    {
        await using var db = Service<IBuilderDbContextFactory>().Create();
        return await db.ApprovalRequests.Where(r => r.ResourceId == id).ToListAsync();
    }

    [Fact]
    public async Task The_owner_sees_owner_level_and_shares_and_others_see_one_line()
    {
        var (_, _, workflow) = await WorkflowAsync("Onboarding", owner: "builder@acme.test");

        var owner = Panel(await SignInAsync("builder@acme.test"), workflow.Id);
        owner.WaitForElement("[data-testid=sharing-panel]");
        Assert.Equal("Bob Builder (builder@acme.test)", owner.Find("[data-testid=sharing-owner]").TextContent.Trim());
        Assert.Contains("Every member of the organization, at EDIT", owner.Find("[data-testid=sharing-level]").TextContent);
        Assert.NotNull(owner.Find("[data-testid=sharing-no-shares]"));
        Assert.NotNull(owner.Find("[data-testid=sharing-change]"));

        // An organization Admin manages it too; a Guest sees one line and nothing of the shares (rendered without the providers,
        // which a context holds once).
        var reviewer = await SignInAsync("reviewer@acme.test");
        Context.Render<SharingPanel<Workflow>>(p => p.Add(x => x.Actor, reviewer).Add(x => x.ResourceId, workflow.Id)).WaitForElement("[data-testid=sharing-panel]");
        var guestActor = await SignInAsync("guest@acme.test");
        var guest = Context.Render<SharingPanel<Workflow>>(p => p.Add(x => x.Actor, guestActor).Add(x => x.ResourceId, workflow.Id));
        guest.WaitForAssertion(() => Assert.Equal("Shared company-wide (you can view)", guest.Find("[data-testid=sharing-line]").TextContent.Trim()));
        Assert.Empty(guest.FindAll("[data-testid=sharing-panel]"));
        Assert.Empty(guest.FindAll("[data-testid=sharing-change]"));
    }

    [Fact]
    public async Task Changing_the_sharing_asks_for_approval_with_a_justification_and_changes_nothing_yet()
    {
        var (_, _, workflow) = await WorkflowAsync("Billing");
        var admin = await SignInAsync("admin@acme.test");
        var page = Panel(admin, workflow.Id);
        page.WaitForElement("[data-testid=sharing-change]").Click();
        page.WaitForElement(".mud-dialog .share-level");

        // Private, and Bob Builder at VIEW.
        page.Find(".mud-dialog .share-level").MouseDown();
        page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim().StartsWith("Private")).Click();
        page.Find(".mud-dialog .share-add-member").MouseDown();
        page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Contains("builder@acme.test")).Click();
        page.WaitForElement("[data-testid=share-add]:not([disabled])").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find(".sharing-edit li[data-user='builder@acme.test']")));

        // Without a justification nothing is asked.
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Request change").Click();
        page.WaitForAssertion(() => Assert.Contains("goes to a reviewer", page.Find(".mud-dialog .share-justification").TextContent));
        Assert.Empty(await RequestsAsync(workflow.Id));

        page.Find(".mud-dialog .share-justification textarea").Input("Only the billing team");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Request change").Click();
        page.WaitForAssertion(() => Assert.Contains("It applies once a reviewer approves it", page.Markup));

        var request = Assert.Single(await RequestsAsync(workflow.Id));
        Assert.Equal((ApprovalOperations.Share, ApprovalStatus.Pending, "Only the billing team"), (request.Operation, request.Status, request.Justification));
        Assert.Equal("Private; shared with Bob Builder (builder@acme.test) (VIEW)", request.After);
        Assert.Equal("COMPANY", (await Service<WorkflowService>().GetAsync(admin, workflow.Id)).SharingLevel);
    }

    [Fact]
    public async Task Transfer_offers_only_members_who_could_edit_and_asks_for_approval()
    {
        var (_, _, workflow) = await WorkflowAsync("Handover");
        var admin = await SignInAsync("admin@acme.test");
        var page = Panel(admin, workflow.Id);
        page.WaitForElement("[data-testid=sharing-transfer]").Click();
        page.WaitForElement(".mud-dialog .transfer-owner");
        page.Find(".mud-dialog .transfer-owner").MouseDown();
        var items = page.WaitForElements(".mud-popover-open .mud-list-item");
        Assert.Contains(items, i => i.TextContent.Contains("builder@acme.test"));
        Assert.DoesNotContain(items, i => i.TextContent.Contains("guest@acme.test"));
        Assert.DoesNotContain(items, i => i.TextContent.Contains("admin@acme.test"));
        items.Single(i => i.TextContent.Contains("builder@acme.test")).Click();
        page.Find(".mud-dialog .transfer-justification textarea").Input("Bob runs it now");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Request transfer").Click();
        page.WaitForAssertion(() => Assert.Contains("It applies once a reviewer approves it", page.Markup));

        var request = Assert.Single(await RequestsAsync(workflow.Id));
        Assert.Equal((ApprovalOperations.TransferOwnership, "Owner: Bob Builder (builder@acme.test)"), (request.Operation, request.After));
        Assert.Equal("admin@acme.test", (await Service<WorkflowService>().GetAsync(admin, workflow.Id)).Owner!.Email);
    }

    [Fact]
    public async Task The_workflows_list_shows_sharing_and_filters_to_what_I_own()
    {
        var (org, env, mine) = await WorkflowAsync("Mine", owner: "builder@acme.test");
        await WorkflowAsync("Theirs");
        await SignInAsync("builder@acme.test");
        var page = RenderWithProviders<WorkflowsPage>(new() { ["OrgId"] = org, ["EnvId"] = env });
        page.WaitForAssertion(() => Assert.Contains("Theirs", page.Find(".mud-table-body").TextContent));
        Assert.Contains("Shared company-wide (edit)", page.Find(".mud-table-body").TextContent);

        page.Find(".ownership-filter").MouseDown();
        page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "Owned by me").Click();
        page.WaitForAssertion(() => Assert.DoesNotContain("Theirs", page.Find(".mud-table-body").TextContent));
        Assert.Contains(mine.Name, page.Find(".mud-table-body").TextContent);
    }
}
