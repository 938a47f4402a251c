using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Infrastructure;

public static class PageExtensions
{
    /// <summary>
    /// Signs in through the development sign-in page the way a person does: open /dev/sign-in, pick or type the
    /// email in field "email" and submit. Works whether the field is a text input, a select, or one small form
    /// per seeded user with a hidden "email" input and its own button. Returns once the app has redirected away.
    /// </summary>
    public static async Task SignInAsDevAsync(this IPage page, string email)
    {
        await page.GotoAsync("/dev/sign-in");
        var field = page.Locator("form [name='email']");
        await Expect(field.First).ToBeAttachedAsync();

        var perUser = page.Locator($"form:has(input[type='hidden'][name='email'][value='{email}'])");
        ILocator form;
        if (await perUser.CountAsync() > 0)
        {
            form = perUser.First;
        }
        else
        {
            var input = field.First;
            form = page.Locator("form").Filter(new() { Has = page.Locator("[name='email']") }).First;
            if (await input.EvaluateAsync<string>("e => e.tagName") == "SELECT")
                await input.SelectOptionAsync(new SelectOptionValue { Value = email });
            else
                await input.FillAsync(email);
        }
        await form.Locator("button[type='submit'], input[type='submit'], button:not([type])").First.ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/dev/sign-in", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Signs in on <see cref="Oidc.LocalOidcProvider"/>'s login page (the page must already be showing it)
    /// and waits until the browser is back on the app after /signin-oidc.
    /// </summary>
    public static async Task SignInAtLocalProviderAsync(this IPage page, string email, string appBaseUrl)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Oidc.LoginPage.Title })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(appBaseUrl + "/", StringComparison.Ordinal)
                                          && !url.Contains("/signin-oidc", StringComparison.Ordinal));
    }

    /// <summary>
    /// Waits until the Blazor circuit has made the page interactive. Controls that need the circuit are disabled
    /// until then (DESIGN.md), so pass one of them: Playwright then waits for it to be enabled. Without a control,
    /// waits for the layout's data-interactive="true" marker.
    /// </summary>
    public static async Task WaitForInteractiveAsync(this IPage page, ILocator? control = null)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        if (control is not null)
            await Expect(control).ToBeEnabledAsync();
        else
            await Expect(page.Locator("[data-interactive='true']").First).ToBeAttachedAsync();
    }

    /// <summary>Matches a URL on the app (absolute path starts with <paramref name="path"/>).</summary>
    public static Regex AppUrl(string baseUrl, string path = "/") =>
        new("^" + Regex.Escape(baseUrl + path));
}
