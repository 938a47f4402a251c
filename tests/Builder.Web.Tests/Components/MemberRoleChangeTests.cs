using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Web.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components;

/// <summary>
/// Changing a member's role asks first, naming the person and the new role; cancelling changes nothing; and the
/// last admin's demotion is refused at once, with no dialog to confirm something that cannot happen.
/// </summary>
public sealed class MemberRoleChangeTests : ConsoleTestContext
{
    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> MembersPageAsync(string signedIn, string organization)
    {
        await SignInAsync(signedIn);
        var page = RenderWithProviders<MembersPage>(new() { ["OrgId"] = await OrganizationIdAsync(organization) });
        page.WaitForAssertion(() => Assert.Contains(signedIn, page.Find(".mud-table-body").TextContent));
        return page;
    }

    private static void ChooseRole(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string email, string role)
    {
        var row = page.FindAll(".mud-table-body tr").Single(r => r.TextContent.Contains(email));
        row.QuerySelector(".mud-select .mud-input-control")!.MouseDown();
        page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim().StartsWith(role)).Click();
    }

    private async Task<(Role Role, Guid Version)> StoredAsync(string email, string organization)
    {
        var organizationId = await OrganizationIdAsync(organization);
        await using var db = Service<IBuilderDbContextFactory>().Create();
        var membership = await db.Memberships.AsNoTracking().SingleAsync(m => m.Email == email && m.OrganizationId == organizationId);
        return (membership.Role, membership.Version);
    }

    private static string RoleShown(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string email) =>
        page.FindAll(".mud-table-body tr").Single(r => r.TextContent.Contains(email)).QuerySelector(".mud-select input")!.GetAttribute("value")!;

    [Fact]
    public async Task The_confirmation_names_the_person_and_the_new_role_and_confirming_applies_it()
    {
        var page = await MembersPageAsync("admin@acme.test", DevelopmentSeed.AcmeName);

        ChooseRole(page, "guest@acme.test", "Admin");

        var dialog = page.WaitForElement(".mud-dialog");
        Assert.Contains("Make Grace Guest (guest@acme.test) an Admin?", dialog.TextContent);
        Assert.Equal(Role.Guest, (await StoredAsync("guest@acme.test", DevelopmentSeed.AcmeName)).Role);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Make Admin").Click();

        page.WaitForAssertion(() => Assert.Contains("guest@acme.test is now Admin", page.Markup));
        Assert.Equal(Role.Admin, (await StoredAsync("guest@acme.test", DevelopmentSeed.AcmeName)).Role);
    }

    [Fact]
    public async Task Cancelling_changes_nothing_and_shows_the_old_role_again()
    {
        var page = await MembersPageAsync("admin@acme.test", DevelopmentSeed.AcmeName);
        var before = await StoredAsync("builder@acme.test", DevelopmentSeed.AcmeName);

        ChooseRole(page, "builder@acme.test", "Guest");
        page.WaitForElement(".mud-dialog");
        Assert.Contains("Make Bob Builder (builder@acme.test) a Guest?", page.Find(".mud-dialog").TextContent);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        page.WaitForAssertion(() => Assert.Equal("User", RoleShown(page, "builder@acme.test")));
        Assert.Equal(before, await StoredAsync("builder@acme.test", DevelopmentSeed.AcmeName));
        Assert.DoesNotContain("is now", page.Markup);
    }

    [Fact]
    public async Task The_last_admins_demotion_is_refused_before_any_confirmation()
    {
        var page = await MembersPageAsync("admin@globex.test", DevelopmentSeed.GlobexName);
        var before = await StoredAsync("admin@globex.test", DevelopmentSeed.GlobexName);

        ChooseRole(page, "admin@globex.test", "Guest");

        page.WaitForAssertion(() => Assert.Contains(
            "admin@globex.test is the last admin of this organization and cannot be demoted. Make another member an admin first.", page.Markup));
        Assert.Empty(page.FindAll(".mud-dialog"));
        page.WaitForAssertion(() => Assert.Equal("Admin", RoleShown(page, "admin@globex.test")));
        Assert.Equal(before, await StoredAsync("admin@globex.test", DevelopmentSeed.GlobexName));
    }

    [Fact]
    public async Task Removing_the_last_admin_is_refused_before_anyone_types_a_reason()
    {
        var page = await MembersPageAsync("admin@globex.test", DevelopmentSeed.GlobexName);
        var before = await StoredAsync("admin@globex.test", DevelopmentSeed.GlobexName);

        page.Find("button[aria-label='Remove admin@globex.test']").Click();

        page.WaitForAssertion(() => Assert.Contains(
            "admin@globex.test is the last admin of this organization and cannot be removed. Make another member an admin first.",
            page.Find(".mud-dialog .request-refusal").TextContent));
        Assert.Empty(page.FindAll(".request-justification"));
        Assert.Equal(["Close"], page.FindAll(".mud-dialog button").Select(b => b.TextContent.Trim()).Where(t => t.Length > 0));
        Assert.Equal(before, await StoredAsync("admin@globex.test", DevelopmentSeed.GlobexName));
    }

    [Fact]
    public async Task Removing_another_member_asks_a_reviewer_naming_them()
    {
        var page = await MembersPageAsync("admin@acme.test", DevelopmentSeed.AcmeName);

        page.Find("button[aria-label='Remove guest@acme.test']").Click();

        page.WaitForAssertion(() => Assert.Contains("guest@acme.test leaves “Acme Corp”", page.Find(".mud-dialog").TextContent));
        Assert.Contains("Request removal of guest@acme.test", page.Find(".mud-dialog").TextContent);
        SendDeletionRequest(page, "Left the company");

        page.WaitForAssertion(() => Assert.Contains("Sent to a reviewer", page.Markup));
        Assert.Equal(Role.Guest, (await StoredAsync("guest@acme.test", DevelopmentSeed.AcmeName)).Role);
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        Guid memberId;
        await using (var db = Service<IBuilderDbContextFactory>().Create())
            memberId = await db.Memberships.Where(m => m.Email == "guest@acme.test" && m.OrganizationId == acme).Select(m => m.Id).SingleAsync();
        Assert.True(await DeletionPendingAsync(memberId));
        page.WaitForAssertion(() => Assert.Contains("Deletion requested",
            page.FindAll(".mud-table-body tr").Single(r => r.TextContent.Contains("guest@acme.test")).TextContent));
    }

    [Fact]
    public async Task A_long_email_is_cut_with_an_ellipsis_and_shown_whole_in_its_tooltip()
    {
        var email = new string('m', 120) + "@example.test";
        var admin = await SignInAsync("admin@acme.test");
        await Service<Builder.Domain.Members.MemberService>().InviteAsync(admin, await OrganizationIdAsync(DevelopmentSeed.AcmeName),
            new Builder.Domain.Members.InviteInput(email, Role.Guest));

        var page = await MembersPageAsync("admin@acme.test", DevelopmentSeed.AcmeName);

        page.WaitForAssertion(() =>
        {
            var shown = page.FindAll(".mud-table-body .truncate").Single(t => t.TextContent == email);
            Assert.Equal(email, shown.GetAttribute("title"));
        });
    }
}
