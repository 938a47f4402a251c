using Builder.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.SignIn;

/// <summary>Development sign-in (no Auth0 configured): the seeded users sign in from /dev/sign-in.</summary>
public sealed class DevSignInTests(BuilderAppFixture app) : IClassFixture<BuilderAppFixture>
{
    [Fact]
    public async Task Unauthenticated_visit_leads_to_the_development_sign_in_page()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/");

        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl, "/dev/sign-in"));
        await Expect(page.Locator("form [name='email']").First).ToBeAttachedAsync();
    }

    [Fact]
    public async Task Admin_signs_in_and_sees_the_console_with_their_email_and_organization()
    {
        var page = await app.NewPageAsync();

        await page.SignInAsDevAsync("admin@acme.test");

        await Expect(page).ToHaveURLAsync(PageExtensions.AppUrl(app.BaseUrl));
        await Expect(page.GetByText("admin@acme.test").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Acme Corp").First).ToBeVisibleAsync();
    }
}
