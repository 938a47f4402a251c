using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Flows;

/// <summary>What each role sees: a guest reads without edit controls, another organization's admin finds nothing, System sees every organization.</summary>
[Collection(BuilderAppCollection.Name)]
public sealed class RoleFlowTests(BuilderAppFixture app)
{
    const string VariableName = "SLACK_WEBHOOK_URL";

    [Fact]
    public async Task Guest_sees_variables_but_no_new_edit_or_delete_buttons()
    {
        var development = await app.EnvironmentIdAsync(SeededData.Acme, "Development");
        await app.CreateAcmeVariableAsync(development, VariableName, "https://hooks.example.test/guest-must-not-see");
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var page = await app.NewSignedInPageAsync("guest@acme.test");

        await page.GotoAsync($"/orgs/{acme}/envs/{development}/variables");
        await page.WaitForInteractiveAsync(page.Locator("button[aria-label='Account']"));
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = VariableName });
        await Expect(row.GetByText("Set", new() { Exact = true })).ToBeVisibleAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New variable" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Edit {VariableName}" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Delete {VariableName}" })).ToHaveCountAsync(0);

        // The environments list is read-only for a guest too.
        await page.GotoAsync($"/orgs/{acme}/environments");
        await page.WaitForInteractiveAsync(page.Locator("button[aria-label='Account']"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Development", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New environment" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit Development" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete Development" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Admin_of_another_organization_opening_acme_urls_sees_not_found_and_none_of_the_data()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var development = await app.EnvironmentIdAsync(SeededData.Acme, "Development");
        var page = await app.NewSignedInPageAsync("admin@globex.test");

        foreach (var path in new[]
                 {
                     $"/orgs/{acme}/environments", $"/orgs/{acme}/envs/{development}/variables",
                     $"/orgs/{acme}/members", $"/orgs/{acme}/settings/api-keys", $"/orgs/{acme}/audit",
                 })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
            var html = await page.ContentAsync();
            Assert.DoesNotContain("Acme Corp", html);
            Assert.DoesNotContain("Development", html);
            Assert.DoesNotContain("admin@acme.test", html);
        }
    }

    [Fact]
    public async Task System_administrator_sees_every_organization()
    {
        var page = await app.NewSignedInPageAsync("system@builder.local");

        await page.GotoAsync("/orgs");
        await page.WaitForInteractiveAsync(page.GetByRole(AriaRole.Button, new() { Name = "New organization" }));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Acme Corp", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Globex", Exact = true })).ToBeVisibleAsync();
        await page.SaveScreenshotAsync("09-organizations-as-system");
    }
}
