using Builder.Domain.Access;
using Builder.Domain.Members;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Console;

/// <summary>
/// What a new user stumbled on: typing into a create dialog at once, long names pushing buttons off the screen,
/// and the chosen environment being forgotten between pages.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class ConsoleUiFlowTests(BuilderAppFixture app)
{
    [Fact]
    public async Task A_create_dialog_takes_typing_at_once_and_shows_no_required_message()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.GotoAsync($"/orgs/{acme}/environments");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "New environment" });
        await page.WaitForInteractiveAsync(create);

        await create.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New environment" });
        var name = dialog.GetByLabel("Name");
        await Expect(name).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Staging");

        await Expect(name).ToHaveValueAsync("Staging");
        await Expect(dialog).Not.ToContainTextAsync("Required");
        await page.SaveScreenshotAsync("ui-01-create-dialog");
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task A_long_name_keeps_the_delete_button_on_the_screen(int width, int height)
    {
        var longName = "Long" + new string('n', 92); // with the width, the environment name limit; no space to break at
        var environment = await app.CreateAcmeEnvironmentAsync(longName + width, new string('d', 400));
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/environments");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New environment" }));

        var delete = page.GetByRole(AriaRole.Button, new() { Name = $"Delete {longName}{width}" });
        await delete.ScrollIntoViewIfNeededAsync();
        var box = await delete.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X + box.Width <= width, $"The Delete button ends at {box.X + box.Width} px on a {width} px screen.");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the screen.");
        await page.SaveScreenshotAsync($"ui-02-long-name-{width}");

        // The environment's own page: its name is in the breadcrumb and the description; the page action stays on screen.
        await page.GotoAsync($"/orgs/{acme}/envs/{environment}/variables");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "New variable" });
        await page.WaitForInteractiveAsync(create);
        var createBox = await create.BoundingBoxAsync();
        Assert.NotNull(createBox);
        Assert.True(createBox.X + createBox.Width <= width, $"New variable ends at {createBox.X + createBox.Width} px on a {width} px screen.");
        overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The variables page is {overflow} px wider than the screen.");
        await page.SaveScreenshotAsync($"ui-03-long-environment-{width}");
    }

    [Fact]
    public async Task The_chosen_environment_stays_chosen_across_pages_and_sessions()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var production = await app.EnvironmentIdAsync(SeededData.Acme, "Production");
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.GotoAsync($"/orgs/{acme}/envs/{production}/variables");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New variable" }));

        var nav = page.Locator(".console-nav");
        await nav.GetByRole(AriaRole.Link, new() { Name = "Members & roles" }).ClickAsync();
        await page.WaitForURLAsync($"**/orgs/{acme}/members");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "Invite member" }));
        await nav.GetByRole(AriaRole.Link, new() { Name = "Variables" }).ClickAsync();
        await page.WaitForURLAsync($"**/orgs/{acme}/envs/{production}/variables");

        // A new page load (a new circuit) on a page without an environment in its URL still knows it.
        await page.GotoAsync($"/orgs/{acme}/members");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "Invite member" }));
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Variables" })).ToHaveAttributeAsync("href", $"/orgs/{acme}/envs/{production}/variables");
    }

    /// <summary>A long member email and a long environment name in the app bar end in an ellipsis and push nothing off the screen.</summary>
    [Theory]
    [InlineData(1440, 900)]
    [InlineData(390, 844)]
    public async Task A_long_email_and_a_long_environment_name_end_in_an_ellipsis(int width, int height)
    {
        const string cut = "e => e.scrollWidth > e.clientWidth && getComputedStyle(e).textOverflow === 'ellipsis'";
        var environmentName = "Wide" + new string('w', 88) + width;
        var environment = await app.CreateAcmeEnvironmentAsync(environmentName);
        var email = new string('m', 110) + width + "@example.test";
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<MemberService>().InviteAsync(await app.ActorAsync("admin@acme.test"), acme,
                new InviteInput(email, Role.Guest));
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(width, height);

        await page.GotoAsync($"/orgs/{acme}/envs/{environment}/variables");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New variable" }));
        var switcher = page.GetByRole(AriaRole.Button, new() { Name = $"Environment: {environmentName}" });
        var label = switcher.Locator(".mud-button-label");
        await Expect(label).ToHaveTextAsync(environmentName);
        Assert.True(await label.EvaluateAsync<bool>(cut), "The environment's name in the app bar ends in an ellipsis.");
        var box = (await switcher.BoundingBoxAsync())!;
        Assert.True(box.X + box.Width <= width, $"The environment button ends at {box.X + box.Width} px on a {width} px screen.");
        await page.SaveScreenshotAsync($"ui-04-long-environment-button-{width}");

        await page.GotoAsync($"/orgs/{acme}/members");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "Invite member" }));
        await page.GetByPlaceholder("Search by email").FillAsync(email[100..]);
        await Expect(page.Locator(".mud-table-body tr")).ToHaveCountAsync(1); // the search has applied; the rows stay put
        var shown = page.Locator(".mud-table-body .truncate", new() { HasText = email });
        await Expect(shown).ToHaveCountAsync(1);
        Assert.True(await shown.EvaluateAsync<bool>(cut), "The long email ends in an ellipsis.");
        await Expect(shown).ToHaveAttributeAsync("title", email);
        var remove = page.GetByRole(AriaRole.Button, new() { Name = $"Remove {email}" });
        await remove.ScrollIntoViewIfNeededAsync();
        var removeBox = (await remove.BoundingBoxAsync())!;
        Assert.True(removeBox.X + removeBox.Width <= width, $"Remove ends at {removeBox.X + removeBox.Width} px on a {width} px screen.");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The members page is {overflow} px wider than the screen.");
        var wider = await page.Locator(".grid-card .mud-table-container").EvaluateAsync<int>("e => e.scrollWidth - e.clientWidth");
        Assert.True(wider <= 0, $"The members table is {wider} px wider than its card (its labels are cut off).");
        await page.SaveScreenshotAsync($"ui-05-long-email-{width}");
    }
}
