using System.Text.Json.Nodes;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Workflows;
using Builder.E2E.Canvas;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Approvals;

/// <summary>
/// Four eyes with two people at two browsers: the builder asks to delete a workflow from its list, the reviewer's badge shows it
/// without a reload, the reviewer sees what goes and approves, and the workflow is gone to the trash, where an Admin restores it;
/// a rejection's comment reaches the builder's open request page live. Own app (class fixture), so the badge counts only this class's requests.
/// </summary>
public sealed class ApprovalFlowTests(BuilderAppFixture app) : IClassFixture<BuilderAppFixture>
{
    private const string Builder = "builder@acme.test", Reviewer = "reviewer@acme.test";

    /// <summary>A workflow of Acme Development made by the builder (so the builder may ask to delete it).</summary>
    private async Task<(CanvasArrange Acme, WorkflowView Workflow)> BuildersWorkflowAsync(string name)
    {
        var acme = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var entity = await acme.EntityAsync("Arrives", CanvasArrange.Event);
        await using var scope = app.Services.CreateAsyncScope();
        var workflow = await scope.ServiceProvider.GetRequiredService<WorkflowService>().CreateAsync(await app.ActorAsync(Builder), acme.EnvId,
            new WorkflowInput($"{name} {Guid.NewGuid():N}"[..(name.Length + 7)], null, new JsonObject { ["root"] = CanvasArrange.Node("root", entity) }));
        return (acme, workflow);
    }

    /// <summary>The builder's deletion request, made through the approval service as the builder (where the test is about what follows).</summary>
    private async Task<ApprovalRequestView> AskToDeleteAsync(WorkflowView workflow, string justification)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApprovalService>().RequestAsync(await app.ActorAsync(Builder),
            ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, justification, null);
    }

    [Fact]
    public async Task A_deletion_asked_for_in_the_list_reaches_the_reviewer_live_and_once_approved_waits_in_the_trash_for_a_restore()
    {
        var (acme, workflow) = await BuildersWorkflowAsync("Legacy routing");
        var reviewer = await app.NewSignedInPageAsync(Reviewer);
        await reviewer.GotoAsync($"/orgs/{acme.OrgId}/members");
        await reviewer.WaitForInteractiveAsync();
        var badge = reviewer.Locator("nav [data-testid=approval-badge]");
        await Expect(badge).ToBeHiddenAsync();

        // The builder asks from the workflows list: what goes, a reason, "Send to a reviewer". The workflow stays meanwhile.
        var builder = await app.NewSignedInPageAsync(Builder);
        await builder.GotoAsync($"/orgs/{acme.OrgId}/envs/{acme.EnvId}/workflows");
        var delete = builder.GetByRole(AriaRole.Button, new() { Name = $"Delete {workflow.Name}" });
        await builder.WaitForInteractiveAsync(delete);
        await delete.ClickAsync();
        var ask = builder.GetByRole(AriaRole.Dialog);
        await Expect(ask).ToContainTextAsync($"The workflow “{workflow.Name}” of environment Development");
        await ask.GetByLabel("Justification").FillAsync("Replaced by the new routing flow");
        await ask.GetByRole(AriaRole.Button, new() { Name = "Send to a reviewer" }).ClickAsync();
        await Expect(builder.GetByText("Sent to a reviewer")).ToBeVisibleAsync();
        await Expect(builder.Locator(".mud-table-body tr", new() { HasText = workflow.Name })).ToContainTextAsync("Deletion requested");

        await Expect(badge).ToHaveTextAsync("1"); // pushed to the reviewer's circuit: no reload, no poll
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        var row = reviewer.Locator(".mud-table-body tr", new() { HasText = workflow.Name });
        await Expect(row).ToContainTextAsync("Replaced by the new routing flow");
        await Expect(row).ToContainTextAsync(Builder);
        await row.GetByRole(AriaRole.Link, new() { Name = $"Delete workflow “{workflow.Name}”" }).ClickAsync();

        await Expect(reviewer.Locator(".approval-consequences")).ToContainTextAsync($"The workflow “{workflow.Name}” of environment Development");
        var approve = reviewer.GetByRole(AriaRole.Button, new() { Name = "Approve" });
        await reviewer.WaitForInteractiveAsync(approve);
        await approve.ClickAsync();
        var dialog = reviewer.GetByRole(AriaRole.Dialog, new() { Name = "Approve this request?" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(reviewer.Locator(".approval-outcome")).ToContainTextAsync("Approved and done");
        await Expect(badge).ToBeHiddenAsync();

        await builder.ReloadAsync();
        await Expect(builder.GetByRole(AriaRole.Heading, new() { Name = "Workflows" })).ToBeVisibleAsync();
        await Expect(builder.GetByText(workflow.Name)).ToHaveCountAsync(0);

        // In the trash, an Admin (the reviewer is one) restores it at once, and the builder has it back.
        await reviewer.GotoAsync($"/orgs/{acme.OrgId}/trash");
        var restore = reviewer.GetByRole(AriaRole.Button, new() { Name = $"Restore {workflow.Name}" });
        await reviewer.WaitForInteractiveAsync(restore);
        await restore.ClickAsync();
        await Expect(reviewer.GetByText($"Workflow {workflow.Name} restored")).ToBeVisibleAsync();
        await builder.ReloadAsync();
        await Expect(builder.GetByText(workflow.Name)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_rejection_with_a_comment_appears_on_the_requesters_open_page()
    {
        var (acme, workflow) = await BuildersWorkflowAsync("Invoice sorter");
        var request = await AskToDeleteAsync(workflow, "Nobody uses it any more");
        var builder = await app.NewSignedInPageAsync(Builder);
        await builder.GotoAsync($"/orgs/{acme.OrgId}/approvals/{request.Id}");
        await builder.WaitForInteractiveAsync(builder.GetByRole(AriaRole.Button, new() { Name = "Cancel request" }));
        await Expect(builder.Locator(".approval-outcome")).ToContainTextAsync("Waiting for approval");

        var reviewer = await app.NewSignedInPageAsync(Reviewer);
        await reviewer.GotoAsync($"/orgs/{acme.OrgId}/approvals/{request.Id}");
        var reject = reviewer.GetByRole(AriaRole.Button, new() { Name = "Reject" });
        await reviewer.WaitForInteractiveAsync(reject);
        await reject.ClickAsync();
        var dialog = reviewer.GetByRole(AriaRole.Dialog, new() { Name = "Reject this request?" });
        await dialog.GetByLabel("Comment").FillAsync("Billing still sends invoices through it");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();

        var outcome = builder.Locator(".approval-outcome");
        await Expect(outcome).ToContainTextAsync("Rejected by Rita Reviewer (reviewer@acme.test): “Billing still sends invoices through it”");
        await Expect(builder.GetByRole(AriaRole.Button, new() { Name = "Cancel request" })).ToHaveCountAsync(0);
        await builder.GotoAsync($"/orgs/{acme.OrgId}/envs/{acme.EnvId}/workflows");
        await Expect(builder.GetByText(workflow.Name)).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(1440, 900, "dark")]
    [InlineData(390, 844, "light")]
    [InlineData(390, 844, "dark")]
    public async Task The_approval_pages_fit_the_screen_in_both_themes(int width, int height, string theme)
    {
        var (acme, workflow) = await BuildersWorkflowAsync($"Shot {width} {theme}");
        var request = await AskToDeleteAsync(workflow,
            "Replaced by the routing flow that the billing team set up last week; this one has not received a message since October.");
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);

        ApprovalRequestView policyChange;
        await using (var scope = app.Services.CreateAsyncScope())
            policyChange = await scope.ServiceProvider.GetRequiredService<ApprovalService>().RequestAsync(await app.ActorAsync(Reviewer),
                ApprovalOperations.ChangePolicy, ResourceTypes.ApprovalPolicy, acme.OrgId, "Deleting Production should take two people",
                System.Text.Json.JsonSerializer.SerializeToNode(new ApprovalPolicyInput(1, 7, 30,
                    [new ApprovalOverrideInput(ApprovalOperations.Delete, ResourceTypes.Environment, "Production", 2)]), ApprovalService.JsonOptions));
        try
        {
            await ShootAsync(page, acme, workflow, request, width, theme);
            await page.GotoAsync($"/orgs/{acme.OrgId}/approvals/{policyChange.Id}");
            await Expect(page.Locator(".approval-after")).ToContainTextAsync("Delete environment named “Production”: 2 approvals");
            await page.SaveScreenshotAsync($"approvals-policy-request-{width}-{theme}");
        }
        finally
        {
            // Leaves nothing waiting, so the badge test of this class counts only its own request.
            await using var scope = app.Services.CreateAsyncScope();
            var approvals = scope.ServiceProvider.GetRequiredService<ApprovalService>();
            await approvals.CancelAsync(await app.ActorAsync(Builder), request.Id, null);
            await approvals.CancelAsync(await app.ActorAsync(Reviewer), policyChange.Id, null);
        }
    }

    private static async Task ShootAsync(IPage page, CanvasArrange acme, WorkflowView workflow, ApprovalRequestView request, int width, string theme)
    {
        foreach (var (path, ready, name) in new[]
                 {
                     ($"/orgs/{acme.OrgId}/approvals", ".approval-filters", "list"),
                     ($"/orgs/{acme.OrgId}/approvals/{request.Id}", ".approval-what", "request"),
                     ($"/orgs/{acme.OrgId}/policies", ".policy-save", "policies"),
                 })
        {
            await page.GotoAsync(path);
            await page.WaitForInteractiveAsync();
            await Expect(page.Locator(ready)).ToBeVisibleAsync();
            if (name == "list") await Expect(page.Locator(".mud-table-body tr", new() { HasText = workflow.Name })).ToBeVisibleAsync();
            if (name == "policies")
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Add override" }).ClickAsync();
                await Expect(page.Locator(".policy-override")).ToBeVisibleAsync();
            }
            var overflow = await page.EvaluateAsync<int>(
                "() => Math.max(document.documentElement.scrollWidth - window.innerWidth, ...[...document.querySelectorAll('.approval-card, .grid-card, .mud-main-content')].map(e => e.scrollWidth - e.clientWidth))");
            if (Environment.GetEnvironmentVariable("E2E_SCREENSHOTS") is { Length: > 0 } shots)
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"approvals-{name}-{width}-{theme}-viewport.png") });
            Assert.True(overflow <= 0, $"{name} at {width} px ({theme}) is {overflow} px wider than the screen.");
            await page.SaveScreenshotAsync($"approvals-{name}-{width}-{theme}");
        }
    }
}
