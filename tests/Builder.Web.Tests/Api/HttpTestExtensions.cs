using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Builder.Web.Tests.Api;

public static class HttpTestExtensions
{
    /// <summary>Deep enough for the deepest workflow the API accepts (the API's own limit is 256).</summary>
    private const int MaxDepth = 256;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { MaxDepth = MaxDepth };

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.SendJsonAsync(HttpMethod.Post, url, body);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body, string? ifMatch = null) =>
        client.SendJsonAsync(HttpMethod.Put, url, body, ifMatch);

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string url, string? ifMatch) =>
        client.SendJsonAsync(HttpMethod.Delete, url, null, ifMatch);

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string url, object? body, string? ifMatch = null) =>
        client.SendRawAsync(method, url, body is null ? null : JsonSerializer.Serialize(body, Web), ifMatch);

    /// <summary>Sends a body exactly as written, for malformed JSON and wrong types.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string? json,
        string? ifMatch = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, contentType);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    /// <summary>Asserts the status, showing the body when it is not the expected one.</summary>
    public static async Task<HttpResponseMessage> Expect(this Task<HttpResponseMessage> pending, int status)
    {
        var response = await pending;
        if ((int)response.StatusCode != status)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {status}, " +
                        $"got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrWhiteSpace(text), "The response has no body.");
        return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth }).RootElement.Clone();
    }

    public static async Task<JsonElement> ExpectJson(this Task<HttpResponseMessage> pending, int status) =>
        await (await pending.Expect(status)).JsonAsync();

    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new Xunit.Sdk.XunitException("The response has no ETag.");

    public static Guid Id(this JsonElement json) => json.GetProperty("id").GetGuid();

    public static string Str(this JsonElement json, string property) => json.GetProperty(property).GetString()!;

    public static IReadOnlyList<JsonElement> Data(this JsonElement page) => page.GetProperty("data").EnumerateArray().ToList();

    /// <summary>The "error" message of an error body.</summary>
    public static string Error(this JsonElement json) => json.GetProperty("error").GetString()!;

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;

    /// <summary>A client of <paramref name="app"/> (a factory with its own settings) signed in as <paramref name="email"/>.</summary>
    public static HttpClient As(this Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string email)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, email);
        return client;
    }

    /// <summary>A response header's value, or "(missing)".</summary>
    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "(missing)";
}
