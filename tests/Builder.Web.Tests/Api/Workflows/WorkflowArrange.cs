using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.WorkflowEntities;

namespace Builder.Web.Tests.Api.Workflows;

/// <summary>Fresh entities and workflows for one test, made through the API (as System unless told otherwise).</summary>
public static class WorkflowArrange
{
    public static Guid BuiltInType(StepKind kind) => WorkflowEntityType.BuiltIn.Single(t => t.Kind == kind).Id;

    /// <summary>A rule <c>{ field, comparison, value }</c>, and a group of conditions, as the condition builder writes them.</summary>
    public static JsonObject Rule(string field, string comparison, JsonNode? value = null) =>
        new() { ["type"] = "rule", ["field"] = field, ["comparison"] = comparison, ["value"] = value };

    public static JsonObject Group(string op, params JsonNode[] conditions) =>
        new() { ["type"] = "group", ["operator"] = op, ["conditions"] = new JsonArray(conditions) };

    /// <summary>An entity of a built-in type; its JSON carries <c>id</c> and <c>entityType</c> for <see cref="Tree.Node"/>.</summary>
    public static Task<JsonElement> CreateEntityAsync(this BuilderApiFactory factory, Guid organizationId, StepKind kind = StepKind.Action,
        JsonNode? condition = null, string? tfCondition = null, object[]? arguments = null, string? name = null, Caller caller = Caller.System) =>
        factory.As(caller).PostJsonAsync("/api/workflow-entities", new
        {
            organizationId, name = name ?? Arrange.Unique(kind.ToString()), workflowEntityTypeId = BuiltInType(kind),
            condition, tfCondition, arguments = arguments ?? [],
        }).ExpectJson(201);

    public static Task<JsonElement> CreateWorkflowAsync(this BuilderApiFactory factory, Guid environmentId, JsonNode workflowData,
        string? name = null, Caller caller = Caller.System) =>
        factory.As(caller).PostJsonAsync("/api/workflows", new { environmentId, name = name ?? Arrange.Unique("Flow"), workflowData })
            .ExpectJson(201);

    /// <summary>A one-node workflow on a fresh Action entity of Acme Development; returns both.</summary>
    public static async Task<(JsonElement Workflow, JsonElement Entity)> CreateSimpleWorkflowAsync(this BuilderApiFactory factory)
    {
        var seed = await factory.SeedAsync();
        var entity = await factory.CreateEntityAsync(seed.Acme);
        var workflow = await factory.CreateWorkflowAsync(seed.AcmeDevelopment, Tree.Data(Tree.Node(entity, "root")));
        return (workflow, entity);
    }

    public static async Task<int> UsageCountAsync(this BuilderApiFactory factory, Guid entityId) =>
        (await factory.As(Caller.System).GetAsync($"/api/workflow-entities/{entityId}/usage-count").ExpectJson(200))
        .GetProperty("usageCount").GetInt32();

    /// <summary>The messages of a 400's <c>errors.workflowData</c> list.</summary>
    public static IReadOnlyList<string> WorkflowDataProblems(this JsonElement error) =>
        error.GetProperty("errors").GetProperty("workflowData").EnumerateArray().Select(p => p.GetString()!).ToList();

    /// <summary>Where each problem is: the text before the first ": " (<c>$.root.children[0].entityId</c>).</summary>
    public static IReadOnlyList<string> Locations(this IEnumerable<string> problems) =>
        problems.Select(p => p[..p.IndexOf(": ", StringComparison.Ordinal)]).Order(StringComparer.Ordinal).ToList();
}

/// <summary>Builds <c>workflowData</c>: <c>{ "root": node }</c>, a node being <c>{ id, name, entityId, entityType, presentation, children }</c>.</summary>
public static class Tree
{
    public static JsonObject Data(JsonObject root) => new() { ["root"] = root };

    /// <summary>A node that runs <paramref name="entity"/> (the entity's JSON), named and identified by <paramref name="id"/>.</summary>
    public static JsonObject Node(JsonElement entity, string id, params JsonObject[] children) =>
        Node(entity.Id(), entity.Str("entityType"), id, children);

    public static JsonObject Node(Guid entityId, string entityType, string id, params JsonObject[] children) => new()
    {
        ["id"] = id,
        ["name"] = id,
        ["entityId"] = entityId.ToString(),
        ["entityType"] = entityType,
        ["presentation"] = new JsonObject { ["type"] = "circle", ["position"] = new JsonObject { ["x"] = 120, ["y"] = 80.5 } },
        ["children"] = new JsonArray(children),
    };

    /// <summary>Every node of a workflowData tree, depth first.</summary>
    public static IEnumerable<JsonElement> Nodes(JsonElement workflowData)
    {
        var pending = new Stack<JsonElement>([workflowData.GetProperty("root")]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            yield return node;
            if (node.TryGetProperty("children", out var children))
                foreach (var child in children.EnumerateArray()) pending.Push(child);
        }
    }
}
