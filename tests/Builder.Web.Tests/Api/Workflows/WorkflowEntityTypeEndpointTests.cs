using System.Text.Json;
using Builder.Domain.WorkflowEntities;

namespace Builder.Web.Tests.Api.Workflows;

/// <summary>
/// <c>/api/workflow-entity-types</c>: platform-wide data, so every signed-in person reads them (Globex's admin too) and
/// only System writes them. No organization is involved, so a refusal is 403 for everyone, the outsider included.
/// </summary>
public sealed class WorkflowEntityTypeEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Url = "/api/workflow-entity-types";

    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(null, 200, 200, 200, 200, 200);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(null, 201, 403, 403, 403, 403);
    public static TheoryData<Caller, int> ChangeStatus => Callers.Expect(null, 200, 403, 403, 403, 403);

    private Task<JsonElement> CreateTypeAsync(string kind = "action") =>
        factory.As(Caller.System).PostJsonAsync(Url, new { name = Arrange.Unique("Type"), kind, shape = "hexagon", color = "#123456" }).ExpectJson(201);

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List_shows_the_four_built_in_types(Caller caller, int status)
    {
        var body = await factory.As(caller).GetAsync($"{Url}?limit=100").ExpectJson(status);
        var builtIn = WorkflowEntityType.BuiltIn.Select(b => body.Data().Single(t => t.Id() == b.Id)).ToList();
        Assert.Equal(["Event", "Prompt", "Action", "Result"], builtIn.Select(t => t.Str("name")));
        Assert.Equal(["event", "prompt", "action", "result"], builtIn.Select(t => t.Str("kind")));
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Caller caller, int status)
    {
        var id = WorkflowArrange.BuiltInType(StepKind.Result);
        var response = await factory.As(caller).GetAsync($"{Url}/{id}").Expect(status);
        var body = await response.JsonAsync();
        Assert.Equal(("Result", "diamond", $"\"{body.Str("version")}\""), (body.Str("name"), body.Str("shape"), response.ETag()));
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create(Caller caller, int status)
    {
        var name = Arrange.Unique("Webhook");
        var response = await factory.As(caller).PostJsonAsync(Url, new { name, kind = "action", shape = "rectangle", color = "#00aa00" }).Expect(status);
        var listed = await factory.As(Caller.System).GetAsync($"{Url}?search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, listed.Data().Count);
        var body = await response.JsonAsync();
        if (status == 201) Assert.Equal($"{Url}/{body.Id()}", response.Headers.Location?.ToString());
        else Assert.Equal("Forbidden: You do not have permission to create workflow entity types", body.Error());
    }

    [Theory, MemberData(nameof(ChangeStatus))]
    public async Task Update(Caller caller, int status)
    {
        var type = await CreateTypeAsync();
        var url = $"{Url}/{type.Id()}";
        var name = Arrange.Unique("Renamed");
        await factory.As(caller).PutJsonAsync(url, new { name, kind = "prompt", shape = "circle", color = "#abcdef" }).Expect(status);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal(status == 200 ? (name, "prompt") : (type.Str("name"), "action"), (current.Str("name"), current.Str("kind")));
        Assert.Equal(status == 200, current.Str("version") != type.Str("version"));
    }

    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(null, 202, 403, 403, 403, 403);

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var type = await CreateTypeAsync();
        var url = $"{Url}/{type.Id()}";
        await factory.ExpectDeletionAsync(caller, status, url, type.Id());
    }

    [Fact]
    public async Task Deleting_a_type_that_entities_use_is_409_and_keeps_it()
    {
        var seed = await factory.SeedAsync();
        var type = await CreateTypeAsync();
        var url = $"{Url}/{type.Id()}";
        foreach (var organizationId in new[] { seed.Acme, seed.Globex })
            await factory.As(Caller.System).PostJsonAsync("/api/workflow-entities",
                new { organizationId, name = Arrange.Unique("Uses type"), workflowEntityTypeId = type.Id() }).Expect(201);

        var body = await factory.As(Caller.System).DeleteAsync(url).ExpectJson(409);
        Assert.Equal($"The type '{type.Str("name")}' is used by 2 entities", body.Error());
        Assert.NotNull(await factory.CurrentAsync(url));

        await factory.CreateEntityAsync(seed.Acme, StepKind.Action);
        var builtIn = await factory.As(Caller.System).DeleteAsync($"{Url}/{WorkflowArrange.BuiltInType(StepKind.Action)}").ExpectJson(409);
        Assert.StartsWith("The type 'Action' is used by", builtIn.Error());
        Assert.NotNull(await factory.CurrentAsync($"{Url}/{WorkflowArrange.BuiltInType(StepKind.Action)}"));
    }

    [Fact]
    public async Task Deleting_through_an_API_key_is_403_even_for_System()
    {
        var seed = await factory.SeedAsync();
        var type = await CreateTypeAsync();
        var key = await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.System);
        var body = await factory.WithApiKey(key.Str("token")).DeleteAsync($"{Url}/{type.Id()}").ExpectJson(403);
        Assert.Contains("requires human oversight in the Builder UI", body.Error());
        Assert.NotNull(await factory.CurrentAsync($"{Url}/{type.Id()}"));
    }

    [Fact]
    public async Task Stale_If_Match_is_412_and_changes_nothing()
    {
        var type = await CreateTypeAsync();
        var url = $"{Url}/{type.Id()}";
        var system = factory.As(Caller.System);
        var stale = $"\"{type.Str("version")}\"";
        var renamed = Arrange.Unique("First");
        var fresh = (await system.PutJsonAsync(url, new { name = renamed, kind = "action" }, stale).Expect(200)).ETag();

        await system.PutJsonAsync(url, new { name = Arrange.Unique("Second"), kind = "action" }, stale).Expect(412);
        await system.DeleteAsync(url, stale).Expect(412);
        Assert.Equal(renamed, (await factory.CurrentAsync(url))!.Value.Str("name"));
        await factory.DeleteApprovedAsync(url, Caller.System, fresh);
    }

    [Theory]
    [InlineData("""{"kind":"action"}""", "name")]
    [InlineData("""{"name":"NAME"}""", "kind")]
    [InlineData("""{"name":"NAME","kind":"action","shape":"star"}""", "shape")]
    [InlineData("""{"name":"NAME","kind":"action","color":"red"}""", "color")]
    public async Task Invalid_fields_are_400(string json, string field)
    {
        var body = await factory.As(Caller.System).SendRawAsync(HttpMethod.Post, Url, json.Replace("NAME", Arrange.Unique("Bad"))).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Duplicate_names_are_409_and_unknown_ids_404()
    {
        var system = factory.As(Caller.System);
        var body = await system.PostJsonAsync(Url, new { name = "action", kind = "action" }).ExpectJson(409);
        Assert.Contains("already exists", body.Error());
        await system.GetAsync($"{Url}/{Guid.NewGuid()}").Expect(404);
        await system.PutJsonAsync($"{Url}/{Guid.NewGuid()}", new { name = "x", kind = "action" }).Expect(404);
        await system.DeleteAsync($"{Url}/{Guid.NewGuid()}").Expect(404);
    }
}
