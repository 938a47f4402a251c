using Builder.Domain.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Builder.Web.Authentication;

public static class AuthenticationSetup
{
    public const string Policy = "Builder";
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string Auth0 = "Auth0";
    public const string ApiKey = "ApiKey";

    /// <summary>
    /// Cookie sessions for people (signed in through Auth0, or the development form), admin API keys for programs.
    /// Outside Development, starting without Auth0 settings fails and names what is missing.
    /// </summary>
    public static WebApplicationBuilder AddBuilderAuthentication(this WebApplicationBuilder builder)
    {
        var auth0 = Auth0Settings.From(builder.Configuration);
        if (!auth0.IsConfigured && !builder.Environment.IsDevelopment())
            throw new InvalidOperationException(
                $"Auth0 sign-in is not configured. Set {string.Join(", ", auth0.Missing)} (for example as environment variables " +
                "Auth0__Domain, Auth0__ClientId, Auth0__ClientSecret). Development sign-in exists only in the Development environment.");
        builder.Services.AddSingleton(auth0);
        builder.Services.AddSingleton<SessionStamps>();

        var authentication = builder.Services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = Policy;
                o.DefaultChallengeScheme = Policy;
            })
            .AddPolicyScheme(Policy, "Session cookie or admin API key", o =>
                o.ForwardDefaultSelector = context => ApiKeyAuthenticationHandler.IsPresented(context.Request) ? ApiKey : Cookie)
            .AddCookie(Cookie, o =>
            {
                o.Cookie.Name = "builder.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                // Secure on every HTTPS request, and always outside Development (where TLS ends at a proxy, the browser still sees HTTPS).
                o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                o.LoginPath = "/account/sign-in";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateSession;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKey, null);

        if (auth0.IsConfigured) authentication.AddOpenIdConnect(Auth0, o => ConfigureAuth0(o, auth0));
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    private static void ConfigureAuth0(OpenIdConnectOptions o, Auth0Settings auth0)
    {
        o.Authority = auth0.Authority;
        o.RequireHttpsMetadata = auth0.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        o.ClientId = auth0.ClientId;
        o.ClientSecret = auth0.ClientSecret;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("profile");
        o.Scope.Add("email");
        o.CallbackPath = "/signin-oidc";
        o.SignInScheme = Cookie;
        o.SaveTokens = false;
        o.MapInboundClaims = false;
        o.Events.OnTokenValidated = ProvisionUser;
        o.Events.OnRedirectToIdentityProviderForSignOut = context =>
        {
            // Auth0 ends its session at /v2/logout and sends the browser back to returnTo.
            var request = context.Request;
            var returnTo = $"{request.Scheme}://{request.Host}{request.PathBase}{ReturnUrl.Safe(context.Properties.RedirectUri)}";
            context.Response.Redirect($"{auth0.Authority}/v2/logout?client_id={Uri.EscapeDataString(auth0.ClientId!)}" +
                                      $"&returnTo={Uri.EscapeDataString(returnTo)}");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>Replaces the identity provider's principal with the Builder's own, keyed by the provisioned user.</summary>
    private static async Task ProvisionUser(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var subject = principal.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject))
        {
            context.Fail("The identity provider sent no subject.");
            return;
        }
        var email = principal.FindFirst("email")?.Value ?? "";
        var verified = string.Equals(principal.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        var accounts = context.HttpContext.RequestServices.GetRequiredService<UserAccountService>();
        var user = await accounts.ProvisionAsync(subject, email, principal.FindFirst("name")?.Value, verified);
        context.Principal = BuilderClaims.For(user.Id, user.Email, user.Name, Auth0, sessionStamp: user.SessionStamp);
        StartSession(context.HttpContext, context.Properties!, user.Id, user.SessionStamp);
    }

    /// <summary>
    /// Marks a new session as checked now (its user and stamp were just read), so its first requests do not query the
    /// database, and tells this instance's stamp cache the user's current stamp.
    /// </summary>
    public static void StartSession(HttpContext http, AuthenticationProperties properties, Guid userId, Guid sessionStamp)
    {
        var services = http.RequestServices;
        properties.Items[UserCheckedAt] = services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O");
        services.GetRequiredService<SessionStamps>().Set(userId, sessionStamp);
    }

    /// <summary>How often a session re-checks that its user still exists (as Identity's SecurityStampValidator does).</summary>
    public static readonly TimeSpan UserCheckInterval = TimeSpan.FromMinutes(5);

    private const string UserCheckedAt = "builder:user_checked_at";

    /// <summary>
    /// Signs out a session whose user no longer exists or whose session stamp is no longer the user's (they signed out).
    /// Every request compares the cookie's stamp with <see cref="SessionStamps"/> (no query); the database is read at most
    /// once per <see cref="UserCheckInterval"/> per session, or when the cookie's stamp differs from the cached one.
    /// </summary>
    private static async Task ValidateSession(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stamps = services.GetRequiredService<SessionStamps>();
        if (BuilderClaims.UserIdOf(context.Principal!) is not { } id || BuilderClaims.SessionStampOf(context.Principal!) is not { } stamp)
        {
            await RejectAsync(context);
            return;
        }
        var known = stamps.TryGet(id, out var cached);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (known && cached == stamp
            && context.Properties.Items.TryGetValue(UserCheckedAt, out var checkedText)
            && DateTimeOffset.TryParse(checkedText, null, System.Globalization.DateTimeStyles.RoundtripKind, out var checkedAt)
            && now - checkedAt < UserCheckInterval) return;

        var current = await services.GetRequiredService<UserAccountService>().GetSessionStampAsync(id, context.HttpContext.RequestAborted);
        stamps.Set(id, current);
        if (current != stamp)
        {
            await RejectAsync(context);
            return;
        }
        context.Properties.Items[UserCheckedAt] = now.ToString("O");
        context.ShouldRenew = true;
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Cookie);
    }

    /// <summary>
    /// Authentication for every request except static assets (scripts, styles, fonts, icons): they need no user, so a
    /// session cookie sent with them is not read, checked or renewed. Runs after routing, which has picked the endpoint.
    /// </summary>
    /// <remarks>
    /// <c>UseAuthentication</c> inside the branch marks only the branch's copy of the builder's properties; without the
    /// mark on the app itself, WebApplication adds its own authentication middleware in front of the whole pipeline, and
    /// every static file with a cookie had its ticket decrypted and checked there anyway.
    /// </remarks>
    public static IApplicationBuilder UseAuthenticationExceptStaticAssets(this IApplicationBuilder app)
    {
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        return app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is null,
            branch => branch.UseAuthentication());
    }

    /// <summary>The property UseAuthentication sets and WebApplication reads (ASP.NET Core's AuthAppBuilderExtensions).</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || Api.Poweruser.PoweruserErrors.Handles(context.Request.Path)) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
