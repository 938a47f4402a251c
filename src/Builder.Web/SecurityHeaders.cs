using System.Security.Cryptography;
using Builder.Web.Authentication;

namespace Builder.Web;

/// <summary>
/// One middleware that gives every response (pages, API answers, /api-docs, static files, errors) nosniff, a referrer
/// policy, no framing, and a Content-Security-Policy that fits Blazor Server, MudBlazor and Monaco.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "builder:csp-nonce";

    /// <summary>
    /// What the console needs: scripts only from the app (plus the import map, by nonce; Blazor Server needs no eval);
    /// inline styles (MudBlazor's theme and style attributes, Monaco's injected styles); Monaco's blob: workers; data:
    /// images and fonts; the circuit's WebSocket ('self' covers ws/wss of the same host). Forms post to the app and,
    /// for sign-out, on to the Auth0 tenant. Never framed.
    /// </summary>
    public static string PolicyFor(string? nonce, string? signInAuthority) =>
        "default-src 'self'; " +
        $"script-src 'self'{(nonce is null ? "" : $" 'nonce-{nonce}'")}; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "worker-src 'self' blob:; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        $"form-action 'self'{(signInAuthority is null ? "" : " " + signInAuthority)}; " +
        "frame-ancestors 'none'";

    /// <summary>A per-response nonce for the few inline scripts the framework renders (the import map).</summary>
    public static string NonceFor(HttpContext context)
    {
        if (context.Items[NonceKey] is string nonce) return nonce;
        // Hex: no "+" or "/" that HTML attribute encoding would rewrite.
        nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var auth0 = app.ApplicationServices.GetRequiredService<Auth0Settings>();
        var authority = auth0.IsConfigured ? new Uri(auth0.Authority).GetLeftPart(UriPartial.Authority) : null;
        var staticPolicy = PolicyFor(null, authority);
        return app.Use((context, next) =>
        {
            // OnStarting: headers written now would be lost when the exception handler clears the response.
            context.Response.OnStarting(static state =>
            {
                var (context, staticPolicy, authority) = ((HttpContext, string, string?))state;
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers.XFrameOptions = "DENY";
                // Replaces Blazor's own "frame-ancestors 'self'" on interactive pages with the whole, stricter policy.
                headers.ContentSecurityPolicy = context.Items[NonceKey] is string nonce ? PolicyFor(nonce, authority) : staticPolicy;
                return Task.CompletedTask;
            }, (context, staticPolicy, authority));
            return next(context);
        });
    }
}
