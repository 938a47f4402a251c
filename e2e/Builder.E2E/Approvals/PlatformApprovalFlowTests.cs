using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.Users;
using Builder.E2E.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Approvals;

/// <summary>
/// The platform's four eyes with two System administrators at two browsers: one asks, from the platform trash, to delete a
/// system model for good; the other's Platform approvals badge and list show it without a reload; they open it, see what goes,
/// approve, and it is gone from the trash. Own app (class fixture), so the badge counts only this class's requests.
/// Wide and light, narrow and dark.
/// </summary>
public sealed class PlatformApprovalFlowTests(BuilderAppFixture app) : IClassFixture<BuilderAppFixture>
{
    private const string System = "system@builder.local", SecondSystem = "second-system@builder.local";

    /// <summary>A second System administrator, inserted through the app's own DbContext factory (the seed has one).</summary>
    private async Task SecondSystemAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IBuilderDbContextFactory>().Create();
        if (await db.Users.AnyAsync(u => u.Email == SecondSystem)) return;
        db.Users.Add(new User { Email = SecondSystem, Name = "Sam System", IsSystem = true, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A system model in the platform's trash: its deletion asked by one System administrator and approved by the other through
    /// the app's ApprovalService (the arrangement, not the subject).
    /// </summary>
    private async Task<string> TrashedSystemModelAsync(string name)
    {
        var system = await app.ActorAsync(System);
        await using var scope = app.Services.CreateAsyncScope();
        var model = await scope.ServiceProvider.GetRequiredService<ModelService>().CreateSystemAsync(system,
            new ModelInput(name, "https://api.openai.com/v1/chat/completions", "gpt-4o-mini"));
        var approvals = scope.ServiceProvider.GetRequiredService<ApprovalService>();
        var request = await approvals.RequestAsync(system, ApprovalOperations.Delete, ResourceTypes.SystemModel, model.Id, "Set-up", null);
        var decided = await approvals.ApproveAsync(await app.ActorAsync(SecondSystem), request.Id, null);
        Assert.Equal(ApprovalStatus.Executed, decided.Status);
        return name;
    }

    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task A_purge_from_the_platform_trash_reaches_another_system_administrator_live_who_approves_it(int width, int height, string theme)
    {
        await SecondSystemAsync();
        var name = await TrashedSystemModelAsync($"Legacy mini {width}");
        var wide = width >= 1000;

        // The reviewing System administrator has Platform approvals open before anything is asked.
        var reviewer = await app.NewSignedInPageAsync(System);
        await reviewer.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await reviewer.SetViewportSizeAsync(width, height);
        await reviewer.GotoAsync("/system/approvals");
        await reviewer.WaitForInteractiveAsync();
        await Expect(reviewer.GetByRole(AriaRole.Heading, new() { Name = "Platform approvals" })).ToBeVisibleAsync();
        var badge = reviewer.Locator("nav a[href='/system/approvals'] [data-testid=approval-badge]");
        if (wide) await Expect(badge).ToBeHiddenAsync();

        // The other asks from the platform trash, with a reason.
        var requester = await app.NewSignedInPageAsync(SecondSystem);
        await requester.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await requester.SetViewportSizeAsync(width, height);
        await requester.GotoAsync("/system/trash");
        var purge = requester.GetByRole(AriaRole.Button, new() { Name = $"Delete {name} permanently" });
        await requester.WaitForInteractiveAsync(purge);
        await purge.ClickAsync();
        var ask = requester.GetByRole(AriaRole.Dialog, new() { Name = $"Delete {name} permanently?" });
        await Expect(ask).ToContainTextAsync("can no longer be restored");
        await ask.GetByLabel("Justification").FillAsync("Its provider key leaked");
        await ask.GetByRole(AriaRole.Button, new() { Name = "Send to a reviewer" }).ClickAsync();
        await Expect(requester.GetByText("Sent to a reviewer (a System administrator)")).ToBeVisibleAsync();
        await requester.SaveScreenshotAsync($"platform-trash-{width}-{theme}");

        // Pushed to the reviewer's circuit: the badge (in the drawer, wide) and the list, no reload, no poll.
        if (wide) await Expect(badge).ToHaveTextAsync("1");
        var row = reviewer.Locator(".mud-table-body tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("Its provider key leaked");
        await Expect(row).ToContainTextAsync(SecondSystem);
        await reviewer.SaveScreenshotAsync($"platform-approvals-{width}-{theme}");
        await row.GetByRole(AriaRole.Link).First.ClickAsync();

        await reviewer.WaitForURLAsync("**/system/approvals/*");
        await Expect(reviewer.Locator(".approval-consequences")).ToContainTextAsync("removed for good");
        var approve = reviewer.GetByRole(AriaRole.Button, new() { Name = "Approve" });
        await reviewer.WaitForInteractiveAsync(approve);
        await reviewer.SaveScreenshotAsync($"platform-approval-request-{width}-{theme}");
        var box = await approve.BoundingBoxAsync();
        Assert.True(box is not null && box.X + box.Width <= width, "The Approve button is on the screen");
        await approve.ClickAsync();
        var dialog = reviewer.GetByRole(AriaRole.Dialog, new() { Name = "Approve this request?" });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(reviewer.Locator(".approval-outcome")).ToContainTextAsync("Approved and done");
        if (wide) await Expect(badge).ToBeHiddenAsync();

        await requester.ReloadAsync();
        await Expect(requester.GetByRole(AriaRole.Heading, new() { Name = "Platform trash" })).ToBeVisibleAsync();
        await Expect(requester.GetByText(name)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_admin_finds_no_platform_approvals()
    {
        var admin = await app.NewSignedInPageAsync("admin@acme.test");
        await admin.GotoAsync("/system/approvals");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.GetByText("Not found").First).ToBeVisibleAsync();
        await Expect(admin.Locator("nav a[href='/system/approvals']")).ToHaveCountAsync(0);
    }
}
