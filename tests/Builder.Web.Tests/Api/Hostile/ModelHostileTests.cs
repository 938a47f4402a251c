using System.Text.Json;
using Builder.TestServers;
using Builder.Web.Tests.Api.PromptTemplates;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// A hostile caller against /api/models, /api/system-models and their test connection: credentials hidden in the URL,
/// odd schemes, ids of other organizations and of system models, a reply built to cut a credential in half.
/// </summary>
public sealed class ModelHostileTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IAsyncLifetime
{
    private LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> LocalModelAsync(string modelName) =>
        await factory.As(Caller.System).PostJsonAsync("/api/models", new
        {
            organizationId = (await factory.SeedAsync()).Acme, name = Arrange.Unique("Local"), modelUrl = _server.ChatCompletionsUrl, modelName,
            token = LocalOpenAiServer.DefaultToken,
        }).ExpectJson(201);

    [Theory]
    [InlineData("https://user:CANARY-pass-7e1@api.openai.com/v1/chat/completions")]
    [InlineData("https://CANARY-pass-7e1@api.openai.com/v1/chat/completions")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://127.0.0.1:6379/_FLUSHALL")]
    [InlineData("ftp://example.com/x")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http:///v1/chat/completions")]
    [InlineData("//api.openai.com/v1/chat/completions")]
    public async Task A_model_URL_with_a_user_name_or_password_or_another_scheme_is_400_and_stores_nothing(string url)
    {
        var organization = await factory.CreateOrganizationAsync();
        var system = factory.As(Caller.System);
        var response = await system.PostJsonAsync("/api/models",
            new { organizationId = organization.Id(), name = "N", modelUrl = url, modelName = "m" }).Expect(400);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("modelUrl", text);
        Assert.DoesNotContain("CANARY", text);
        Assert.Empty((await system.GetAsync($"/api/models?organizationId={organization.Id()}").ExpectJson(200)).Data());

        await system.PostJsonAsync("/api/system-models", new { name = Arrange.Unique("S"), modelUrl = url, modelName = "m" }).Expect(400);

        var model = await factory.CreateModelAsync(organization.Id());
        var edit = await system.PutJsonAsync($"/api/models/{model.Id()}", new { name = "N2", modelUrl = url, modelName = "m" }).Expect(400);
        Assert.DoesNotContain("CANARY", await edit.Content.ReadAsStringAsync());
        Assert.Equal(ModelArrange.OpenAiUrl, (await system.GetAsync($"/api/models/{model.Id()}").ExpectJson(200)).Str("modelUrl"));
    }

    [Fact]
    public async Task A_very_long_model_URL_is_400()
    {
        var organization = await factory.CreateOrganizationAsync();
        var url = "https://api.openai.com/" + new string('a', 100_000);
        await factory.As(Caller.System).PostJsonAsync("/api/models",
            new { organizationId = organization.Id(), name = "N", modelUrl = url, modelName = "m" }).Expect(400);
    }

    [Fact]
    public async Task A_reply_that_puts_the_token_across_the_cut_never_returns_any_part_of_it()
    {
        var model = await LocalModelAsync("cut-model");
        // The gateway keeps the first 500 characters of a test reply: the token starts 10 characters before the cut.
        _server.SetReply("cut-model", new string('x', 490) + LocalOpenAiServer.DefaultToken);
        var response = await factory.As(Caller.Admin).PostJsonAsync($"/api/models/{model.Id()}/test", new { }).Expect(200);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(LocalOpenAiServer.DefaultToken[..8], text);
    }

    [Theory]
    [InlineData(LocalOpenAiServer.BadRequest)]
    [InlineData(LocalOpenAiServer.Forbidden)]
    [InlineData(LocalOpenAiServer.Unauthorized)]
    public async Task An_endpoint_that_echoes_a_key_not_shaped_like_sk_whole_or_masked_never_gets_any_part_of_it_back(string script)
    {
        // An Azure-style key: 32 hex characters, no "sk-" prefix. The 400 quotes it masked ("3f2a9c***1f09"), the 403 whole.
        const string key = "3f2a9cd0e1b24c6f8a7d5e4c3b2a1f09";
        _server.Token = key;
        var model = await factory.As(Caller.System).PostJsonAsync("/api/models", new
        {
            organizationId = (await factory.SeedAsync()).Acme, name = Arrange.Unique("Azure"), modelUrl = _server.ChatCompletionsUrl, modelName = script, token = key,
        }).ExpectJson(201);
        var response = await factory.As(Caller.Admin).PostJsonAsync($"/api/models/{model.Id()}/test", new { }).Expect(200);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"ok\":false", text);
        Assert.DoesNotContain(key[..6], text);
        Assert.DoesNotContain(key[^4..], text);
    }

    [Theory]
    [InlineData("https://example.openai.azure.com/openai/deployments/x/chat/completions?api-version=2024-06-01&api-key=CANARY-q-1")]
    [InlineData("https://func.example.com/api/chat?code=CANARY-q-1")]
    [InlineData("https://api.example.com/v1/chat/completions?access_token=CANARY-q-1")]
    [InlineData("https://api.example.com/v1/chat/completions?key=CANARY-q-1")]
    [InlineData("https://api.example.com/v1/chat/completions?sig=CANARY-q-1&sv=2022")]
    public async Task A_model_URL_with_a_credential_in_its_query_is_400_because_every_reader_would_see_it(string url)
    {
        var organization = await factory.CreateOrganizationAsync();
        var response = await factory.As(Caller.System).PostJsonAsync("/api/models",
            new { organizationId = organization.Id(), name = "N", modelUrl = url, modelName = "m" }).Expect(400);
        Assert.DoesNotContain("CANARY", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_api_version_query_is_fine()
    {
        var organization = await factory.CreateOrganizationAsync();
        await factory.As(Caller.System).PostJsonAsync("/api/models", new
        {
            organizationId = organization.Id(), name = "Azure", modelName = "m",
            modelUrl = "https://example.openai.azure.com/openai/deployments/x/chat/completions?api-version=2024-06-01",
        }).Expect(201);
    }

    [Fact]
    public async Task A_system_models_id_is_404_on_every_organization_route_even_for_System()
    {
        var hidden = await factory.CreateSystemModelAsync(visible: false);
        var visible = await factory.CreateSystemModelAsync(visible: true);
        foreach (var id in new[] { hidden.Id(), visible.Id() })
        {
            foreach (var caller in new[] { Caller.System, Caller.Admin, Caller.Guest, Caller.Outsider })
            {
                var client = factory.As(caller);
                await client.GetAsync($"/api/models/{id}").Expect(404);
                await client.PutJsonAsync($"/api/models/{id}", new { name = "x", modelUrl = ModelArrange.OpenAiUrl, modelName = "m" }).Expect(404);
                await client.DeleteAsync($"/api/models/{id}", "\"" + Guid.NewGuid() + "\"").Expect(404);
                await client.PostJsonAsync($"/api/models/{id}/test", new { }).Expect(404);
            }
        }
        // Still there, unchanged.
        await factory.As(Caller.System).GetAsync($"/api/system-models/{hidden.Id()}").Expect(200);
        var list = await factory.As(Caller.Guest).GetAsync("/api/system-models/visible?limit=100").ExpectJson(200);
        Assert.DoesNotContain(list.Data(), m => m.Id() == hidden.Id());
        Assert.All(list.Data(), m => Assert.False(m.TryGetProperty("modelUrl", out _), m.ToString()));
    }

    [Fact]
    public async Task Another_organizations_model_is_404_for_every_verb()
    {
        var seed = await factory.SeedAsync();
        var globex = await factory.CreateModelAsync(seed.Globex, token: "CANARY-globex-token-1");
        var admin = factory.As(Caller.Admin);
        foreach (var response in new[]
                 {
                     await admin.GetAsync($"/api/models/{globex.Id()}"),
                     await admin.PutJsonAsync($"/api/models/{globex.Id()}", new { name = "x", modelUrl = ModelArrange.OpenAiUrl, modelName = "m" }),
                     await admin.PostJsonAsync($"/api/models/{globex.Id()}/test", new { }),
                     await admin.GetAsync($"/api/models?organizationId={seed.Globex}"),
                 })
        {
            Assert.Equal(404, (int)response.StatusCode);
            Assert.DoesNotContain("CANARY", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_template_cannot_point_at_a_hidden_system_model_or_another_organizations_model()
    {
        var seed = await factory.SeedAsync();
        var hidden = await factory.CreateSystemModelAsync(visible: false);
        var globex = await factory.CreateModelAsync(seed.Globex);
        var template = await factory.CreateTemplateAsync(seed.Acme);
        foreach (var modelId in new[] { hidden.Id(), globex.Id() })
        {
            await factory.As(Caller.Admin).PostJsonAsync("/api/prompt-templates",
                PromptTemplateArrange.Body(seed.Acme, Arrange.Unique("T"), modelId)).Expect(400);
            await factory.As(Caller.Admin).PutJsonAsync($"/api/prompt-templates/{template.Id()}", new { modelId }).Expect(400);
        }
    }
}
