using System.Text;
using Builder.Domain.PromptTemplates;
using Microsoft.EntityFrameworkCore;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// API keys where a person is required, deletes that pull the floor from under a template, ten thousand versions and
/// bodies built to choke the parser.
/// </summary>
public sealed class HostileCallerTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Fact]
    public async Task An_API_key_cannot_delete_models_nor_reach_another_organization_nor_manage_system_models()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.CreateModelAsync(seed.Acme);
        var globex = await factory.CreateModelAsync(seed.Globex);
        var globexTemplate = await factory.CreateTemplateAsync(seed.Globex, caller: Caller.System);
        var system = await factory.CreateSystemModelAsync(visible: true);
        var key = factory.WithApiKey((await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.System)).Str("token"));

        await key.DeleteAsync($"/api/models/{model.Id()}").Expect(403);
        await key.GetAsync($"/api/models/{globex.Id()}").Expect(404);
        await key.GetAsync($"/api/models?organizationId={seed.Globex}").Expect(404);
        await key.GetAsync($"{Url}/{globexTemplate.Id()}").Expect(404);
        await key.GetAsync($"{Url}?organizationId={seed.Globex}").Expect(404);
        await key.PostJsonAsync("/api/system-models", new { name = "x", modelUrl = ModelArrange.OpenAiUrl, modelName = "m" }).Expect(403);
        await key.PutJsonAsync($"/api/system-models/{system.Id()}", new { name = "x", modelUrl = ModelArrange.OpenAiUrl, modelName = "m" }).Expect(403);
        await key.PostJsonAsync($"/api/system-models/{system.Id()}/test", new { }).Expect(403);
        await key.GetAsync("/api/system-models").Expect(403);
        await key.PostJsonAsync(Url, Body(seed.Globex)).Expect(404);
        await factory.As(Caller.System).GetAsync($"/api/models/{model.Id()}").Expect(200);
    }

    [Fact]
    public async Task Deleting_the_model_a_template_uses_leaves_the_template_readable_and_editable()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.CreateModelAsync(seed.Acme);
        var template = await factory.CreateTemplateAsync(seed.Acme, modelId: model.Id());
        var admin = factory.As(Caller.Admin);
        var current = await admin.GetAsync($"/api/models/{model.Id()}").Expect(200);
        await factory.DeleteApprovedAsync($"/api/models/{model.Id()}", Caller.Admin, current.ETag());
        var read = await admin.GetAsync($"{Url}/{template.Id()}").ExpectJson(200);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, read.GetProperty("model").ValueKind);
        await admin.PutJsonAsync($"{Url}/{template.Id()}", new { promptText = "still {{userName}} {{productName}}" }).Expect(200);
    }

    [Fact]
    public async Task Deleting_the_environment_a_template_is_in_is_not_a_500()
    {
        var organization = await factory.CreateOrganizationAsync();
        var environment = await factory.As(Caller.System).PostJsonAsync("/api/environments",
            new { organizationId = organization.Id(), name = "Doomed" }).ExpectJson(201);
        await factory.As(Caller.System).PostJsonAsync(Url, new
        {
            organizationId = organization.Id(), environmentId = environment.Id(), name = "In env", promptText = "Hello",
        }).Expect(201);
        var current = await factory.As(Caller.System).GetAsync($"/api/environments/{environment.Id()}").Expect(200);
        await factory.DeleteApprovedAsync($"/api/environments/{environment.Id()}", Caller.System, current.ETag());
        await factory.As(Caller.System).GetAsync($"/api/environments/{environment.Id()}").Expect(404);
    }

    [Fact]
    public async Task Ten_thousand_versions_page_newest_first_to_the_last_page()
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var id = template.Id();
        await factory.QueryAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var content = (await db.PromptTemplateVersions.AsNoTracking().FirstAsync(v => v.PromptTemplateId == id && v.Number == 1)).ContentJson;
            for (var n = 2; n <= 10_000; n++)
                db.PromptTemplateVersions.Add(new PromptTemplateVersion
                {
                    PromptTemplateId = id, Number = n, CreatedAt = now, CreatedBy = "bulk@acme.test", Message = $"m{n}",
                    ContentJson = content,
                });
            var t = await db.PromptTemplates.SingleAsync(x => x.Id == id);
            t.CurrentVersion = 10_000;
            return await db.SaveChangesAsync();
        });
        var admin = factory.As(Caller.Admin);
        var first = await admin.GetAsync($"{Url}/{id}/versions?limit=100").ExpectJson(200);
        Assert.Equal(10_000, first.GetProperty("pagination").GetProperty("total").GetInt32());
        Assert.Equal(10_000, first.Data()[0].GetProperty("version").GetInt32());
        var last = await admin.GetAsync($"{Url}/{id}/versions?limit=100&page=100").ExpectJson(200);
        Assert.Equal(Enumerable.Range(1, 100).Reverse(), last.Data().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Empty((await admin.GetAsync($"{Url}/{id}/versions?limit=100&page=101").ExpectJson(200)).Data());
        await admin.GetAsync($"{Url}/{id}/versions/10000").Expect(200);
        await admin.PutJsonAsync($"{Url}/{id}/labels/production", new { version = 9_999 }).Expect(200);
        var edited = await admin.PutJsonAsync($"{Url}/{id}", new { promptText = "v10001 {{userName}}" }).ExpectJson(200);
        Assert.Equal(10_001, edited.GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("/api/models")]
    [InlineData("/api/system-models")]
    [InlineData("/api/prompt-templates")]
    public async Task A_deeply_nested_body_is_400_not_500(string url)
    {
        var nested = new StringBuilder();
        for (var i = 0; i < 5000; i++) nested.Append("{\"a\":");
        nested.Append("1");
        for (var i = 0; i < 5000; i++) nested.Append('}');
        var seed = await factory.SeedAsync();
        var json = $"{{\"organizationId\":\"{seed.Acme}\",\"name\":\"N\",\"description\":{nested}}}";
        await factory.As(Caller.System).SendRawAsync(HttpMethod.Post, url, json).Expect(400);
        var arrays = $"{{\"organizationId\":\"{seed.Acme}\",\"name\":\"N\",\"variableSets\":[{{\"name\":\"s\",\"values\":{{\"v\":{new string('[', 3000)}{new string(']', 3000)}}}}}]}}";
        await factory.As(Caller.System).SendRawAsync(HttpMethod.Post, url, arrays).Expect(400);
    }

    [Fact]
    public async Task A_huge_token_is_400_or_413_and_stores_nothing()
    {
        var organization = await factory.CreateOrganizationAsync();
        var status = (int)(await factory.As(Caller.System).PostJsonAsync("/api/models", new
        {
            organizationId = organization.Id(), name = "Huge", modelUrl = ModelArrange.OpenAiUrl, modelName = "m", token = new string('k', 5_000_000),
        })).StatusCode;
        Assert.True(status is 400 or 413, $"status {status}");
        Assert.Empty((await factory.As(Caller.System).GetAsync($"/api/models?organizationId={organization.Id()}").ExpectJson(200)).Data());
    }

    [Fact]
    public async Task Restoring_a_version_whose_environment_was_deleted_is_a_clear_400_and_changes_nothing()
    {
        var organization = await factory.CreateOrganizationAsync();
        var system = factory.As(Caller.System);
        var first = await system.PostJsonAsync("/api/environments", new { organizationId = organization.Id(), name = "First" }).ExpectJson(201);
        var second = await system.PostJsonAsync("/api/environments", new { organizationId = organization.Id(), name = "Second" }).ExpectJson(201);
        var template = await system.PostJsonAsync(Url, new
        {
            organizationId = organization.Id(), environmentId = first.Id(), name = "Moving", promptText = "Hello",
        }).ExpectJson(201);
        await system.PutJsonAsync($"{Url}/{template.Id()}", new { environmentId = second.Id(), message = "moved" }).Expect(200);
        var current = await system.GetAsync($"/api/environments/{first.Id()}").Expect(200);
        await factory.DeleteApprovedAsync($"/api/environments/{first.Id()}", Caller.System, current.ETag());

        var body = await system.PostJsonAsync($"{Url}/{template.Id()}/versions/1/restore", new { }).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("environmentId", out _), body.ToString());
        var after = await system.GetAsync($"{Url}/{template.Id()}").ExpectJson(200);
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal(second.Id(), after.GetProperty("environment").Id());
    }
}
