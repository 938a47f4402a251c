using Builder.E2E.Infrastructure;

namespace Builder.E2E.Console;

/// <summary>
/// Every page of the console fits a 390 px phone: nothing makes the page scroll sideways (wide tables scroll inside
/// their own card, long paths and names wrap or end in an ellipsis).
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class PhoneWidthTests(BuilderAppFixture app)
{
    [Fact]
    public async Task No_page_scrolls_sideways_at_390_px()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var development = await app.EnvironmentIdAsync(SeededData.Acme, "Development");
        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(390, 844);
        string[] paths =
        [
            "/", "/orgs", $"/orgs/{acme}/environments", $"/orgs/{acme}/envs/{development}/variables", $"/orgs/{acme}/members",
            $"/orgs/{acme}/settings/api-keys", $"/orgs/{acme}/audit", $"/orgs/{acme}/models", $"/orgs/{acme}/envs/{development}/workflows",
            $"/orgs/{acme}/entities", $"/orgs/{acme}/entities/new", $"/orgs/{acme}/prompt-templates", $"/orgs/{acme}/prompts", "/api-docs",
        ];
        var wide = new List<string>();
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            if (path == "/api-docs") await page.Locator("details.op").First.WaitForAsync();
            else await page.WaitForInteractiveAsync();
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > 390) wide.Add($"{path}: {width} px");
        }
        Assert.True(wide.Count == 0, "Pages wider than a 390 px phone: " + string.Join("; ", wide));
    }
}
