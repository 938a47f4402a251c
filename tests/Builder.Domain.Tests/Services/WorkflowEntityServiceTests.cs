using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tests.Support;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;

namespace Builder.Domain.Tests.Services;

public class WorkflowEntityServiceTests : IAsyncLifetime
{
    private static readonly Guid EventType = WorkflowEntityType.BuiltIn[0].Id;
    private TestDatabase _db = null!;
    private WorkflowEntityService _entities = null!;
    private Guid _acme;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _entities = new WorkflowEntityService(_db, _db.Clock);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static WorkflowEntityInput Input(string name, JsonNode? condition = null, params EntityArgument[] arguments) =>
        new(name, "desc", EventType, null, condition, "// script", "True/False", arguments);

    private static JsonNode SignupCondition() => JsonNode.Parse("""
        { "type": "group", "operator": "AND", "conditions": [
          { "type": "rule", "field": "message.type", "comparison": "equals", "value": "user.signup" } ] }
        """)!;

    [Fact]
    public async Task An_entity_keeps_its_condition_script_and_arguments()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _entities.CreateAsync(admin, _acme,
            Input("Check User Type", SignupCondition(), new EntityArgument("userId", "{{message.user.id}}", "The user's id")));

        var read = await _entities.GetAsync(admin, created.Id);
        Assert.Equal("Event", read.EntityType);
        Assert.Equal("user.signup", read.Condition!["conditions"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("{{message.user.id}}", read.Arguments.Single().ArgumentValue);
        Assert.Equal("True/False", read.TfCondition);
    }

    [Fact]
    public async Task Every_problem_in_the_input_is_reported_at_once()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var badCondition = JsonNode.Parse("""{ "type": "group", "operator": "XOR", "conditions": [ { "type": "rule", "comparison": "like" } ] }""");
        var error = await Assert.ThrowsAsync<ValidationException>(() => _entities.CreateAsync(admin, _acme,
            new WorkflowEntityInput("", null, Guid.NewGuid(), null, badCondition, null, null,
                [new EntityArgument("a", "1", null), new EntityArgument("A", "2", null)])));

        Assert.Contains("name", error.Errors.Keys);
        Assert.Contains("workflowEntityTypeId", error.Errors.Keys);
        Assert.Contains("arguments[1].argumentName", error.Errors.Keys);
        Assert.Equal(3, error.Errors["condition"].Length);
    }

    [Fact]
    public async Task Users_read_entities_but_cannot_change_them()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _entities.CreateAsync(admin, _acme, Input("Shared"));
        var user = await _db.ActorAsync("builder@acme.test");
        Assert.Equal("Shared", (await _entities.GetAsync(user, created.Id)).Name);
        await Assert.ThrowsAsync<ForbiddenException>(() => _entities.CreateAsync(user, _acme, Input("Mine")));
        await Assert.ThrowsAsync<ForbiddenException>(() => _entities.UpdateAsync(user, created.Id, Input("Renamed"), null));
        var globex = await _db.ActorAsync("admin@globex.test");
        await Assert.ThrowsAsync<NotFoundException>(() => _entities.GetAsync(globex, created.Id));
    }

    [Fact]
    public async Task An_entity_in_use_cannot_be_deleted_and_the_answer_gives_the_count()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _entities.CreateAsync(admin, _acme, Input("In use"));
        var development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
        await using (var context = _db.Context())
        {
            for (var i = 0; i < 2; i++)
            {
                var workflow = new Workflow { OrganizationId = _acme, EnvironmentId = development, Name = $"wf{i}", UpdatedBy = "t" };
                context.Workflows.Add(workflow);
                context.WorkflowEntityUsages.Add(new WorkflowEntityUsage { WorkflowId = workflow.Id, WorkflowEntityId = created.Id });
            }
            await context.SaveChangesAsync();
        }

        Assert.Equal(2, await _entities.UsageCountAsync(admin, created.Id));
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => _entities.DeleteAsync(admin, created.Id, null));
        Assert.Contains("used by 2 workflows", conflict.Message);
    }

    [Fact]
    public async Task Built_in_types_are_seeded_and_only_System_edits_types()
    {
        var types = new WorkflowEntityTypeService(_db, _db.Clock);
        var admin = await _db.ActorAsync("admin@acme.test");
        var all = await types.ListAsync(admin, new PageRequest(Sort: "name"));
        Assert.Equal(["Action", "Event", "Prompt", "Result"], all.Items.Select(t => t.Name));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            types.CreateAsync(admin, new WorkflowEntityTypeInput("Webhook", null, StepKind.Action, "hexagon", "#123456")));
        var system = await _db.ActorAsync("system@builder.local");
        var created = await types.CreateAsync(system, new WorkflowEntityTypeInput("Webhook", null, StepKind.Action, "hexagon", "#123456"));
        Assert.Equal(StepKind.Action, created.Kind);
    }
}
