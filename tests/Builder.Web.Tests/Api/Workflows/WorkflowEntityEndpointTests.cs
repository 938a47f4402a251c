using System.Text.Json.Nodes;
using Builder.Domain.WorkflowEntities;
using static Builder.Domain.Access.Permissions;
using static Builder.Web.Tests.Api.Workflows.WorkflowArrange;

namespace Builder.Web.Tests.Api.Workflows;

/// <summary><c>/api/workflow-entities</c>: entities:* permissions — a User and a Guest read, Admins change; usage counts and 409 on delete.</summary>
public sealed class WorkflowEntityEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Url = "/api/workflow-entities";

    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(EntitiesRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(EntitiesCreate, 201, 201, 403, 403, 404);
    public static TheoryData<Caller, int> UpdateStatus => Callers.Expect(EntitiesUpdate, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(EntitiesDelete, 202, 202, 403, 403, 404);

    private static readonly JsonObject SignupCondition = Group("AND", Rule("message.type", "equals", "user.signup"));

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var entity = await factory.CreateEntityAsync(seed.Acme);
        var body = await factory.As(caller).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(entity.Str("name"))}")
            .ExpectJson(status);
        if (status == 200) Assert.Equal(("Action", entity.Id()), (Assert.Single(body.Data()).Str("entityType"), body.Data()[0].Id()));
        else Assert.Equal("Organization not found", body.Error());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Caller caller, int status)
    {
        var entity = await factory.CreateEntityAsync((await factory.SeedAsync()).Acme, condition: SignupCondition.DeepClone(),
            arguments: [new { argumentName = "userId", argumentValue = "{{message.user.id}}" }]);
        var response = await factory.As(caller).GetAsync($"{Url}/{entity.Id()}").Expect(status);
        var body = await response.JsonAsync();
        if (status != 200)
        {
            Assert.Equal("Workflow entity not found", body.Error());
            return;
        }
        Assert.Equal($"\"{body.Str("version")}\"", response.ETag());
        Assert.Equal("message.type", body.GetProperty("condition").GetProperty("conditions")[0].Str("field"));
        Assert.Equal("{{message.user.id}}", body.GetProperty("arguments")[0].Str("argumentValue"));
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Usage_count(Caller caller, int status)
    {
        var (_, entity) = await factory.CreateSimpleWorkflowAsync();
        var body = await factory.As(caller).GetAsync($"{Url}/{entity.Id()}/usage-count").ExpectJson(status);
        if (status == 200) Assert.Equal((entity.Id(), 1), (body.Id(), body.GetProperty("usageCount").GetInt32()));
        else Assert.Equal("Workflow entity not found", body.Error());
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.Unique("Send email");
        var response = await factory.As(caller).PostJsonAsync(Url, new
        {
            organizationId = seed.Acme, environmentId = seed.AcmeProduction, name, workflowEntityTypeId = BuiltInType(StepKind.Action),
            condition = SignupCondition.DeepClone(), tfCondition = "True/False",
        }).Expect(status);
        var listed = await factory.As(Caller.System).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, listed.Data().Count);
        if (status != 201) return;
        var body = await response.JsonAsync();
        Assert.Equal($"{Url}/{body.Id()}", response.Headers.Location?.ToString());
        Assert.Equal((seed.Acme, seed.AcmeProduction, "True/False"),
            (body.GetProperty("organizationId").GetGuid(), body.GetProperty("environmentId").GetGuid(), body.Str("tfCondition")));
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Update(Caller caller, int status)
    {
        var entity = await factory.CreateEntityAsync((await factory.SeedAsync()).Acme);
        var url = $"{Url}/{entity.Id()}";
        var name = Arrange.Unique("Renamed");
        await factory.As(caller).PutJsonAsync(url, new
        {
            name, workflowEntityTypeId = BuiltInType(StepKind.Prompt), condition = SignupCondition.DeepClone(),
        }).Expect(status);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal(status == 200 ? (name, "Prompt") : (entity.Str("name"), "Action"), (current.Str("name"), current.Str("entityType")));
        Assert.Equal(status == 200, current.GetProperty("condition").ValueKind == System.Text.Json.JsonValueKind.Object);
        Assert.Equal(status == 200, current.Str("version") != entity.Str("version"));
    }

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var entity = await factory.CreateEntityAsync((await factory.SeedAsync()).Acme);
        var url = $"{Url}/{entity.Id()}";
        await factory.ExpectDeletionAsync(caller, status, url, entity.Id());
    }

    [Fact]
    public async Task Deleting_an_entity_that_workflows_use_is_409_stating_the_usage_count()
    {
        var seed = await factory.SeedAsync();
        var entity = await factory.CreateEntityAsync(seed.Acme);
        var url = $"{Url}/{entity.Id()}";
        Assert.Equal(0, await factory.UsageCountAsync(entity.Id()));

        var first = await factory.CreateWorkflowAsync(seed.AcmeDevelopment, Tree.Data(Tree.Node(entity, "a", Tree.Node(entity, "b"))));
        var second = await factory.CreateWorkflowAsync(seed.AcmeProduction, Tree.Data(Tree.Node(entity, "a")));
        Assert.Equal(2, await factory.UsageCountAsync(entity.Id()));

        var body = await factory.As(Caller.Admin).DeleteAsync(url).ExpectJson(409);
        Assert.Equal($"'{entity.Str("name")}' is used by 2 workflows and cannot be deleted", body.Error());
        Assert.StartsWith("usageCount=2.", body.Str("details"));
        Assert.NotNull(await factory.CurrentAsync(url));

        // Replacing the entity in one workflow and deleting the other frees it.
        var other = await factory.CreateEntityAsync(seed.Acme);
        await factory.As(Caller.User).PutJsonAsync($"/api/workflows/{first.Id()}",
            new { name = first.Str("name"), workflowData = Tree.Data(Tree.Node(other, "a")) }).Expect(200);
        Assert.Equal(1, await factory.UsageCountAsync(entity.Id()));
        Assert.Equal($"'{entity.Str("name")}' is used by 1 workflow and cannot be deleted",
            (await factory.As(Caller.Admin).DeleteAsync(url).ExpectJson(409)).Error());

        await factory.DeleteApprovedAsync($"/api/workflows/{second.Id()}", Caller.User);
        Assert.Equal(0, await factory.UsageCountAsync(entity.Id()));
        await factory.DeleteApprovedAsync(url, Caller.Admin);
        Assert.Null(await factory.CurrentAsync(url));
    }

    [Fact]
    public async Task Deleting_through_an_API_key_is_403_and_keeps_the_entity()
    {
        var seed = await factory.SeedAsync();
        var entity = await factory.CreateEntityAsync(seed.Acme);
        var key = await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.Admin);
        var client = factory.WithApiKey(key.Str("token"));

        var renamed = Arrange.Unique("By key");
        await client.PutJsonAsync($"{Url}/{entity.Id()}", new { name = renamed, workflowEntityTypeId = BuiltInType(StepKind.Action) }).Expect(200);
        var body = await client.DeleteAsync($"{Url}/{entity.Id()}").ExpectJson(403);
        Assert.Equal("Delete requires human oversight in the Builder UI", body.Error());
        Assert.Equal(renamed, (await factory.CurrentAsync($"{Url}/{entity.Id()}"))!.Value.Str("name"));
    }

    [Fact]
    public async Task Stale_If_Match_is_412_and_changes_nothing()
    {
        var entity = await factory.CreateEntityAsync((await factory.SeedAsync()).Acme);
        var url = $"{Url}/{entity.Id()}";
        var admin = factory.As(Caller.Admin);
        var stale = (await admin.GetAsync(url).Expect(200)).ETag();
        var type = BuiltInType(StepKind.Action);
        var renamed = Arrange.Unique("First");
        var fresh = (await admin.PutJsonAsync(url, new { name = renamed, workflowEntityTypeId = type }, stale).Expect(200)).ETag();

        var body = await admin.PutJsonAsync(url, new { name = Arrange.Unique("Second"), workflowEntityTypeId = type, script = "x()" }, stale).ExpectJson(412);
        Assert.Contains(Callers.AdminEmail, body.Str("details"));
        await admin.DeleteAsync(url, stale).Expect(412);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal((renamed, System.Text.Json.JsonValueKind.Null), (current.Str("name"), current.GetProperty("script").ValueKind));

        await factory.DeleteApprovedAsync(url, Caller.Admin, fresh);
        Assert.Null(await factory.CurrentAsync(url));
    }

    /// <summary>The parser allows 32 nested groups (about 66 levels of JSON); such a condition must also read back and dry-run.</summary>
    [Fact]
    public async Task A_condition_nested_as_deep_as_allowed_is_stored_read_back_and_evaluated()
    {
        var seed = await factory.SeedAsync();
        var condition = Group("AND", Rule("message.plan", "in", new JsonArray("pro", "team")));
        for (var level = 2; level <= 32; level++) condition = Group(level % 2 == 0 ? "OR" : "AND", condition);
        var entity = await factory.CreateEntityAsync(seed.Acme, condition: condition, caller: Caller.Admin);

        var read = await factory.As(Caller.Guest).GetAsync($"{Url}/{entity.Id()}").ExpectJson(200);
        Assert.True(JsonNode.DeepEquals(condition, JsonNode.Parse(read.GetProperty("condition").GetRawText(), documentOptions: new() { MaxDepth = 256 })));
        var workflow = await factory.CreateWorkflowAsync(seed.AcmeDevelopment, Tree.Data(Tree.Node(entity, "root")));
        var run = await factory.As(Caller.Guest).PostJsonAsync($"/api/workflows/{workflow.Id()}/dry-run", new { message = new { plan = "team" } })
            .ExpectJson(200);
        Assert.Equal("continued", run.GetProperty("steps")[0].Str("outcome"));
    }

    [Fact]
    public async Task Listing_filters_by_environment_and_search()
    {
        var seed = await factory.SeedAsync();
        var marker = Arrange.Unique("Filter");
        var system = factory.As(Caller.System);
        async Task<Guid> Make(string suffix, Guid? environmentId) => (await system.PostJsonAsync(Url, new
        {
            organizationId = seed.Acme, environmentId, name = $"{marker} {suffix}", workflowEntityTypeId = BuiltInType(StepKind.Event),
        }).ExpectJson(201)).Id();
        var everywhere = await Make("everywhere", null);
        var development = await Make("development", seed.AcmeDevelopment);
        await Make("production", seed.AcmeProduction);

        var listed = await factory.As(Caller.Guest)
            .GetAsync($"{Url}?organizationId={seed.Acme}&environmentId={seed.AcmeDevelopment}&search={Uri.EscapeDataString(marker)}&sort=name")
            .ExpectJson(200);
        Assert.Equal([development, everywhere], listed.Data().Select(e => e.Id()));
        Assert.Equal(3, (await system.GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(marker)}").ExpectJson(200))
            .GetProperty("pagination").GetProperty("total").GetInt32());
        await system.GetAsync(Url).Expect(400);
    }

    [Fact]
    public async Task Invalid_condition_and_arguments_are_400_listing_every_problem_and_create_nothing()
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.Unique("Broken");
        var body = await factory.As(Caller.Admin).PostJsonAsync(Url, new
        {
            organizationId = seed.Acme, name, workflowEntityTypeId = BuiltInType(StepKind.Action),
            condition = Group("XOR", Rule("message.type", "like", "x"), Rule("message..type", "equals", "x")),
            arguments = new[] { new { argumentName = "a" }, new { argumentName = "A" } },
        }).ExpectJson(400);
        var errors = body.GetProperty("errors");
        Assert.Equal(["$.operator", "$.conditions[0].comparison", "$.conditions[1].field"],
            errors.GetProperty("condition").EnumerateArray().Select(p => p.GetString()!.Split(": ")[0]));
        Assert.True(errors.TryGetProperty("arguments[1].argumentName", out _), body.ToString());
        var listed = await factory.As(Caller.Admin).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Empty(listed.Data());
    }

    [Fact]
    public async Task An_environment_of_another_organization_is_400_and_unknown_ids_404()
    {
        var seed = await factory.SeedAsync();
        var admin = factory.As(Caller.Admin);
        var body = await admin.PostJsonAsync(Url, new
        {
            organizationId = seed.Acme, environmentId = seed.GlobexProduction, name = "x", workflowEntityTypeId = BuiltInType(StepKind.Action),
        }).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("environmentId", out _));
        await admin.PostJsonAsync(Url, new { organizationId = seed.Acme, name = "x", workflowEntityTypeId = Guid.NewGuid() }).Expect(400);
        await admin.GetAsync($"{Url}/{Guid.NewGuid()}").Expect(404);
        await admin.GetAsync($"{Url}/{Guid.NewGuid()}/usage-count").Expect(404);
        await admin.PutJsonAsync($"{Url}/{Guid.NewGuid()}", new { name = "x", workflowEntityTypeId = BuiltInType(StepKind.Action) }).Expect(404);
        await admin.DeleteAsync($"{Url}/{Guid.NewGuid()}").Expect(404);
    }
}
