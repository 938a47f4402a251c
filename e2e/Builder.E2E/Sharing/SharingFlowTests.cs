using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Builder.Domain.Approvals;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Sharing;

/// <summary>
/// Sharing a workflow with one member at VIEW, as people do it: the owner asks in the Sharing panel with a justification,
/// nothing changes until a reviewer approves, then the member sees it read-only and a Guest no longer finds it. Wide and
/// narrow, light and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class SharingFlowTests(BuilderAppFixture app)
{
    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task An_admin_shares_a_workflow_with_a_builder_at_view_and_it_applies_once_approved(int width, int height, string theme)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var development = await app.EnvironmentIdAsync(SeededData.Acme, "Development");
        var admin = await app.ActorAsync("admin@acme.test");
        var name = $"Shared flow {width} {theme}";
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var entity = await scope.ServiceProvider.GetRequiredService<WorkflowEntityService>().CreateAsync(admin, acme,
                new WorkflowEntityInput($"Start {width} {theme}", null, WorkflowEntityType.BuiltIn[0].Id, null, null, null, null, []));
            var data = JsonNode.Parse($$"""
                { "root": { "name": "Start", "entityId": "{{entity.Id}}", "entityType": "event",
                            "presentation": { "type": "circle", "position": { "x": 0, "y": 0 } }, "children": [] } }
                """);
            id = (await scope.ServiceProvider.GetRequiredService<WorkflowService>().CreateAsync(admin, development, new WorkflowInput(name, null, data))).Id;
        }
        var editor = $"/orgs/{acme}/envs/{development}/workflows/{id}";

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync(editor);
        var sharing = page.GetByRole(AriaRole.Button, new() { Name = "Sharing: Shared company-wide (edit)" });
        await page.WaitForInteractiveAsync(sharing);
        await sharing.ClickAsync();
        var panel = page.GetByRole(AriaRole.Dialog, new() { Name = $"Sharing of {name}" });
        await Expect(panel.GetByTestId("sharing-owner")).ToHaveTextAsync("Alice Admin (admin@acme.test)");
        await page.SaveScreenshotAsync($"sharing-panel-{width}-{theme}");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Change sharing…" }).ClickAsync();
        var change = page.GetByRole(AriaRole.Dialog, new() { Name = $"Change the sharing of {name}" });
        await ChooseAsync(page, change.GetByLabel("Who sees it"), "Private");
        await ChooseAsync(page, change.GetByLabel("Add a member"), "Bob Builder");
        await change.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(change.Locator("li[data-user='builder@acme.test']")).ToBeVisibleAsync();
        await change.GetByLabel("Justification").FillAsync("Only the admins change this flow; Bob reviews it.");
        await page.SaveScreenshotAsync($"sharing-change-{width}-{theme}");
        await change.GetByRole(AriaRole.Button, new() { Name = "Request change" }).ClickAsync();
        await Expect(page.GetByText("It applies once a reviewer approves it")).ToBeVisibleAsync();
        await Expect(change).ToBeHiddenAsync();

        // Nothing changed yet: the builder still edits it.
        var builder = await app.NewSignedInPageAsync("builder@acme.test");
        await builder.SetViewportSizeAsync(width, height);
        await builder.GotoAsync(editor);
        await Expect(builder.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToBeVisibleAsync();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var approvals = scope.ServiceProvider.GetRequiredService<ApprovalService>();
            var request = (await approvals.ListAsync(admin, acme, new ApprovalQuery(ApprovalStatus.Pending, Mine: true), new Builder.Domain.Common.PageRequest(Limit: 100)))
                .Items.Single(r => r.ResourceId == id);
            var decided = await approvals.ApproveAsync(await app.ActorAsync("reviewer@acme.test"), request.Id, "Fine");
            Assert.Equal(ApprovalStatus.Executed, decided.Status);
        }

        await builder.ReloadAsync();
        // The line says what the sharing means for this reader: private, and shared with them to view.
        await Expect(builder.GetByTestId("sharing-line")).ToHaveTextAsync("Private (you can view)");
        await Expect(builder.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToHaveCountAsync(0);
        await builder.SaveScreenshotAsync($"sharing-viewer-{width}-{theme}");

        var guest = await app.NewSignedInPageAsync("guest@acme.test");
        await guest.GotoAsync(editor);
        await Expect(guest.GetByText("Workflow not found")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");
    }

    [Fact]
    public async Task Ownership_moves_to_a_builder_once_approved_and_the_list_shows_it_as_theirs()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var development = await app.EnvironmentIdAsync(SeededData.Acme, "Development");
        var admin = await app.ActorAsync("admin@acme.test");
        const string name = "Handed over flow";
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var entity = await scope.ServiceProvider.GetRequiredService<WorkflowEntityService>().CreateAsync(admin, acme,
                new WorkflowEntityInput("Start handover", null, WorkflowEntityType.BuiltIn[0].Id, null, null, null, null, []));
            var data = JsonNode.Parse($$"""
                { "root": { "name": "Start", "entityId": "{{entity.Id}}", "entityType": "event",
                            "presentation": { "type": "circle", "position": { "x": 0, "y": 0 } }, "children": [] } }
                """);
            id = (await scope.ServiceProvider.GetRequiredService<WorkflowService>().CreateAsync(admin, development, new WorkflowInput(name, null, data))).Id;
        }

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.GotoAsync($"/orgs/{acme}/envs/{development}/workflows/{id}");
        var sharing = page.GetByRole(AriaRole.Button, new() { Name = "Sharing: Shared company-wide (edit)" });
        await page.WaitForInteractiveAsync(sharing);
        await sharing.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Transfer ownership…" }).ClickAsync();
        var transfer = page.GetByRole(AriaRole.Dialog, new() { Name = $"Transfer the ownership of {name}" });
        await ChooseAsync(page, transfer.GetByLabel("New owner"), "Bob Builder");
        // Without a reason nothing is asked.
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Request transfer" }).ClickAsync();
        await Expect(transfer).ToContainTextAsync("goes to a reviewer");
        await transfer.GetByLabel("Justification").FillAsync("Bob runs onboarding from now on.");
        await page.SaveScreenshotAsync("sharing-transfer-1440");
        await transfer.GetByRole(AriaRole.Button, new() { Name = "Request transfer" }).ClickAsync();
        await Expect(page.GetByText("It applies once a reviewer approves it")).ToBeVisibleAsync();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var approvals = scope.ServiceProvider.GetRequiredService<ApprovalService>();
            var request = (await approvals.ListAsync(admin, acme, new ApprovalQuery(ApprovalStatus.Pending, Mine: true), new Builder.Domain.Common.PageRequest(Limit: 100)))
                .Items.Single(r => r.ResourceId == id);
            Assert.Equal("Owner: Bob Builder (builder@acme.test)", request.After);
            Assert.Equal(ApprovalStatus.Executed, (await approvals.ApproveAsync(await app.ActorAsync("reviewer@acme.test"), request.Id, null)).Status);
        }

        var builder = await app.NewSignedInPageAsync("builder@acme.test");
        await builder.GotoAsync($"/orgs/{acme}/envs/{development}/workflows");
        var filter = builder.GetByLabel("Show");
        await builder.WaitForInteractiveAsync(filter);
        await ChooseAsync(builder, filter, "Owned by me");
        await Expect(builder.GetByText(name, new() { Exact = true })).ToBeVisibleAsync();
        await builder.SaveScreenshotAsync("sharing-owned-list-1440");
    }

    /// <summary>Opens a select and picks the option whose name starts with <paramref name="text"/>.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string text)
    {
        var option = page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex($"^{Regex.Escape(text)}") });
        for (var attempt = 1; ; attempt++)
        {
            await select.ClickAsync();
            try
            {
                await option.First.WaitForAsync(new() { Timeout = 5000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3) { }
        }
        await option.First.ClickAsync();
        // The list closes before the next click, which would otherwise only close it.
        await Expect(option.First).ToBeHiddenAsync();
    }
}
