using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Flows;

/// <summary>Deleting an environment asks a reviewer; two admins editing the same environment meet the conflict dialog.</summary>
[Collection(BuilderAppCollection.Name)]
public sealed class EnvironmentFlowTests(BuilderAppFixture app)
{
    [Fact]
    public async Task Deleting_an_environment_asks_a_reviewer_with_a_reason_and_it_goes_once_approved()
    {
        var sandboxId = await app.CreateAcmeEnvironmentAsync("Sandbox");
        await app.CreateAcmeVariableAsync(sandboxId, "SANDBOX_KEY", "v");
        var page = await OpenEnvironmentsAsync("admin@acme.test");
        var sandbox = page.GetByRole(AriaRole.Link, new() { Name = "Sandbox", Exact = true });
        var delete = page.GetByRole(AriaRole.Button, new() { Name = "Delete Sandbox" });
        var request = page.GetByRole(AriaRole.Dialog, new() { Name = "Request deletion of environment “Sandbox”" });
        var justification = request.GetByLabel("Justification");

        // The dialog says what would go, with the reason field focused; Escape and Cancel keep everything.
        await delete.ClickAsync();
        await Expect(request).ToContainTextAsync("1 variable, with its value");
        await Expect(justification).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(request).ToBeHiddenAsync();
        await delete.ClickAsync();
        await request.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(request).ToBeHiddenAsync();
        await Expect(sandbox).ToBeVisibleAsync();

        // Without a reason it does not send; with one, Enter sends it to a reviewer and the environment stays, marked.
        await delete.ClickAsync();
        await request.GetByRole(AriaRole.Button, new() { Name = "Send to a reviewer" }).ClickAsync();
        await Expect(request).ToContainTextAsync("Give a reason for the reviewer");
        await page.SaveScreenshotAsync("08-request-deletion-dialog");
        await justification.FillAsync("Sandbox experiments are finished");
        await justification.PressAsync("Enter");
        await Expect(request).ToBeHiddenAsync();
        await Expect(page.GetByText("Sent to a reviewer")).ToBeVisibleAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Open the request" });
        await Expect(link).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"/orgs/{await app.OrganizationIdAsync(SeededData.Acme)}/approvals/[0-9a-f-]{{36}}$"));
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sandbox" });
        await Expect(row).ToContainTextAsync("Deletion requested");
        await page.SaveScreenshotAsync("09-deletion-requested");
        await page.ReloadAsync();
        await Expect(sandbox).ToBeVisibleAsync();

        // Another person approves: the deletion runs, and the list no longer has it.
        Assert.Equal(Builder.Domain.Approvals.ApprovalStatus.Executed, await app.ApproveDeletionAsync(sandboxId));
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Development", Exact = true })).ToBeVisibleAsync();
        await Expect(sandbox).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Second_admin_saving_a_stale_edit_sees_the_conflict_dialog_naming_who_changed_it_and_can_reload()
    {
        await app.CreateAcmeEnvironmentAsync("Shared", "Before");
        var admin = await OpenEnvironmentsAsync("admin@acme.test");
        var reviewer = await OpenEnvironmentsAsync("reviewer@acme.test");

        // Both open the editor on the same version.
        var adminEditor = await OpenEditorAsync(admin);
        var reviewerEditor = await OpenEditorAsync(reviewer);

        // The admin saves first.
        await adminEditor.GetByLabel("Description").FillAsync("Changed by the admin");
        await adminEditor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(adminEditor).ToBeHiddenAsync();
        await Expect(admin.GetByText("Changed by the admin")).ToBeVisibleAsync();

        // The reviewer's save is refused: the conflict dialog names the admin and offers Reload.
        await reviewerEditor.GetByLabel("Description").FillAsync("Changed by the reviewer");
        await reviewerEditor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var conflict = reviewer.GetByRole(AriaRole.Dialog, new() { Name = "Someone else changed this" });
        await Expect(conflict).ToContainTextAsync("Your change was not saved.");
        await Expect(conflict).ToContainTextAsync("admin@acme.test");
        await reviewer.SaveScreenshotAsync("07-conflict-dialog");
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Reload" }).ClickAsync();
        await Expect(conflict).ToBeHiddenAsync();

        // Reloaded, the editor shows the admin's version; nothing was overwritten, and the reviewer can now save.
        await Expect(reviewerEditor.GetByLabel("Description")).ToHaveValueAsync("Changed by the admin");
        await Expect(reviewer.GetByText("Changed by the reviewer")).ToHaveCountAsync(0);
        await reviewerEditor.GetByLabel("Description").FillAsync("Changed by the reviewer");
        await reviewerEditor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(reviewerEditor).ToBeHiddenAsync();
        await Expect(reviewer.GetByRole(AriaRole.Row).Filter(new() { HasText = "Shared" })).ToContainTextAsync("Changed by the reviewer");
    }

    async Task<IPage> OpenEnvironmentsAsync(string email)
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var page = await app.NewSignedInPageAsync(email);
        await page.GotoAsync($"/orgs/{acme}/environments");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New environment" }));
        return page;
    }

    static async Task<ILocator> OpenEditorAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Shared" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Dialog, new() { Name = "Edit Shared" });
        await Expect(editor.GetByLabel("Description")).ToHaveValueAsync("Before");
        return editor;
    }
}
