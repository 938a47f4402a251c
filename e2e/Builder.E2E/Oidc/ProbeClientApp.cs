using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Builder.E2E.Oidc;

/// <summary>
/// A throwaway relying party configured the way the Builder signs in with Auth0 (cookie + OpenIdConnect handler,
/// code flow, scopes openid profile email, /signin-oidc, sign-out through {authority}/v2/logout), used to prove
/// <see cref="LocalOidcProvider"/> works on its own. "/" requires sign-in and prints the id_token claims.
/// </summary>
public sealed class ProbeClientApp : IAsyncDisposable
{
    readonly WebApplication _app;

    ProbeClientApp(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<ProbeClientApp> StartAsync(string authority)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        // Warnings and errors only (overrides any appsettings.json found in the content root).
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.Logging.ClearProviders().AddConsole();
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o => o.Cookie.Name = "probe-client")
            .AddOpenIdConnect(o =>
            {
                o.Authority = authority;
                o.RequireHttpsMetadata = false;
                o.ClientId = LocalOidcProvider.ClientId;
                o.ClientSecret = LocalOidcProvider.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.Scope.Add("email");
                o.CallbackPath = "/signin-oidc";
                o.MapInboundClaims = false;
                o.SaveTokens = false;
            });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", (ClaimsPrincipal user) => Results.Content(
            "<!doctype html><html><body><h1>Probe signed in</h1><dl>" +
            string.Concat(user.Claims.Select(c =>
                $"<dt>{WebUtility.HtmlEncode(c.Type)}</dt><dd data-claim=\"{WebUtility.HtmlEncode(c.Type)}\" data-value-type=\"{WebUtility.HtmlEncode(c.ValueType)}\">{WebUtility.HtmlEncode(c.Value)}</dd>")) +
            "</dl><form method=\"post\" action=\"/sign-out\"><button type=\"submit\">Sign out</button></form></body></html>",
            "text/html")).RequireAuthorization();
        app.MapPost("/sign-out", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            var returnTo = $"{http.Request.Scheme}://{http.Request.Host}/signed-out";
            return Results.Redirect($"{authority}{LocalOidcProvider.LogoutPath}?client_id={Uri.EscapeDataString(LocalOidcProvider.ClientId)}&returnTo={Uri.EscapeDataString(returnTo)}");
        }).DisableAntiforgery();
        app.MapGet("/signed-out", () => Results.Content("<!doctype html><html><body><h1>Probe signed out</h1></body></html>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ProbeClientApp(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
