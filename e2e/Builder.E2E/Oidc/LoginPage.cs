using System.Net;
using Microsoft.AspNetCore.Http;

namespace Builder.E2E.Oidc;

/// <summary>The local provider's own sign-in page: a plain HTML form (email, optional name).</summary>
static class LoginPage
{
    public const string Title = "Local OIDC provider";

    public static IResult Render(string? returnUrl, string? error) => Results.Content($$"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>{{Title}} – sign in</title></head>
        <body>
          <main>
            <h1>{{Title}}</h1>
            <p>Stand-in for Auth0 in end-to-end tests. Any email signs in; the subject is <code>local|{email}</code>.</p>
            {{(error is null ? "" : $"<p role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")}}
            <form method="post" action="{{LocalOidcProvider.LoginPath}}">
              <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl ?? "")}}">
              <label>Email <input type="email" name="email" autocomplete="username" required autofocus></label>
              <label>Name <input type="text" name="name" autocomplete="name"></label>
              <button type="submit">Continue</button>
            </form>
          </main>
        </body>
        </html>
        """, "text/html; charset=utf-8", statusCode: error is null ? 200 : 400);
}
