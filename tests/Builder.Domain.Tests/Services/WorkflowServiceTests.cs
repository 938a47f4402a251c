using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tests.Support;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;

namespace Builder.Domain.Tests.Services;

public class WorkflowServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private WorkflowService _workflows = null!;
    private WorkflowEntityService _entities = null!;
    private Guid _acme, _development;
    private Guid _signup, _welcome, _done;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _workflows = new WorkflowService(_db, _db.Clock);
        _entities = new WorkflowEntityService(_db, _db.Clock);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
        var admin = await _db.ActorAsync("admin@acme.test");
        var types = WorkflowEntityType.BuiltIn;
        _signup = (await _entities.CreateAsync(admin, _acme, new WorkflowEntityInput("On signup", null, types[0].Id, null,
            JsonNode.Parse("""{"type":"group","operator":"AND","conditions":[{"type":"rule","field":"message.type","comparison":"equals","value":"user.signup"}]}"""),
            null, null, []))).Id;
        _welcome = (await _entities.CreateAsync(admin, _acme, new WorkflowEntityInput("Write welcome", null, types[1].Id, null, null, null, null,
            [new EntityArgument("user", "{{message.user.name}}", null)]))).Id;
        _done = (await _entities.CreateAsync(admin, _acme, new WorkflowEntityInput("Done", null, types[3].Id, null, null, null, null, []))).Id;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static JsonObject Node(string name, Guid entity, string type, params JsonObject[] children) => new()
    {
        ["name"] = name, ["entityId"] = entity.ToString(), ["entityType"] = type,
        ["presentation"] = new JsonObject { ["type"] = "circle", ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } },
        ["children"] = new JsonArray(children),
    };

    private JsonObject ThreeLevels() => new() { ["root"] = Node("Signup", _signup, "event", Node("Welcome", _welcome, "prompt", Node("Done", _done, "result"))) };

    [Fact]
    public async Task A_user_saves_a_workflow_and_entity_usage_follows_its_tree()
    {
        var builder = await _db.ActorAsync("builder@acme.test");
        var created = await _workflows.CreateAsync(builder, _development, new WorkflowInput("Welcome flow", null, ThreeLevels()));
        var admin = await _db.ActorAsync("admin@acme.test");
        Assert.Equal(1, await _entities.UsageCountAsync(admin, _done));

        var shorter = new JsonObject { ["root"] = Node("Signup", _signup, "event", Node("Welcome", _welcome, "prompt")) };
        await _workflows.UpdateAsync(builder, created.Id, new WorkflowInput("Welcome flow", null, shorter), created.Version);
        Assert.Equal(0, await _entities.UsageCountAsync(admin, _done));
        Assert.Equal(1, await _entities.UsageCountAsync(admin, _welcome));
        await _entities.DeleteAsync(admin, _done, null);
    }

    [Fact]
    public async Task An_invalid_tree_is_refused_listing_every_problem()
    {
        var builder = await _db.ActorAsync("builder@acme.test");
        var bad = new JsonObject { ["root"] = Node("Signup", _signup, "event",
            Node("Done", _done, "result", Node("After done", _welcome, "prompt")),
            Node("Ghost", Guid.NewGuid(), "action")) };
        var error = await Assert.ThrowsAsync<ValidationException>(() => _workflows.CreateAsync(builder, _development, new WorkflowInput("Bad", null, bad)));
        var problems = error.Errors["workflowData"];
        Assert.Equal(2, problems.Length);
        Assert.Contains(problems, p => p.Contains("children[0]") );
        Assert.Contains(problems, p => p.Contains("children[1].entityId"));
    }

    [Fact]
    public async Task Another_organizations_entity_is_unknown_to_the_validator()
    {
        var globex = await _db.ActorAsync("admin@globex.test");
        var globexProduction = await _db.EnvironmentIdAsync("Globex", "Production");
        await Assert.ThrowsAsync<ValidationException>(() =>
            _workflows.CreateAsync(globex, globexProduction, new WorkflowInput("Borrowed", null, ThreeLevels())));
    }

    [Fact]
    public async Task A_dry_run_follows_the_path_the_message_takes()
    {
        var builder = await _db.ActorAsync("builder@acme.test");
        var created = await _workflows.CreateAsync(builder, _development, new WorkflowInput("Welcome flow", null, ThreeLevels()));

        var taken = await _workflows.DryRunAsync(builder, created.Id, JsonNode.Parse("""{"type":"user.signup","user":{"name":"Sarah"}}"""));
        Assert.Equal(3, taken.Steps.Count);
        Assert.Equal("Sarah", taken.Steps[1].Arguments.Single().Value!.GetValue<string>());

        var stopped = await _workflows.DryRunAsync(builder, created.Id, JsonNode.Parse("""{"type":"user.deleted"}"""));
        Assert.Single(stopped.Steps);
    }

    [Fact]
    public async Task Guests_cannot_save_workflows_and_api_keys_cannot_delete_them()
    {
        var guest = await _db.ActorAsync("guest@acme.test");
        await Assert.ThrowsAsync<ForbiddenException>(() => _workflows.CreateAsync(guest, _development, new WorkflowInput("Nope", null, ThreeLevels())));
        var builder = await _db.ActorAsync("builder@acme.test");
        var created = await _workflows.CreateAsync(builder, _development, new WorkflowInput("Keep", null, ThreeLevels()));
        var viaKey = await _db.ActorAsync("builder@acme.test", _acme);
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => _workflows.DeleteAsync(viaKey, created.Id, null));
    }
}

public class UsedDefinitionsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task An_entity_in_use_keeps_its_type_and_a_type_in_use_keeps_its_name_and_kind()
    {
        var acme = await _db.OrganizationIdAsync("Acme Corp");
        var development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
        var admin = await _db.ActorAsync("admin@acme.test");
        var entities = new WorkflowEntityService(_db, _db.Clock);
        var types = WorkflowEntityType.BuiltIn;
        var entity = await entities.CreateAsync(admin, acme, new WorkflowEntityInput("Start", null, types[0].Id, null, null, null, null, []));
        var root = new JsonObject { ["root"] = new JsonObject
        {
            ["name"] = "Start", ["entityId"] = entity.Id.ToString(), ["entityType"] = "event",
            ["presentation"] = new JsonObject { ["type"] = "circle", ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } },
            ["children"] = new JsonArray(),
        } };
        await new WorkflowService(_db, _db.Clock).CreateAsync(admin, development, new WorkflowInput("Uses start", null, root));

        var retype = await Assert.ThrowsAsync<ConflictException>(() =>
            entities.UpdateAsync(admin, entity.Id, new WorkflowEntityInput("Start", null, types[3].Id, null, null, null, null, []), null));
        Assert.Contains("type cannot change", retype.Message);
        await entities.UpdateAsync(admin, entity.Id, new WorkflowEntityInput("Start renamed", null, types[0].Id, null, null, null, null, []), null);

        var system = await _db.ActorAsync("system@builder.local");
        var typeService = new WorkflowEntityTypeService(_db, _db.Clock);
        await Assert.ThrowsAsync<ConflictException>(() =>
            typeService.UpdateAsync(system, types[0].Id, new WorkflowEntityTypeInput("Trigger", null, StepKind.Event, "circle", "#2e7d32"), null));
        var recoloured = await typeService.UpdateAsync(system, types[0].Id, new WorkflowEntityTypeInput("Event", "Starts it", StepKind.Event, "circle", "#00ff00"), null);
        Assert.Equal("#00ff00", recoloured.Color);
    }
}
