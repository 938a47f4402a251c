using System.Text.Json;

namespace Builder.Web.Tests.Api;

/// <summary>/api-docs and its OpenAPI document: the pwrusr API-key scheme, examples for the common writes and the error body, dark mode.</summary>
public sealed class ApiDocsTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private async Task<JsonElement> DocumentAsync() => await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200);

    [Fact]
    public async Task The_document_declares_the_pwrusr_API_key_scheme_and_requires_it()
    {
        var document = await DocumentAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("pwrusr");
        Assert.Equal("apiKey", scheme.Str("type"));
        Assert.Equal("header", scheme.Str("in"));
        Assert.Equal("Authorization", scheme.Str("name"));
        Assert.Contains("pwrusr:{key_id}:{secret}", scheme.Str("description"));
        Assert.Contains(document.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("pwrusr", out _));
    }

    public static TheoryData<string, string, string, string> Examples => new()
    {
        // path, method, a field the request example has, the success status
        { "/api/variables", "post", "environmentId", "201" },
        { "/api/variables/{id}", "put", "value", "200" },
        { "/api/environments", "post", "organizationId", "201" },
        { "/api/members", "post", "email", "201" },
        { "/api/workflows", "post", "workflowData", "201" },
        { "/api/prompt-templates", "post", "variableSets", "201" },
        { "/api/prompt-templates/{id}", "put", "message", "200" },
        { "/api/models", "post", "modelUrl", "201" },
        { "/api/system-models", "post", "isVisible", "201" },
        { "/api/organizations/{id}/approval-policy", "put", "justification", "202" },
    };

    [Theory, MemberData(nameof(Examples))]
    public async Task Common_writes_show_a_request_an_answer_and_the_error_body(string path, string method, string field, string success)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);
        var request = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.True(request.TryGetProperty(field, out _), $"{method} {path}: the request example has no {field}");

        var responses = operation.GetProperty("responses");
        var answer = responses.GetProperty(success).GetProperty("content").GetProperty("application/json").GetProperty("example");
        // A created resource answers with its id; a human-only operation (202) with the approval request and its URL.
        Assert.True(success == "202" ? answer.GetProperty("request").TryGetProperty("id", out _) && answer.TryGetProperty("url", out _)
            : answer.TryGetProperty("id", out _));
        var error = responses.GetProperty("400").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("Validation failed", error.Str("error"));
        Assert.True(error.TryGetProperty("details", out _));
    }

    public static TheoryData<string> Deletions =>
    [
        "/api/organizations/{id}", "/api/environments/{id}", "/api/variables/{id}", "/api/workflow-entities/{id}", "/api/workflow-entity-types/{id}",
        "/api/workflows/{id}", "/api/prompt-templates/{id}", "/api/prompts/{id}", "/api/models/{id}", "/api/system-models/{id}", "/api/members/{id}",
    ];

    /// <summary>Every DELETE documents that it asks for approval: the justification body, the 202 answer with the request, the 400 without a reason.</summary>
    [Theory, MemberData(nameof(Deletions))]
    public async Task Every_delete_documents_the_justification_and_the_202_request(string path)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty("delete");
        Assert.Contains("reviewer", operation.Str("description"));
        var body = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        Assert.True(body.GetProperty("schema").GetProperty("properties").TryGetProperty("justification", out _));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("example").Str("justification")));
        var responses = operation.GetProperty("responses");
        var accepted = responses.GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("pending", accepted.GetProperty("request").Str("status"));
        Assert.StartsWith("/api/approval-requests/", accepted.Str("url"));
        Assert.False(responses.TryGetProperty("200", out _), $"{path} still documents a 200 deletion");
        var missing = responses.GetProperty("400").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Contains("goes to a reviewer", missing.Str("details"));
        Assert.True(responses.TryGetProperty("412", out _));
    }

    /// <summary>The prompt-template PUT documents how to clear the model and the environment, and its body schema has both fields.</summary>
    [Fact]
    public async Task The_prompt_template_update_documents_clearing_the_model_and_the_environment()
    {
        var document = await DocumentAsync();
        var put = document.GetProperty("paths").GetProperty("/api/prompt-templates/{id}").GetProperty("put");
        Assert.Contains("\"modelId\": null", put.Str("summary"));
        Assert.Contains("\"environmentId\": null", put.Str("summary"));
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty("PromptTemplateRequest").GetProperty("properties");
        var names = properties.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("modelId", names);
        Assert.Contains("environmentId", names);
        Assert.DoesNotContain(names, n => n.EndsWith("Sent", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dark", "data-theme=\"dark\"")]
    [InlineData("light", "data-theme=\"light\"")]
    public async Task The_page_follows_the_consoles_theme_choice(string theme, string expected)
    {
        var client = factory.As((string?)null);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api-docs");
        request.Headers.Add("Cookie", $"builder.theme={theme}");
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains($"<html lang=\"en\" {expected}>", html);
    }

    [Fact]
    public async Task Without_a_choice_the_page_follows_the_system_and_renders_the_scheme_and_examples()
    {
        var html = await (await factory.As((string?)null).GetAsync("/api-docs")).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("@media (prefers-color-scheme: dark)", html);
        Assert.Contains("securitySchemes", html);
        Assert.Contains("Example request", html);
    }
}
