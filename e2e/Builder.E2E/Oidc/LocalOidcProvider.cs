using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Builder.E2E.Oidc;

/// <summary>
/// A real OpenID Connect provider (OpenIddict server, EF Core store on a throwaway SQLite file) that stands in
/// for Auth0 in the e2e tests: authorization-code flow (PKCE allowed), a login page where the test types an email,
/// id_tokens carrying sub = "local|{email}", email, email_verified = true and name, and Auth0's
/// <c>GET /v2/logout?client_id=…&amp;returnTo=…</c>. Plain HTTP on a free 127.0.0.1 port, ephemeral keys.
/// </summary>
public sealed class LocalOidcProvider : IAsyncDisposable
{
    public const string ClientId = "builder-e2e";
    public const string ClientSecret = "e2e-secret";
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/v2/logout";
    const string SessionScheme = "LocalOidcSession";

    readonly WebApplication _app;
    readonly string _directory;
    readonly ConcurrentDictionary<string, string> _allowedLogoutPrefixes = new();
    readonly ConcurrentQueue<LogoutCall> _logouts = new();

    LocalOidcProvider(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
    }

    /// <summary>Base URL without a trailing slash, e.g. http://127.0.0.1:40123 (use it as Auth0:Domain).</summary>
    public string Authority { get; private set; } = "";

    /// <summary>Every /v2/logout call the provider accepted, oldest first.</summary>
    public IReadOnlyCollection<LogoutCall> Logouts => _logouts.ToArray();

    /// <summary>The stable subject the provider issues for an email.</summary>
    public static string SubjectFor(string email) => $"local|{email.Trim().ToLowerInvariant()}";

    public static async Task<LocalOidcProvider> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("builder-e2e-oidc-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = directory,
            ApplicationName = typeof(LocalOidcProvider).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        // Warnings and errors only (overrides any appsettings.json found in the content root).
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.Logging.ClearProviders().AddConsole();

        builder.Services.AddDbContext<ProviderDbContext>(o =>
        {
            o.UseSqlite($"Data Source={Path.Combine(directory, "provider.db")}");
            o.UseOpenIddict();
        });
        builder.Services.AddAuthentication(SessionScheme).AddCookie(SessionScheme, o =>
        {
            // Both servers live on 127.0.0.1 and browsers do not separate cookies by port: use a distinct name.
            o.Cookie.Name = "local-oidc-session";
            o.LoginPath = LoginPath;
        });
        builder.Services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<ProviderDbContext>())
            .AddServer(o =>
            {
                o.SetAuthorizationEndpointUris("authorize")
                 .SetTokenEndpointUris("oauth/token")
                 .SetUserInfoEndpointUris("userinfo");
                o.AllowAuthorizationCodeFlow();
                o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                o.RegisterClaims(Claims.Subject, Claims.Email, Claims.EmailVerified, Claims.Name);
                o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                o.UseAspNetCore()
                 .DisableTransportSecurityRequirement()
                 .EnableAuthorizationEndpointPassthrough()
                 .EnableTokenEndpointPassthrough()
                 .EnableUserInfoEndpointPassthrough();
            });

        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ProviderDbContext>().Database.EnsureCreatedAsync();

        app.UseAuthentication();
        var provider = new LocalOidcProvider(app, directory);
        provider.MapEndpoints();
        await app.StartAsync();
        provider.Authority = app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
        return provider;
    }

    /// <summary>
    /// Registers the Builder as a confidential client: redirect URI {appBaseUrl}/signin-oidc,
    /// and /v2/logout accepts any returnTo under appBaseUrl (Auth0's "Allowed Logout URLs").
    /// </summary>
    public async Task RegisterClientAsync(string appBaseUrl, string clientId = ClientId, string clientSecret = ClientSecret)
    {
        appBaseUrl = appBaseUrl.TrimEnd('/');
        await using var scope = _app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        if (await manager.FindByClientIdAsync(clientId) is { } existing)
            await manager.DeleteAsync(existing);
        await manager.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = clientSecret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "Builder (e2e)",
            RedirectUris = { new Uri($"{appBaseUrl}/signin-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email,
                Permissions.Scopes.Profile,
            },
        });
        _allowedLogoutPrefixes[clientId] = appBaseUrl;
    }

    void MapEndpoints()
    {
        // Typed as Func<…> so that minimal APIs write the IResult (a bare method group would bind as RequestDelegate).
        _app.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)AuthorizeAsync);
        _app.MapPost("/oauth/token", (Func<HttpContext, Task<IResult>>)TokenAsync);
        _app.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)UserInfoAsync);
        _app.MapGet(LoginPath, (HttpContext http) => LoginPage.Render(http.Request.Query["returnUrl"], error: null));
        _app.MapPost(LoginPath, (Func<HttpContext, Task<IResult>>)LoginAsync);
        _app.MapGet(LogoutPath, (Func<HttpContext, string?, string?, Task<IResult>>)LogoutAsync);
    }

    static async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await http.AuthenticateAsync(SessionScheme);
        if (!session.Succeeded)
        {
            if (request.HasPromptValue(PromptValues.None))
                return Results.Forbid(ErrorProperties(Errors.LoginRequired, "The user is not signed in."),
                    [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            // Back to this same authorization request once the login form has been posted.
            var parameters = http.Request.HasFormContentType ? http.Request.Form.ToList() : http.Request.Query.ToList();
            return Results.Challenge(new AuthenticationProperties
            {
                RedirectUri = http.Request.PathBase + http.Request.Path + QueryString.Create(parameters),
            }, [SessionScheme]);
        }

        var email = session.Principal!.FindFirstValue(Claims.Email)!;
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, SubjectFor(email))
                .SetClaim(Claims.Email, email)
                .SetClaim(Claims.Name, session.Principal!.FindFirstValue(Claims.Name) ?? email);
        identity.AddClaim(new Claim(Claims.EmailVerified, "true", ClaimValueTypes.Boolean));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(static claim => claim.Type switch
        {
            Claims.Name or Claims.Email or Claims.EmailVerified => [Destinations.IdentityToken, Destinations.AccessToken],
            _ => [Destinations.AccessToken],
        });
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    static async Task<IResult> TokenAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!request.IsAuthorizationCodeGrantType())
            return Results.Forbid(ErrorProperties(Errors.UnsupportedGrantType, "Only the authorization code grant is enabled."),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        // The principal was validated by OpenIddict (code, client, redirect_uri, PKCE); re-issue it as is.
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        return Results.SignIn(result.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    static async Task<IResult> UserInfoAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!result.Succeeded)
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        var principal = result.Principal!;
        return Results.Json(new Dictionary<string, object?>
        {
            [Claims.Subject] = principal.GetClaim(Claims.Subject),
            [Claims.Email] = principal.GetClaim(Claims.Email),
            [Claims.EmailVerified] = true,
            [Claims.Name] = principal.GetClaim(Claims.Name),
        });
    }

    static async Task<IResult> LoginAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var email = form["email"].ToString().Trim();
        var name = form["name"].ToString().Trim();
        var returnUrl = form["returnUrl"].ToString();
        if (!email.Contains('@'))
            return LoginPage.Render(returnUrl, error: "Enter an email address.");
        var identity = new ClaimsIdentity(SessionScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Email, email));
        identity.AddClaim(new Claim(Claims.Name, name.Length > 0 ? name : email));
        await http.SignInAsync(SessionScheme, new ClaimsPrincipal(identity));
        // Only local redirects: the return URL is the pending /authorize request.
        return Results.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') ? "/" : returnUrl);
    }

    async Task<IResult> LogoutAsync(HttpContext http, string? client_id, string? returnTo)
    {
        if (client_id is null || !_allowedLogoutPrefixes.TryGetValue(client_id, out var allowed))
            return Results.BadRequest($"Unknown client_id '{client_id}'.");
        if (returnTo is null || !(returnTo == allowed || returnTo.StartsWith(allowed + "/", StringComparison.Ordinal)))
            return Results.BadRequest($"returnTo '{returnTo}' is not an allowed logout URL for {client_id} (allowed: {allowed}/…).");
        await http.SignOutAsync(SessionScheme);
        _logouts.Enqueue(new LogoutCall(client_id, returnTo));
        return Results.Redirect(returnTo);
    }

    static AuthenticationProperties ErrorProperties(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a temp directory left behind is harmless */ }
    }
}

public sealed record LogoutCall(string ClientId, string ReturnTo);

sealed class ProviderDbContext(DbContextOptions<ProviderDbContext> options) : DbContext(options);
