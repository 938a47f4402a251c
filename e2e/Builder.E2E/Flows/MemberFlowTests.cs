using System.Text.RegularExpressions;
using Builder.Domain.Access;
using Builder.Domain.Members;
using Builder.Domain.Users;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Flows;

/// <summary>Members & roles: inviting by email, changing a role after a confirmation, removing through a reviewer, and the rule that an organization keeps its last admin.</summary>
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
    public async Task Removing_a_member_asks_a_reviewer_and_they_stay_until_it_is_approved()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var admin = await app.ActorAsync("admin@acme.test");
        MemberView invited;
        await using (var scope = app.Services.CreateAsyncScope())
            invited = await scope.ServiceProvider.GetRequiredService<MemberService>()
                .InviteAsync(admin, acme, new InviteInput("leaving@example.test", Role.Guest));
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.GotoAsync($"/orgs/{acme}/members");
        var remove = page.GetByRole(AriaRole.Button, new() { Name = "Remove leaving@example.test" });
        await page.WaitForInteractiveAsync(remove);

        await remove.ClickAsync();
        var request = page.GetByRole(AriaRole.Dialog, new() { Name = "Request removal of leaving@example.test" });
        await Expect(request).ToContainTextAsync("leaving@example.test leaves “Acme Corp”");
        await request.GetByLabel("Justification").FillAsync("Contract ended");
        await request.GetByRole(AriaRole.Button, new() { Name = "Send to a reviewer" }).ClickAsync();
        await Expect(page.GetByText("Sent to a reviewer")).ToBeVisibleAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "leaving@example.test" });
        await Expect(row).ToContainTextAsync("Deletion requested");

        Assert.Equal(Builder.Domain.Approvals.ApprovalStatus.Executed, await app.ApproveDeletionAsync(invited.Id));
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove guest@acme.test" })).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);
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

    [Fact]
    public async Task Changing_a_role_asks_first_naming_the_person_and_the_role()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var email = $"role-{Guid.NewGuid():N}"[..13] + "@example.test";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccountService>();
            var admin = await accounts.BuildActorAsync((await accounts.FindByEmailAsync("admin@acme.test"))!.Id);
            await scope.ServiceProvider.GetRequiredService<MemberService>().InviteAsync(admin!, acme, new InviteInput(email, Role.User));
        }
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.GotoAsync($"/orgs/{acme}/members");
        var search = page.GetByPlaceholder("Search by email");
        await page.WaitForInteractiveAsync(search);
        await search.FillAsync(email);
        await Expect(page.GetByLabel("Role of admin@acme.test")).ToHaveCountAsync(0); // the search has applied
        var role = page.GetByLabel($"Role of {email}");
        await Expect(role).ToHaveValueAsync("User");

        await ChooseAsync(page, role, "Guest");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Change role?" });
        await Expect(dialog).ToContainTextAsync($"Make {email} a Guest?");
        await page.SaveScreenshotAsync("08-member-role-confirmation");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByLabel($"Role of {email}")).ToHaveValueAsync("User");

        await ChooseAsync(page, page.GetByLabel($"Role of {email}"), "Guest");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Make Guest" }).ClickAsync();
        await Expect(page.GetByText($"{email} is now Guest")).ToBeVisibleAsync();
        await Expect(page.GetByLabel($"Role of {email}")).ToHaveValueAsync("Guest");
    }

    /// <summary>Opens a role select and picks a role; the grid re-creates its selects after a reload, so a click may need repeating.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string role)
    {
        var option = page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex($"^{role}") });
        for (var attempt = 1; ; attempt++)
        {
            await select.ClickAsync();
            try
            {
                await option.WaitForAsync(new() { Timeout = 5000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3) { }
        }
        await option.ClickAsync();
    }
}
