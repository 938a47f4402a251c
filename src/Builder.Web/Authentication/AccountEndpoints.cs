using System.Net;
using Builder.Domain.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Builder.Web.Authentication;

/// <summary>Sign-in, sign-out, and the development sign-in form (Development without Auth0 only).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/sign-in", SignIn).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/account/sign-out", SignOut).ExcludeFromDescription();
        app.MapGet("/account/signed-out", SignedOut).AllowAnonymous().ExcludeFromDescription();

        var auth0 = app.ServiceProvider.GetRequiredService<Auth0Settings>();
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        if (!auth0.IsConfigured && environment.IsDevelopment())
        {
            app.MapGet("/dev/sign-in", DevSignInForm).AllowAnonymous().ExcludeFromDescription();
            app.MapPost("/dev/sign-in", DevSignIn).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }

    private static IResult SignIn(HttpContext context, Auth0Settings auth0, string? returnUrl)
    {
        var target = ReturnUrl.Safe(returnUrl);
        if (auth0.IsConfigured) return Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [AuthenticationSetup.Auth0]);
        return Results.Redirect($"/dev/sign-in?returnUrl={Uri.EscapeDataString(target)}");
    }

    /// <summary>
    /// Needs the antiforgery token (a cross-site form cannot sign anyone out) and ends the session on the server: the
    /// user's session stamp changes, so a copy of the cookie taken before stops working at once.
    /// </summary>
    private static async Task<IResult> SignOut(HttpContext context, Auth0Settings auth0, IAntiforgery antiforgery,
        UserAccountService accounts, SessionStamps stamps)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return Page("Sign-out refused", """
                <h1>Sign-out needs the page's form</h1>
                <p>The request did not carry a valid antiforgery token, so you are still signed in. Reload the console and use Sign out in the account menu.</p>
                <p><a class="button" href="/">Back to the console</a></p>
                """, StatusCodes.Status400BadRequest);
        if (context.User.Identity?.IsAuthenticated == true && BuilderClaims.UserIdOf(context.User) is { } userId)
            stamps.Set(userId, await accounts.RotateSessionStampAsync(userId, context.RequestAborted));
        var properties = new AuthenticationProperties { RedirectUri = "/account/signed-out" };
        if (auth0.IsConfigured) return Results.SignOut(properties, [AuthenticationSetup.Cookie, AuthenticationSetup.Auth0]);
        await context.SignOutAsync(AuthenticationSetup.Cookie);
        return Results.Redirect(properties.RedirectUri);
    }

    private static IResult SignedOut() => Page("Signed out", """
        <h1>You have signed out</h1>
        <p>Your Builder session has ended.</p>
        <p><a class="button" href="/account/sign-in">Sign in again</a></p>
        """);

    private static async Task<IResult> DevSignInForm(HttpContext context, IAntiforgery antiforgery, UserAccountService accounts, string? returnUrl, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var users = await accounts.ListSignInCandidatesAsync();
        var options = string.Join("\n", users.Select(u =>
            $"""<li><button type="submit" name="email" value="{E(u.Email)}"><strong>{E(u.Email)}</strong><span>{E(u.Name)}{(u.IsSystem ? " · System" : "")}</span></button></li>"""));
        var message = error is null ? "" : $"""<p class="error" role="alert">{E(error)}</p>""";
        return Page("Development sign-in", $"""
            <h1>Development sign-in</h1>
            <p>Auth0 is not configured, so this development-only form signs you in as a seeded user.</p>
            {message}
            <form method="post" action="/dev/sign-in">
              <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken!)}" />
              <input type="hidden" name="returnUrl" value="{E(ReturnUrl.Safe(returnUrl))}" />
              <ul class="users">{options}</ul>
            </form>
            <form method="post" action="/dev/sign-in" class="other">
              <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken!)}" />
              <input type="hidden" name="returnUrl" value="{E(ReturnUrl.Safe(returnUrl))}" />
              <label for="email">Or type an email</label>
              <input id="email" name="email" type="email" required autocomplete="off" placeholder="admin@acme.test" />
              <button type="submit">Sign in</button>
            </form>
            """);
    }

    private static async Task<IResult> DevSignIn(HttpContext context, UserAccountService accounts, [FromForm] string? email, [FromForm] string? returnUrl)
    {
        var user = string.IsNullOrWhiteSpace(email) ? null : await accounts.FindByEmailAsync(email);
        if (user is null)
            return Results.Redirect($"/dev/sign-in?error={Uri.EscapeDataString($"No user with the email '{email}'. Pick one of the seeded users.")}");
        var properties = new AuthenticationProperties();
        AuthenticationSetup.StartSession(context, properties, user.Id, user.SessionStamp);
        await context.SignInAsync(AuthenticationSetup.Cookie,
            BuilderClaims.For(user.Id, user.Email, user.Name, "Development", sessionStamp: user.SessionStamp), properties);
        return Results.Redirect(ReturnUrl.Safe(returnUrl));
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);

    private static IResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) => Results.Content($$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}} · Builder</title>
        <style>
          body { font-family: Roboto, system-ui, sans-serif; background: #f5f6fa; color: #1f2330; margin: 0; }
          main { max-width: 520px; margin: 8vh auto; background: #fff; border-radius: 12px; padding: 32px 36px; box-shadow: 0 4px 24px rgba(0,0,0,.08); }
          h1 { font-size: 1.5rem; margin: 0 0 8px; }
          p { color: #555b6e; }
          ul.users { list-style: none; padding: 0; margin: 20px 0; display: grid; gap: 8px; }
          ul.users button { width: 100%; text-align: left; display: flex; justify-content: space-between; gap: 12px; padding: 12px 14px;
            border: 1px solid #dde1ea; border-radius: 8px; background: #fff; cursor: pointer; font: inherit; }
          ul.users button:hover, ul.users button:focus { border-color: #594ae2; outline: none; background: #f4f2ff; }
          ul.users span { color: #6b7080; }
          form.other { display: grid; gap: 8px; border-top: 1px solid #eceef3; padding-top: 16px; }
          form.other input { padding: 10px; border: 1px solid #cfd4de; border-radius: 6px; font: inherit; }
          form.other button, a.button { padding: 10px 16px; border: 0; border-radius: 6px; background: #594ae2; color: #fff; font: inherit; cursor: pointer; text-decoration: none; display: inline-block; }
          .error { color: #b3261e; background: #fdecea; padding: 10px; border-radius: 6px; }
        </style></head>
        <body><main>{{body}}</main></body></html>
        """, "text/html; charset=utf-8", statusCode: statusCode);
}
