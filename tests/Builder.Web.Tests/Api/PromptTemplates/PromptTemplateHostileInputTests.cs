using System.Text;
using Microsoft.EntityFrameworkCore;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.PromptTemplates;

/// <summary>Hostile and oversized input: a clear 400 (413 past the body limit) naming the problem, and nothing changed.</summary>
public sealed class PromptTemplateHostileInputTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private sealed record Snapshot(string Text, int Versions, int Labels, int Moves, int Audit);

    private async Task<Snapshot> SnapshotAsync(Guid id) => await factory.QueryAsync(async db => new Snapshot(
        await db.PromptTemplates.Where(t => t.Id == id).Select(t => t.PromptText + "|" + t.VariablesJson + "|" + t.VariableSetsJson + "|" + t.ModelId).SingleAsync(),
        await db.PromptTemplateVersions.CountAsync(v => v.PromptTemplateId == id),
        await db.PromptTemplateLabels.CountAsync(l => l.PromptTemplateId == id),
        await db.PromptTemplateLabelMoves.CountAsync(m => m.PromptTemplateId == id),
        await db.AuditEntries.CountAsync(a => a.ResourceId == id)));

    /// <summary>Sends <paramref name="body"/> as an edit and as a new template; both are 400 with <paramref name="field"/> named, and nothing is stored.</summary>
    private async Task<string> RefusedAsync(object editBody, object createBody, string field)
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var before = await SnapshotAsync(template.Id());
        var admin = factory.As(Caller.Admin);

        var edit = await admin.PutJsonAsync($"{Url}/{template.Id()}", editBody).ExpectJson(400);
        Assert.True(edit.GetProperty("errors").TryGetProperty(field, out var messages), $"no message for {field}: {edit}");
        Assert.Equal(before, await SnapshotAsync(template.Id()));

        var templatesBefore = await factory.QueryAsync(db => db.PromptTemplates.CountAsync());
        var create = await admin.PostJsonAsync(Url, createBody).ExpectJson(400);
        Assert.True(create.GetProperty("errors").TryGetProperty(field, out _), $"no message for {field}: {create}");
        Assert.Equal(templatesBefore, await factory.QueryAsync(db => db.PromptTemplates.CountAsync()));
        return messages[0].GetString()!;
    }

    private static Dictionary<string, object?> CreateWith(Guid organizationId, string key, object? value)
    {
        var body = new Dictionary<string, object?>
        {
            ["organizationId"] = organizationId, ["name"] = Arrange.Unique("Hostile"), ["promptText"] = "Hi {{userName}}",
            ["variables"] = new Dictionary<string, string> { ["userName"] = "string" },
        };
        body[key] = value;
        return body;
    }

    [Fact]
    public async Task A_huge_prompt_text_is_400()
    {
        var seed = await factory.SeedAsync();
        var huge = new string('x', 200_000);
        var message = await RefusedAsync(new { promptText = huge }, CreateWith(seed.Acme, "promptText", huge), "promptText");
        Assert.Equal("Prompt text must be at most 100000 characters; this one has 200000.", message);
    }

    [Fact]
    public async Task A_body_past_the_limit_is_413_and_changes_nothing()
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var before = await SnapshotAsync(template.Id());
        await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}", new { promptText = new string('x', 1_100_000) }).Expect(413);
        Assert.Equal(before, await SnapshotAsync(template.Id()));
    }

    [Fact]
    public async Task Ten_thousand_variables_are_400()
    {
        var seed = await factory.SeedAsync();
        var variables = Enumerable.Range(0, 10_000).ToDictionary(i => $"v{i}", _ => "string");
        var message = await RefusedAsync(new { variables }, CreateWith(seed.Acme, "variables", variables), "variables");
        Assert.Equal("A template declares at most 100 variables; this one has 10000.", message);
    }

    [Fact]
    public async Task A_deeply_nested_json_value_is_400_naming_the_set_and_variable()
    {
        var seed = await factory.SeedAsync();
        var deep = new StringBuilder();
        for (var i = 0; i < 100; i++) deep.Append("{\"a\":");
        deep.Append("1").Append('}', 100);
        var variables = new Dictionary<string, string> { ["userName"] = "string", ["profile"] = "json" };
        var sets = $$"""[ { "name": "Deep", "values": { "profile": {{deep}} } } ]""";
        var editBody = System.Text.Json.JsonDocument.Parse($$"""{ "variables": { "userName": "string", "profile": "json" }, "variableSets": {{sets}} }""",
            new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 }).RootElement;
        var createBody = CreateWith(seed.Acme, "variableSets", System.Text.Json.JsonDocument.Parse(sets, new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 }).RootElement);
        createBody["variables"] = variables;
        var message = await RefusedAsync(editBody, createBody, "variableSets[0].values.profile");
        Assert.Equal("Set 'Deep': 'profile' nests deeper than 16 levels.", message);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_400_naming_set_variable_and_type()
    {
        var seed = await factory.SeedAsync();
        var body = new { variables = new { userName = "string", age = "number" }, variableSets = new[] { new { name = "Happy User", values = new { age = "old" } } } };
        var create = CreateWith(seed.Acme, "variables", new { userName = "string", age = "number" });
        create["variableSets"] = body.variableSets;
        var message = await RefusedAsync(body, create, "variableSets[0].values.age");
        Assert.Equal("Set 'Happy User': 'age' must be a number, not a string.", message);
    }

    [Fact]
    public async Task Another_organizations_model_is_400_and_does_not_reveal_it()
    {
        var seed = await factory.SeedAsync();
        var foreign = await factory.AddModelAsync(seed.Globex, Arrange.Unique("Globex model"));
        var message = await RefusedAsync(new { modelId = foreign }, CreateWith(seed.Acme, "modelId", foreign), "modelId");
        Assert.Equal("That model does not exist in this organization.", message);
        var hidden = await factory.AddModelAsync(null, Arrange.Unique("Hidden system model"), visible: false);
        await RefusedAsync(new { modelId = hidden }, CreateWith(seed.Acme, "modelId", hidden), "modelId");
        var visible = await factory.AddModelAsync(null, Arrange.Unique("Visible system model"), visible: true);
        await factory.As(Caller.Admin).PostJsonAsync(Url, CreateWith(seed.Acme, "modelId", visible)).Expect(201);
    }

    [Theory]
    [InlineData("prod%20uction")]
    [InlineData("1st")]
    [InlineData("%E2%9C%93ok")]
    [InlineData("a%3Cscript%3E")]
    [InlineData("prod%2F..%2Fx")]
    public async Task A_label_name_with_odd_characters_is_400(string name)
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var before = await SnapshotAsync(template.Id());
        var body = await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}/labels/{name}", new { version = 1 }).ExpectJson(400);
        Assert.Contains("A label starts with a letter", body.GetProperty("errors").GetProperty("label")[0].GetString());
        Assert.Equal(before, await SnapshotAsync(template.Id()));
    }

    [Fact]
    public async Task A_label_name_too_long_or_a_version_that_does_not_exist_is_400()
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var before = await SnapshotAsync(template.Id());
        var admin = factory.As(Caller.Admin);
        await admin.PutJsonAsync($"{Url}/{template.Id()}/labels/{new string('a', 65)}", new { version = 1 }).Expect(400);
        var missing = await admin.PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { version = 7 }).ExpectJson(400);
        Assert.Equal("Version 7 does not exist; the versions are 1 to 1.", missing.GetProperty("errors").GetProperty("version")[0].GetString());
        await admin.PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { }).Expect(400);
        Assert.Equal(before, await SnapshotAsync(template.Id()));
    }

    [Fact]
    public async Task A_restore_message_too_long_is_400()
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}", new { promptText = "two" }).Expect(200);
        var before = await SnapshotAsync(template.Id());
        await factory.As(Caller.Admin).PostJsonAsync($"{Url}/{template.Id()}/versions/1/restore", new { message = new string('m', 501) }).Expect(400);
        Assert.Equal(before, await SnapshotAsync(template.Id()));
    }
}
