using System.Text.Json;
using Builder.Web.Tests.Api;

namespace Builder.Web.Tests.Poweruser;

/// <summary>The poweruser group in the OpenAPI document (and so on /api-docs): its body, conventions and error form.</summary>
public sealed class PoweruserDocsTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Fact]
    public async Task User_me_is_documented_as_a_POST_with_an_optional_body_the_conventions_and_errors_in_the_poweruser_form()
    {
        var document = await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200);
        var paths = document.GetProperty("paths");
        var me = paths.GetProperty("/autessa_poweruser/user/me");

        Assert.Equal(["post"], me.EnumerateObject().Select(p => p.Name));
        var post = me.GetProperty("post");
        Assert.Equal("Poweruser: User", post.GetProperty("tags")[0].GetString());
        var description = post.Str("description");
        foreach (var words in new[] { "pwrusr:{key_id}:{secret}", "errors", "human_oversight_required", "transfer-ownership", "?organizationId=" })
            Assert.Contains(words, description);
        var body = post.GetProperty("requestBody");
        Assert.False(body.TryGetProperty("required", out var required) && required.GetBoolean());
        Assert.Equal("object", body.GetProperty("content").GetProperty("application/json").GetProperty("schema").Str("type"));

        var responses = post.GetProperty("responses");
        var ok = Example(responses, "200");
        Assert.Equal("Acme Corp", ok.Str("companyName"));
        Assert.Empty(ok.GetProperty("errors").EnumerateArray());
        foreach (var status in new[] { "400", "401", "403", "404", "429" })
            PoweruserArrange.AssertErrors(Example(responses, status), Example(responses, status).GetProperty("errors")[0].Str("code"));
        Assert.Equal("human_oversight_required", Example(responses, "403").GetProperty("errors")[0].Str("code"));
        Assert.Contains("/autessa_poweruser", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("pwrusr").Str("description"));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/autessa_poweruser/{", StringComparison.Ordinal));
    }

    private static JsonElement Example(JsonElement responses, string status) =>
        responses.GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("example");
}
