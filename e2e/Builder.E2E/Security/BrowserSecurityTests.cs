using System.Text.Json.Nodes;
using Builder.E2E.Canvas;
using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Security;

/// <summary>
/// In a real Chromium: the Content-Security-Policy breaks no console page (Monaco and the canvas included), sign-out from
/// the account menu ends the session for every copy of the cookie, and a hostile return URL keeps the browser on the app.
/// </summary>
public sealed class BrowserSecurityTests(BuilderAppFixture app) : IClassFixture<BuilderAppFixture>
{
    /// <summary>Collects CSP violations: Chromium's console reports and the page's securitypolicyviolation events.</summary>
    private static async Task<List<string>> WatchCspAsync(IPage page)
    {
        var violations = new List<string>();
        await page.Context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
                lock (violations) violations.Add($"{page.Url}: {message.Text}");
        };
        page.Worker += (_, worker) => worker.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (violations) violations.Add($"worker {worker.Url}: {message.Text}");
        };
        return violations;
    }

    [Fact]
    public async Task Every_console_page_Monaco_the_canvas_and_the_api_docs_run_without_a_CSP_violation()
    {
        var arrange = await new CanvasArrange(app).InAcmeDevelopmentAsync();
        var prompt = await arrange.EntityAsync("CSP prompt", CanvasArrange.Prompt);
        var action = await arrange.EntityAsync("CSP action", CanvasArrange.Action);
        var workflow = await arrange.WorkflowAsync("CSP flow", CanvasArrange.Node("root", prompt, 100, 100, CanvasArrange.Node("child", action, 100, 260)));
        var (org, env) = (arrange.OrgId, arrange.EnvId);

        var page = await app.NewPageAsync();
        var violations = await WatchCspAsync(page);
        await page.SignInAsDevAsync("admin@acme.test");

        foreach (var url in new[]
                 {
                     "/", "/orgs", $"/orgs/{org}", $"/orgs/{org}/environments", $"/orgs/{org}/envs/{env}/variables",
                     $"/orgs/{org}/members", $"/orgs/{org}/settings/api-keys", $"/orgs/{org}/audit", $"/orgs/{org}/entities",
                     $"/orgs/{org}/envs/{env}/workflows",
                 })
        {
            await page.GotoAsync(url);
            try
            {
                await page.WaitForInteractiveAsync(page.Locator("button[aria-label='Account']"));
            }
            catch (PlaywrightException error)
            {
                lock (violations) throw new Xunit.Sdk.XunitException($"{url} did not become interactive ({error.Message}); CSP: {string.Join("\n", violations)}");
            }
        }

        // The entity editor loads Monaco (scripts, styles, fonts, its JavaScript worker) on first show.
        await page.GotoAsync($"/orgs/{org}/entities/new");
        await page.WaitForInteractiveAsync(page.Locator("button[aria-label='Account']"));
        var editor = page.Locator(".monaco-editor").First;
        await Expect(editor).ToBeVisibleAsync();
        await editor.ClickAsync();
        await page.Keyboard.TypeAsync("const total = message.items.length;");
        await Expect(page.Locator(".monaco-editor .view-lines")).ToContainTextAsync("const total");

        // The canvas: its module (import map), SVG nodes and links.
        await page.GotoAsync(arrange.EditorUrl(workflow.Id));
        await page.WaitForInteractiveAsync(page.Locator("button[aria-label='Account']"));
        await Expect(page.Locator("[data-node-id='child']")).ToBeAttachedAsync();

        // The API docs: an inline script by nonce, in a page of its own.
        await page.GotoAsync("/api-docs");
        await Expect(page.Locator("details.op").First).ToBeAttachedAsync();
        await Expect(page.Locator("#auth")).ToContainTextAsync("pwrusr");

        lock (violations) Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task Sign_out_from_the_account_menu_ends_the_session_for_a_copy_of_the_cookie_too()
    {
        var page = await app.NewSignedInPageAsync("builder@acme.test");
        var copy = (await page.Context.CookiesAsync()).Single(c => c.Name == "builder.session");

        await page.Locator("button[aria-label='Account']").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" })
            .Or(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, "/account/signed-out"));

        // Another browser holding the cookie taken before sign-out is asked to sign in.
        var other = await app.NewPageAsync();
        await other.Context.AddCookiesAsync([new Cookie { Name = copy.Name, Value = copy.Value, Domain = copy.Domain, Path = copy.Path }]);
        await other.GotoAsync("/");
        await Expect(other).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, "/dev/sign-in"));
    }

    [Fact]
    public async Task A_return_url_with_a_tab_keeps_the_browser_on_the_app_after_sign_in()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/account/sign-in?returnUrl=%2F%09%2F127.0.0.1%3A5999%2Fpwned");
        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, "/dev/sign-in"));
        // And the form itself, given the hostile value directly.
        await page.GotoAsync("/dev/sign-in?returnUrl=%2F%09%2F127.0.0.1%3A5999%2Fpwned");
        await page.Locator("form button[name='email'][value='admin@acme.test']").ClickAsync();

        await Expect(page).ToHaveURLAsync(app.BaseUrl + "/");
        await Expect(page.GetByText("admin@acme.test").First).ToBeVisibleAsync();
    }
}
