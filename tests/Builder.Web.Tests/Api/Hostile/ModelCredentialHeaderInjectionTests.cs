using Builder.TestServers;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// Hostile: a model token "abc\r\nX-Evil: 1" was stored and sent as it was: the endpoint received "Authorization: Bearer abc"
/// and a header "X-Evil: 1" of the caller's choosing (and with a blank line, a second request on the same connection to an
/// allowed internal host). A credential goes in an HTTP header, so it holds printable ASCII only; anything else is 400.
/// </summary>
public sealed class ModelCredentialHeaderInjectionTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Theory]
    [InlineData("token", "abc\r\nX-Evil: 1")]
    [InlineData("token", "abc\nX-Evil: 1")]
    [InlineData("clientKey", "abc\rX-Evil: 1")]
    [InlineData("secretKey", "abc\u0000def")]
    [InlineData("token", "ключ-токен-123")]
    public async Task A_credential_with_a_control_or_non_ASCII_character_is_400_on_create_and_edit(string field, string value)
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        var body = new Dictionary<string, object?>
        {
            ["organizationId"] = seed.Acme, ["name"] = Arrange.Unique("Hdr"), ["modelUrl"] = ModelArrange.OpenAiUrl, ["modelName"] = "m", [field] = value,
        };
        var created = await admin.PostJsonAsync("/api/models", body).ExpectJson(400);
        Assert.True(created.GetProperty("errors").TryGetProperty(field, out _));

        var model = await factory.CreateModelAsync(seed.Acme);
        body.Remove("organizationId");
        var edited = await admin.PutJsonAsync($"/api/models/{model.Id()}", body).ExpectJson(400);
        Assert.True(edited.GetProperty("errors").TryGetProperty(field, out _));

        await factory.As(Caller.System).PostJsonAsync("/api/system-models",
            new Dictionary<string, object?> { ["name"] = Arrange.Unique("S"), ["modelUrl"] = ModelArrange.OpenAiUrl, ["modelName"] = "m", [field] = value })
            .Expect(400);
    }

    [Fact]
    public async Task A_token_with_spaces_and_punctuation_is_fine()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.As(Caller.Admin).PostJsonAsync("/api/models", new
        {
            organizationId = seed.Acme, name = Arrange.Unique("Ok"), modelUrl = ModelArrange.OpenAiUrl, modelName = "m", token = "sk-proj_AB.cd/ef+gh=~!$ 12",
        }).ExpectJson(201);
        Assert.True(model.GetProperty("hasToken").GetBoolean());
    }

    /// <summary>
    /// Hostile: a model URL ending in "\r\nX-Evil: 1" was stored and shown to every reader as it was, while the request went
    /// to the percent-encoded path: what the page shows was not where the call went. Such a URL is 400 now.
    /// </summary>
    [Theory]
    [InlineData("https://api.openai.com/v1/chat/completions\r\nX-Evil: 1")]
    [InlineData("https://api.openai.com/v1/chat\t/completions")]
    [InlineData("https://api.openai.com/v1/chat completions")]
    [InlineData("https://api.openai.com/v1/chat/completions\u0000")]
    public async Task A_model_URL_with_a_line_break_space_or_control_character_is_400(string url)
    {
        var seed = await factory.SeedAsync();
        var refused = await factory.As(Caller.Admin).PostJsonAsync("/api/models",
            new { organizationId = seed.Acme, name = Arrange.Unique("Url"), modelUrl = url, modelName = "m" }).ExpectJson(400);
        Assert.True(refused.GetProperty("errors").TryGetProperty("modelUrl", out _));
    }
}
