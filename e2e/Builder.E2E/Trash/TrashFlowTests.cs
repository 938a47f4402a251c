using Builder.Domain.Environments;
using Builder.Domain.Variables;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Trash;

/// <summary>
/// An Admin finds a deleted environment in the organization's trash (with its variables), restores it at once, and it is
/// back in the environments list with them; a reused name asks for a new one. Wide and narrow, light and dark.
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class TrashFlowTests(BuilderAppFixture app)
{
    [Theory]
    [InlineData(1440, 900, "light")]
    [InlineData(390, 844, "dark")]
    public async Task An_admin_restores_a_deleted_environment_with_its_variables(int width, int height, string theme)
    {
        var name = $"Sandbox {width} {theme}";
        var environment = await app.CreateAcmeEnvironmentAsync(name);
        await app.CreateAcmeVariableAsync(environment, "SANDBOX_KEY", "secret");
        var admin = await app.ActorAsync("admin@acme.test");
        await app.DeleteApprovedAsync(Builder.Domain.Audit.ResourceTypes.Environment, environment);
        var acme = await app.OrganizationIdAsync(SeededData.Acme);

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.Context.AddCookiesAsync([new Cookie { Name = "builder.theme", Value = theme, Url = app.BaseUrl }]);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync($"/orgs/{acme}/trash");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        var restore = page.GetByRole(AriaRole.Button, new() { Name = $"Restore {name}" });
        await page.WaitForInteractiveAsync(restore);
        await Expect(row).ToContainTextAsync("with 1 record");
        await Expect(row).ToContainTextAsync("purged in 30 days");
        await page.SaveScreenshotAsync($"trash-{width}-{theme}");
        var box = await restore.BoundingBoxAsync();
        Assert.True(box is not null && box.X + box.Width <= width, "The Restore button is on the screen");

        // Delete permanently asks a reviewer, with a reason; cancelled here, it changes nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {name} permanently" }).ClickAsync();
        var request = page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete {name} permanently?" });
        await Expect(request).ToContainTextAsync("can no longer be restored");
        await Expect(request.GetByLabel("Justification")).ToBeVisibleAsync();
        await page.SaveScreenshotAsync($"trash-purge-{width}-{theme}");
        await request.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(request).ToBeHiddenAsync();

        await restore.ClickAsync();
        await Expect(page.GetByText($"Environment {name} restored with 1 record")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);

        await page.GotoAsync($"/orgs/{acme}/envs/{environment}/variables");
        await Expect(page.GetByText("SANDBOX_KEY")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_name_reused_meanwhile_is_restored_under_a_new_one()
    {
        var development = await app.EnvironmentIdAsync(SeededData.Acme, "Development");
        var admin = await app.ActorAsync("admin@acme.test");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var variables = scope.ServiceProvider.GetRequiredService<VariableService>();
            var old = await variables.CreateAsync(admin, development, new VariableInput("REUSED_KEY", "old"));
            await app.DeleteApprovedAsync(Builder.Domain.Audit.ResourceTypes.Variable, old.Id);
            await variables.CreateAsync(admin, development, new VariableInput("REUSED_KEY", "new"));
        }
        var acme = await app.OrganizationIdAsync(SeededData.Acme);

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.GotoAsync($"/orgs/{acme}/trash");
        var restore = page.GetByRole(AriaRole.Button, new() { Name = "Restore REUSED_KEY" });
        await page.WaitForInteractiveAsync(restore);
        await restore.ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Restore variable under a new name" });
        await Expect(dialog).ToContainTextAsync("A variable named 'REUSED_KEY' already exists in this environment");
        await dialog.GetByLabel("New name").FillAsync("REUSED_KEY_OLD");
        await page.SaveScreenshotAsync("trash-rename");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Expect(page.GetByText("Variable REUSED_KEY_OLD restored")).ToBeVisibleAsync();

        await page.GotoAsync($"/orgs/{acme}/envs/{development}/variables");
        await Expect(page.GetByText("REUSED_KEY_OLD")).ToBeVisibleAsync();
    }
}
