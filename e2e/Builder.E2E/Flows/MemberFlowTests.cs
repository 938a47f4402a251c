using System.Text.RegularExpressions;
using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Flows;

/// <summary>Members & roles: inviting by email, and the rule that an organization keeps its last admin.</summary>
[Collection(BuilderAppCollection.Name)]
public sealed class MemberFlowTests(BuilderAppFixture app)
{
    [Fact]
    public async Task Admin_invites_a_newcomer_as_user_who_is_listed_as_invited()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var page = await app.NewSignedInPageAsync("admin@acme.test");

        await page.GotoAsync($"/orgs/{acme}/members");
        var invite = page.GetByRole(AriaRole.Button, new() { Name = "Invite member" });
        await page.WaitForInteractiveAsync(invite);
        await invite.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Invite to Acme Corp" });
        await dialog.GetByLabel("Email").FillAsync("newcomer@example.test");
        await Expect(dialog.GetByLabel("Role")).ToHaveValueAsync("User"); // the default
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByText("newcomer@example.test invited as User")).ToBeVisibleAsync();

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "newcomer@example.test" });
        await Expect(row.GetByText("Invited", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(row.GetByText("Not signed in yet")).ToBeVisibleAsync();
        await Expect(row.GetByLabel("Role of newcomer@example.test")).ToHaveValueAsync("User");
        await page.SaveScreenshotAsync("08-members");
    }

    [Fact]
    public async Task Demoting_the_last_globex_admin_is_refused_with_the_last_admin_message()
    {
        var globex = await app.OrganizationIdAsync(SeededData.Globex);
        var page = await app.NewSignedInPageAsync("admin@globex.test");

        await page.GotoAsync($"/orgs/{globex}/members");
        var role = page.GetByLabel("Role of admin@globex.test");
        await page.WaitForInteractiveAsync(role);
        await Expect(role).ToHaveValueAsync("Admin");
        await role.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^User")  }).ClickAsync();

        await Expect(page.GetByText("admin@globex.test is the last admin of this organization and cannot be demoted")).ToBeVisibleAsync();
        await Expect(role).ToHaveValueAsync("Admin");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Role of admin@globex.test")).ToHaveValueAsync("Admin");
    }
}
