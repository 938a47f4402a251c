using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Builder.Web.Tests.Authentication;

/// <summary>
/// A browser-like client over the development sign-in form with its own cookie jar, so a test can copy the session
/// cookie, send a request without it, or replay an old copy.
/// </summary>
public sealed partial class SessionClient(HttpClient client)
{
    public const string SessionCookie = "builder.session";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public Dictionary<string, string> Cookies { get; } = new();

    public HttpClient Http => client;

    public string? Session => Cookies.GetValueOrDefault(SessionCookie);

    public static async Task<SessionClient> SignInAsync<T>(WebApplicationFactory<T> factory, string email, string? baseAddress = null)
        where T : class
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false };
        if (baseAddress is not null) options.BaseAddress = new Uri(baseAddress);
        var session = new SessionClient(factory.CreateClient(options));
        var signIn = await session.PostFormAsync("/dev/sign-in", new() { ["email"] = email, ["__RequestVerificationToken"] = await session.TokenAsync() });
        if (signIn.StatusCode != HttpStatusCode.Redirect || session.Session is null)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)signIn.StatusCode}.");
        return session;
    }

    /// <summary>An antiforgery token for the current identity (the development form renders one).</summary>
    public async Task<string> TokenAsync()
    {
        var form = await (await GetAsync("/dev/sign-in")).Content.ReadAsStringAsync();
        return AntiforgeryField().Match(form).Groups[1].Value;
    }

    public Task<HttpResponseMessage> GetAsync(string url, string? sessionOverride = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), sessionOverride);

    public Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) });

    /// <summary>Sends with the jar's cookies; <paramref name="sessionOverride"/> replaces the session cookie (a copy taken earlier).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? sessionOverride = null)
    {
        var cookies = new Dictionary<string, string>(Cookies);
        if (sessionOverride is not null) cookies[SessionCookie] = sessionOverride;
        if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await client.SendAsync(request);
        if (sessionOverride is null && response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) Cookies.Remove(name);
                else Cookies[name] = value;
            }
        return response;
    }
}
