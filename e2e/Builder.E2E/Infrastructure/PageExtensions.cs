using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Infrastructure;

public static class PageExtensions
{
    /// <summary>
    /// Signs in through the development sign-in page the way a person does: open /dev/sign-in, then choose the
    /// seeded user (a submit button name="email" value="{email}", or a form with that hidden email) or, when the
    /// email is not offered, type it into the "email" field and submit. Returns once the app has redirected away.
    /// </summary>
    public static async Task SignInAsDevAsync(this IPage page, string email)
    {
        await page.GotoAsync("/dev/sign-in");
        await Expect(page.Locator("form [name='email']").First).ToBeAttachedAsync();

        var choice = page.Locator($"form button[name='email'][value='{email}'], form input[type='submit'][name='email'][value='{email}']");
        var perUserForm = page.Locator($"form:has(input[type='hidden'][name='email'][value='{email}'])");
        if (await choice.CountAsync() > 0)
        {
            await choice.First.ClickAsync();
        }
        else if (await perUserForm.CountAsync() > 0)
        {
            await perUserForm.First.Locator("button[type='submit'], input[type='submit'], button:not([type])").First.ClickAsync();
        }
        else
        {
            var field = page.Locator("form select[name='email'], form input[name='email']:not([type='hidden'])").First;
            if (await field.EvaluateAsync<string>("e => e.tagName") == "SELECT")
                await field.SelectOptionAsync(new SelectOptionValue { Value = email });
            else
                await field.FillAsync(email);
            await field.Locator("xpath=ancestor::form[1]")
                .Locator("button[type='submit'], input[type='submit'], button:not([type])").First.ClickAsync();
        }
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
    /// waits for the app bar's theme toggle, which every console page has and which is disabled until then.
    /// </summary>
    public static async Task WaitForInteractiveAsync(this IPage page, ILocator? control = null)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        if (control is not null)
            await Expect(control).ToBeEnabledAsync();
        else
            await Expect(page.Locator("header button[aria-label^='Switch to']")).ToBeEnabledAsync();
    }

    /// <summary>Matches a URL on the app (absolute path starts with <paramref name="path"/>).</summary>
    public static Regex AppUrl(string baseUrl, string path = "/") =>
        new("^" + Regex.Escape(baseUrl + path));
}
