using System.Text.Json.Nodes;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Common;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.Web.Features.Workflows;

namespace Builder.Web.Tests.Components.Workflows;

/// <summary>The workflows list: a person deletes a workflow after confirming; a Guest cannot.</summary>
public sealed class WorkflowsPageTests : ConsoleTestContext
{
    private async Task<(Guid Org, Guid Env)> SeedWorkflowAsync(string name)
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var env = await EnvironmentIdAsync(org, "Development");
        var entity = await Service<WorkflowEntityService>().CreateAsync(admin, org,
            new WorkflowEntityInput("Start", null, WorkflowEntityType.BuiltIn[0].Id, null, null, null, null, []));
        var data = JsonNode.Parse($$"""
            { "root": { "name": "Start", "entityId": "{{entity.Id}}", "entityType": "event",
                        "presentation": { "type": "circle", "position": { "x": 0, "y": 0 } }, "children": [] } }
            """);
        await Service<WorkflowService>().CreateAsync(admin, env, new WorkflowInput(name, null, data));
        return (org, env);
    }

    [Fact]
    public async Task Deleting_a_workflow_asks_a_reviewer_and_keeps_it_until_approved()
    {
        var (org, env) = await SeedWorkflowAsync("Onboarding");
        var page = RenderWithProviders<WorkflowsPage>(new() { ["OrgId"] = org, ["EnvId"] = env });
        page.WaitForAssertion(() => Assert.Contains("Onboarding", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Delete Onboarding']").Click();
        page.WaitForElement(".mud-dialog");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.Equal(1, (await Service<WorkflowService>().ListAsync(await SignInAsync("admin@acme.test"), new WorkflowFilter(org, env), new PageRequest())).Total);

        page.Find("button[aria-label='Delete Onboarding']").Click();
        page.WaitForElement(".mud-dialog");
        SendDeletionRequest(page, "Replaced by Onboarding v2");

        page.WaitForAssertion(() => Assert.Contains("Sent to a reviewer", page.Markup));
        page.WaitForAssertion(() => Assert.Contains("Deletion requested", page.Find(".mud-table-body").TextContent));
        var admin = await SignInAsync("admin@acme.test");
        Assert.Equal(1, (await Service<WorkflowService>().ListAsync(admin, new WorkflowFilter(org, env), new PageRequest())).Total);

        var workflow = (await Service<WorkflowService>().ListAsync(admin, new WorkflowFilter(org, env), new PageRequest())).Items.Single();
        Assert.Equal(Builder.Domain.Approvals.ApprovalStatus.Executed, (await ApproveDeletionAsync(workflow.Id)).Status);
        Assert.Equal(0, (await Service<WorkflowService>().ListAsync(admin, new WorkflowFilter(org, env), new PageRequest())).Total);
    }

    [Fact]
    public async Task A_guest_sees_workflows_but_no_delete_or_create()
    {
        var (org, env) = await SeedWorkflowAsync("Read me");
        await SignInAsync("guest@acme.test");
        var page = RenderWithProviders<WorkflowsPage>(new() { ["OrgId"] = org, ["EnvId"] = env });
        page.WaitForAssertion(() => Assert.Contains("Read me", page.Find(".mud-table-body").TextContent));
        Assert.Empty(page.FindAll("button[aria-label^='Delete']"));
        Assert.DoesNotContain("New workflow", page.Markup);
    }
}
