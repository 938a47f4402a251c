using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.WorkflowEntities;
using static Builder.Domain.Access.Permissions;
using static Builder.Web.Tests.Api.Workflows.WorkflowArrange;

namespace Builder.Web.Tests.Api.Workflows;

/// <summary><c>POST /api/workflows/{id}/dry-run</c>: walks the saved tree, or the unsaved one in the body, against a sample message.</summary>
public sealed class WorkflowDryRunEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> RunStatus => Callers.Expect(WorkflowsRead, 200, 200, 200, 200, 404);

    private static readonly JsonObject ProSignup = JsonNode.Parse("""
        {"type":"user.signup","plan":"pro","seats":12,"user":{"id":42,"name":"Ada"}}
        """)!.AsObject();

    /// <summary>
    /// start (Event: message.type = user.signup)
    ///   ├ pro (Prompt: plan = pro; arguments with templates) ── pro-done (Result)
    ///   ├ free (Action: plan = free) ── free-done (Result)
    ///   └ size (Action, True/False: seats &gt; 10) ── big (Result) | small (Result)
    /// </summary>
    private sealed record Flow(JsonElement Workflow, JsonObject Data, JsonElement Pro);

    private async Task<Flow> ThreeLevelFlowAsync(bool saveOnlyTheRoot = false)
    {
        var seed = await factory.SeedAsync();
        var start = await factory.CreateEntityAsync(seed.Acme, StepKind.Event, Group("AND", Rule("message.type", "equals", "user.signup")));
        var pro = await factory.CreateEntityAsync(seed.Acme, StepKind.Prompt, Group("AND", Rule("message.plan", "equals", "pro")), arguments:
        [
            new { argumentName = "userId", argumentValue = "{{message.user.id}}" },
            new { argumentName = "greeting", argumentValue = "Welcome {{message.user.name}}, plan {{message.plan}}" },
            new { argumentName = "coupon", argumentValue = "{{message.coupon.code}}" },
        ]);
        var free = await factory.CreateEntityAsync(seed.Acme, StepKind.Action, Group("AND", Rule("message.plan", "equals", "free")));
        var size = await factory.CreateEntityAsync(seed.Acme, StepKind.Action, Group("AND", Rule("message.seats", "greater_than", 10)),
            tfCondition: "True/False");
        var done = await factory.CreateEntityAsync(seed.Acme, StepKind.Result);
        var data = Tree.Data(Tree.Node(start, "start",
            Tree.Node(pro, "pro", Tree.Node(done, "pro-done")),
            Tree.Node(free, "free", Tree.Node(done, "free-done")),
            Tree.Node(size, "size", Tree.Node(done, "big"), Tree.Node(done, "small"))));
        var saved = saveOnlyTheRoot ? Tree.Data(Tree.Node(start, "start")) : data.DeepClone();
        return new Flow(await factory.CreateWorkflowAsync(seed.AcmeDevelopment, saved), data, pro);
    }

    private static string[] Path(JsonElement run) => run.GetProperty("pathTaken").EnumerateArray().Select(p => p.GetString()!).ToArray();

    private static JsonElement Step(JsonElement run, string nodeId) =>
        run.GetProperty("steps").EnumerateArray().Single(s => s.Str("nodeId") == nodeId);

    [Theory, MemberData(nameof(RunStatus))]
    public async Task Dry_run(Caller caller, int status)
    {
        var flow = await ThreeLevelFlowAsync();
        var body = await factory.As(caller).PostJsonAsync($"/api/workflows/{flow.Workflow.Id()}/dry-run", new { message = ProSignup.DeepClone() })
            .ExpectJson(status);
        if (status == 200) Assert.Equal(["start", "pro", "pro-done", "free", "size", "big"], Path(body));
        else Assert.Equal("Workflow not found", body.Error());
    }

    [Fact]
    public async Task The_path_taken_follows_conditions_and_True_False_branches_with_details_per_node()
    {
        var flow = await ThreeLevelFlowAsync();
        var run = await factory.As(Caller.User).PostJsonAsync($"/api/workflows/{flow.Workflow.Id()}/dry-run", new { message = ProSignup.DeepClone() })
            .ExpectJson(200);

        Assert.True(run.GetProperty("completed").GetBoolean());
        Assert.Equal(["start", "pro", "pro-done", "free", "size", "big"], Path(run));
        Assert.Equal(["continued", "continued", "continued", "stopped", "continued", "continued"],
            run.GetProperty("steps").EnumerateArray().Select(s => s.Str("outcome")));
        Assert.Equal(("$.root.children[0].children[0]", "Result"), (Step(run, "pro-done").Str("nodePath"), Step(run, "pro-done").Str("entityType")));

        var free = Step(run, "free");
        Assert.Equal("The condition is false; this branch stops here.", free.Str("message"));
        var freeRule = free.GetProperty("condition").GetProperty("rules")[0];
        Assert.Equal(("pro", "free", false), (freeRule.Str("evaluatedValue"), freeRule.Str("expectedValue"), freeRule.GetProperty("result").GetBoolean()));
        Assert.Empty(free.GetProperty("arguments").EnumerateArray());

        var size = Step(run, "size");
        Assert.Equal(("true", 12), (size.Str("branch"), size.GetProperty("condition").GetProperty("rules")[0].GetProperty("evaluatedValue").GetInt32()));

        var pro = Step(run, "pro");
        Assert.Equal(flow.Pro.Str("name"), pro.Str("entityName"));
        var arguments = pro.GetProperty("arguments").EnumerateArray().ToDictionary(a => a.Str("name"));
        Assert.Equal(42, arguments["userId"].GetProperty("value").GetInt32());
        Assert.Equal("Welcome Ada, plan pro", arguments["greeting"].Str("value"));
        Assert.Equal(("{{message.coupon.code}}", "message.coupon.code"),
            (arguments["coupon"].Str("value"), arguments["coupon"].GetProperty("unresolved")[0].GetString()));
    }

    [Fact]
    public async Task Another_message_takes_another_path()
    {
        var flow = await ThreeLevelFlowAsync();
        var url = $"/api/workflows/{flow.Workflow.Id()}/dry-run";
        var freeSmall = ProSignup.DeepClone();
        freeSmall["plan"] = "free";
        freeSmall["seats"] = 2;
        var run = await factory.As(Caller.Guest).PostJsonAsync(url, new { message = freeSmall }).ExpectJson(200);
        Assert.Equal(["start", "pro", "free", "free-done", "size", "small"], Path(run));
        Assert.Equal("false", Step(run, "size").Str("branch"));

        var other = await factory.As(Caller.Guest).PostJsonAsync(url, new { message = new { type = "order.placed" } }).ExpectJson(200);
        Assert.Equal(["start"], Path(other));
        Assert.Equal("stopped", other.GetProperty("steps")[0].Str("outcome"));
    }

    [Fact]
    public async Task Unsaved_workflowData_in_the_body_is_walked_and_nothing_is_saved()
    {
        var flow = await ThreeLevelFlowAsync(saveOnlyTheRoot: true);
        var url = $"/api/workflows/{flow.Workflow.Id()}";
        var saved = await factory.As(Caller.User).PostJsonAsync($"{url}/dry-run", new { message = ProSignup.DeepClone() }).ExpectJson(200);
        Assert.Equal(["start"], Path(saved));

        var unsaved = await factory.As(Caller.User).PostJsonAsync($"{url}/dry-run", new { message = ProSignup.DeepClone(), workflowData = flow.Data })
            .ExpectJson(200);
        Assert.Equal(["start", "pro", "pro-done", "free", "size", "big"], Path(unsaved));

        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal(flow.Workflow.Str("version"), current.Str("version"));
        Assert.Single(Tree.Nodes(current.GetProperty("workflowData")));
        Assert.Equal(0, await factory.UsageCountAsync(flow.Pro.Id()));
    }

    [Fact]
    public async Task Unsaved_workflowData_that_cannot_be_read_is_400_and_an_unknown_entity_stops_its_branch()
    {
        var flow = await ThreeLevelFlowAsync();
        var url = $"/api/workflows/{flow.Workflow.Id()}/dry-run";
        var body = await factory.As(Caller.User).PostJsonAsync(url, new { message = ProSignup.DeepClone(), workflowData = new { nodes = new[] { 1 } } })
            .ExpectJson(400);
        Assert.Equal(["$"], body.WorkflowDataProblems().Locations());

        var draft = flow.Data.DeepClone();
        draft["root"]!["children"]![0]!["entityId"] = Guid.NewGuid().ToString();
        var run = await factory.As(Caller.User).PostJsonAsync(url, new { message = ProSignup.DeepClone(), workflowData = draft }).ExpectJson(200);
        Assert.Equal(["start", "pro", "free", "size", "big"], Path(run));
        Assert.Equal("failed", Step(run, "pro").Str("outcome"));
        Assert.Contains("runs an entity that was deleted", Step(run, "pro").Str("message"));
        Assert.DoesNotContain(draft["root"]!["children"]![0]!["entityId"]!.GetValue<string>(), Step(run, "pro").Str("message"));
    }

    /// <summary>Globex's admin may dry-run Globex's workflow with a draft naming Acme's entities, but learns nothing about them.</summary>
    [Fact]
    public async Task A_draft_only_sees_the_workflows_own_organization()
    {
        var seed = await factory.SeedAsync();
        var flow = await ThreeLevelFlowAsync();
        var globexEntity = await factory.CreateEntityAsync(seed.Globex, StepKind.Event);
        var globexFlow = await factory.CreateWorkflowAsync(seed.GlobexProduction, Tree.Data(Tree.Node(globexEntity, "start")));
        var outsider = factory.As(Caller.Outsider);

        await outsider.PostJsonAsync($"/api/workflows/{flow.Workflow.Id()}/dry-run", new { message = ProSignup.DeepClone(), workflowData = flow.Data })
            .Expect(404);
        var run = await outsider.PostJsonAsync($"/api/workflows/{globexFlow.Id()}/dry-run", new { message = ProSignup.DeepClone(), workflowData = flow.Data })
            .ExpectJson(200);
        var root = run.GetProperty("steps")[0];
        Assert.Equal(("failed", JsonValueKind.Null, JsonValueKind.Null),
            (root.Str("outcome"), root.GetProperty("entityName").ValueKind, root.GetProperty("condition").ValueKind));
        Assert.DoesNotContain("user.signup", run.ToString());
    }

    [Fact]
    public async Task Scripts_are_reported_as_skipped_never_run()
    {
        var seed = await factory.SeedAsync();
        var entity = await factory.As(Caller.Admin).PostJsonAsync("/api/workflow-entities", new
        {
            organizationId = seed.Acme, name = Arrange.Unique("Scripted"), workflowEntityTypeId = BuiltInType(StepKind.Action),
            script = "throw new Error('must not run');",
        }).ExpectJson(201);
        var workflow = await factory.CreateWorkflowAsync(seed.AcmeDevelopment, Tree.Data(Tree.Node(entity, "root")));
        var run = await factory.As(Caller.User).PostJsonAsync($"/api/workflows/{workflow.Id()}/dry-run", new { message = new { } }).ExpectJson(200);
        Assert.Equal(("continued", true), (run.GetProperty("steps")[0].Str("outcome"), run.GetProperty("steps")[0].GetProperty("scriptSkipped").GetBoolean()));
    }
}
