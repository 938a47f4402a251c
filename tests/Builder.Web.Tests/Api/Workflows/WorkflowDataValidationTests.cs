using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.WorkflowEntities;

namespace Builder.Web.Tests.Api.Workflows;

/// <summary>
/// Malformed <c>workflowData</c> is refused with 400 listing every problem with its node's location, and nothing is
/// stored; large but valid trees are accepted; bodies over the limit are 413.
/// </summary>
public sealed class WorkflowDataValidationTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Url = "/api/workflows";

    private sealed record Library(JsonElement Action, JsonElement Result, JsonElement Globex);

    private async Task<Library> LibraryAsync()
    {
        var seed = await factory.SeedAsync();
        return new Library(await factory.CreateEntityAsync(seed.Acme), await factory.CreateEntityAsync(seed.Acme, StepKind.Result),
            await factory.CreateEntityAsync(seed.Globex));
    }

    private static JsonObject Position(JsonObject node) => node["presentation"]!["position"]!.AsObject();

    private static JsonObject Child(JsonObject node, int index) => node["children"]![index]!.AsObject();

    public static TheoryData<string> Cases =>
    [
        "cycle", "shared node", "unknown entity", "another organization's entity", "string position", "root as array",
        "entityId not a GUID", "name and entityType of the wrong type", "entity type mismatch", "result with children",
        "non-finite positions", "absent positions", "missing root", "not an object",
    ];

    /// <summary>The workflowData of a case, the locations of the problems it must produce, and a phrase of the first one's message.</summary>
    private static (JsonNode Data, string[] Locations, string Phrase) Case(string name, Library l)
    {
        var (a, r, g) = (l.Action, l.Result, l.Globex);
        switch (name)
        {
            case "cycle":
                return (Tree.Data(Tree.Node(a, "a", Tree.Node(a, "b", Tree.Node(a, "a")))), ["$.root.children[0].children[0]"], "own ancestors");
            case "shared node":
                return (Tree.Data(Tree.Node(a, "root", Tree.Node(a, "s"), Tree.Node(a, "s"))), ["$.root.children[1]"], "only one parent");
            case "unknown entity":
                return (Tree.Data(Tree.Node(a, "root", Tree.Node(Guid.NewGuid(), "Action", "x"))), ["$.root.children[0].entityId"],
                    "does not exist in this organization");
            case "another organization's entity":
                return (Tree.Data(Tree.Node(a, "root", Tree.Node(g, "x"))), ["$.root.children[0].entityId"], "does not exist in this organization");
            case "string position":
            {
                var root = Tree.Node(a, "root");
                Position(root)["x"] = "10";
                return (Tree.Data(root), ["$.root.presentation.position.x"], "must be a number, not a string");
            }
            case "root as array":
                return (new JsonObject { ["root"] = new JsonArray(Tree.Node(a, "root")) }, ["$.root"], "must be a node object, not an array");
            case "entityId not a GUID":
            {
                var root = Tree.Node(a, "root", Tree.Node(a, "x"), Tree.Node(a, "y"));
                Child(root, 0)["entityId"] = "not-a-guid";
                Child(root, 1)["entityId"] = 42;
                return (Tree.Data(root), ["$.root.children[0].entityId", "$.root.children[1].entityId"], "must be a GUID string");
            }
            case "name and entityType of the wrong type":
            {
                var root = Tree.Node(a, "root");
                root["name"] = 7;
                root["entityType"] = true;
                return (Tree.Data(root), ["$.root.entityType", "$.root.name"], "must be a string");
            }
            case "entity type mismatch":
            {
                var root = Tree.Node(a, "root");
                root["entityType"] = "Result";
                return (Tree.Data(root), ["$.root.entityType"], "is of type 'Action'");
            }
            case "result with children":
                return (Tree.Data(Tree.Node(a, "root", Tree.Node(r, "end", Tree.Node(a, "after")))), ["$.root.children[0]"], "cannot have children");
            case "non-finite positions":
            {
                var root = Tree.Node(a, "root", Tree.Node(a, "far"));
                Position(root)["x"] = "NaN";
                Position(root)["y"] = "-Infinity";
                Position(Child(root, 0))["x"] = JsonNode.Parse("1e999");
                return (Tree.Data(root), ["$.root.children[0].presentation.position.x", "$.root.presentation.position.x", "$.root.presentation.position.y"],
                    "finite number");
            }
            case "absent positions":
            {
                var root = Tree.Node(a, "root", Tree.Node(a, "x"), Tree.Node(a, "y"), Tree.Node(a, "z"));
                Child(root, 0).Remove("presentation");
                Position(Child(root, 1)).Remove("y");
                Child(root, 2)["presentation"]!.AsObject().Remove("position");
                return (Tree.Data(root), ["$.root.children[0].presentation", "$.root.children[1].presentation.position.y",
                    "$.root.children[2].presentation.position"], "presentation");
            }
            case "missing root":
                return (new JsonObject { ["nodes"] = new JsonArray() }, ["$"], "has no root node");
            case "not an object":
                return (JsonValue.Create("root"), ["$"], "must be a JSON object");
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Malformed_workflowData_is_400_listing_each_problem_at_its_node_and_stores_nothing(string name)
    {
        var seed = await factory.SeedAsync();
        var library = await LibraryAsync();
        var (data, locations, phrase) = Case(name, library);
        var workflowName = Arrange.Unique("Malformed");

        var body = await factory.As(Caller.User).PostJsonAsync(Url, new { environmentId = seed.AcmeDevelopment, name = workflowName, workflowData = data })
            .ExpectJson(400);
        var problems = body.WorkflowDataProblems();
        Assert.Equal(locations, problems.Locations());
        Assert.Contains(phrase, problems[0]);
        Assert.Equal("Validation failed", body.Error());

        var listed = await factory.As(Caller.System).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(workflowName)}").ExpectJson(200);
        Assert.Empty(listed.Data());
        Assert.Equal(0, await factory.UsageCountAsync(library.Action.Id()));
    }

    [Fact]
    public async Task Every_problem_of_a_workflow_is_listed_at_once_and_an_update_with_them_changes_nothing()
    {
        var seed = await factory.SeedAsync();
        var l = await LibraryAsync();
        var (a, r, g) = (l.Action, l.Result, l.Globex);
        var root = Tree.Node(a, "root",
            Tree.Node(a, "a", Tree.Node(a, "b", Tree.Node(a, "a"))),
            Tree.Node(a, "s"),
            Tree.Node(a, "s"),
            Tree.Node(Guid.NewGuid(), "Action", "unknown"),
            Tree.Node(g, "foreign"),
            Tree.Node(a, "not-a-guid"),
            Tree.Node(r, "end", Tree.Node(a, "after")),
            Tree.Node(a, "infinite"),
            Tree.Node(a, "unplaced"),
            Tree.Node(a, "mistyped"));
        Position(root)["x"] = "10";
        Child(root, 5)["entityId"] = "nope";
        Position(Child(root, 7))["y"] = "Infinity";
        Child(root, 8).Remove("presentation");
        Child(root, 9)["entityType"] = "Result";

        var (workflow, entity) = await factory.CreateSimpleWorkflowAsync();
        var url = $"{Url}/{workflow.Id()}";
        var body = await factory.As(Caller.User).PutJsonAsync(url, new { name = "Broken", workflowData = Tree.Data(root) }).ExpectJson(400);

        var problems = body.WorkflowDataProblems();
        Assert.Equal(10, problems.Count);
        Assert.Equal(new[]
        {
            "$.root.presentation.position.x",
            "$.root.children[0].children[0].children[0]",
            "$.root.children[2]",
            "$.root.children[3].entityId",
            "$.root.children[4].entityId",
            "$.root.children[5].entityId",
            "$.root.children[6]",
            "$.root.children[7].presentation.position.y",
            "$.root.children[8].presentation",
            "$.root.children[9].entityType",
        }.Order(StringComparer.Ordinal), problems.Locations());

        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal((workflow.Str("name"), workflow.Str("version")), (current.Str("name"), current.Str("version")));
        Assert.Equal((1, 0), (await factory.UsageCountAsync(entity.Id()), await factory.UsageCountAsync(a.Id())));
    }

    [Fact]
    public async Task A_2000_node_workflow_under_one_MiB_is_accepted_and_read_back_whole()
    {
        var seed = await factory.SeedAsync();
        var l = await LibraryAsync();
        var json = CompactTree(2_000, l.Action.Id(), "Action");
        var body = $$"""{"environmentId":"{{seed.AcmeDevelopment}}","name":"{{Arrange.Unique("Large")}}","workflowData":{{json}}}""";
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 100_000, 1024 * 1024 - 1);

        var created = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, Url, body).ExpectJson(201);
        var read = (await factory.CurrentAsync($"{Url}/{created.Id()}"))!.Value;
        Assert.Equal(2_000, Tree.Nodes(read.GetProperty("workflowData")).Count());
        Assert.Equal(1, await factory.UsageCountAsync(l.Action.Id()));
        var run = await factory.As(Caller.Guest).PostJsonAsync($"{Url}/{created.Id()}/dry-run", new { message = new { } }).ExpectJson(200);
        Assert.Equal((true, 2_000), (run.GetProperty("completed").GetBoolean(), run.GetProperty("pathTaken").GetArrayLength()));
    }

    [Fact]
    public async Task More_nodes_than_the_limit_is_400_naming_the_count()
    {
        var seed = await factory.SeedAsync();
        var l = await LibraryAsync();
        var json = CompactTree(5_001, l.Action.Id(), "Action");
        var body = $$"""{"environmentId":"{{seed.AcmeDevelopment}}","name":"Too large","workflowData":{{json}}}""";
        var error = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, Url, body).ExpectJson(400);
        var problem = Assert.Single(error.WorkflowDataProblems());
        Assert.Contains("The workflow has 5001 nodes; the limit is 5000.", problem);
    }

    [Fact]
    public async Task A_workflow_64_levels_deep_is_accepted_read_back_and_dry_run()
    {
        var seed = await factory.SeedAsync();
        var l = await LibraryAsync();
        var created = await factory.CreateWorkflowAsync(seed.AcmeDevelopment, Chain(l.Action, 64), caller: Caller.User);
        var url = $"{Url}/{created.Id()}";

        var read = await factory.As(Caller.Guest).GetAsync(url).ExpectJson(200);
        Assert.Equal(64, Tree.Nodes(read.GetProperty("workflowData")).Count());
        var run = await factory.As(Caller.Guest).PostJsonAsync($"{url}/dry-run", new { message = new { } }).ExpectJson(200);
        Assert.Equal(64, run.GetProperty("pathTaken").GetArrayLength());
        await factory.As(Caller.User).PutJsonAsync(url, new { name = created.Str("name"), workflowData = read.GetProperty("workflowData") }).Expect(200);
    }

    [Fact]
    public async Task A_workflow_65_levels_deep_is_400_at_the_node_too_deep()
    {
        var seed = await factory.SeedAsync();
        var l = await LibraryAsync();
        var body = await factory.As(Caller.User).PostJsonAsync(Url,
            new { environmentId = seed.AcmeDevelopment, name = "Too deep", workflowData = Chain(l.Action, 65) }).ExpectJson(400);
        var problem = Assert.Single(body.WorkflowDataProblems());
        Assert.Equal("$.root" + string.Concat(Enumerable.Repeat(".children[0]", 64)), new[] { problem }.Locations()[0]);
        Assert.Contains("at most 64 levels deep", problem);
    }

    [Fact]
    public async Task A_10_MB_body_is_413_and_stores_nothing()
    {
        var seed = await factory.SeedAsync();
        var l = await LibraryAsync();
        var name = Arrange.Unique("Huge");
        var root = Tree.Node(l.Action, "root");
        root["description"] = new string('x', 10 * 1024 * 1024);
        var json = JsonSerializer.Serialize(new { environmentId = seed.AcmeDevelopment, name, workflowData = Tree.Data(root) });
        Assert.True(json.Length > 10_000_000);

        var body = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, Url, json).ExpectJson(413);
        Assert.Equal("Request body too large", body.Error());

        var chunked = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))) };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        await factory.As(Caller.User).SendAsync(chunked).Expect(413);

        var (workflow, _) = await factory.CreateSimpleWorkflowAsync();
        await factory.As(Caller.User).SendRawAsync(HttpMethod.Put, $"{Url}/{workflow.Id()}", json.Replace(name, workflow.Str("name"))).Expect(413);
        Assert.Equal(workflow.Str("version"), (await factory.CurrentAsync($"{Url}/{workflow.Id()}"))!.Value.Str("version"));

        var listed = await factory.As(Caller.System).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Empty(listed.Data());
        Assert.Equal(0, await factory.UsageCountAsync(l.Action.Id()));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("\"10\" \"20\"")]
    public async Task Positions_that_are_not_JSON_are_400_malformed_and_store_nothing(string x)
    {
        var seed = await factory.SeedAsync();
        var l = await LibraryAsync();
        var name = Arrange.Unique("Not JSON");
        var json = $$"""{"environmentId":"{{seed.AcmeDevelopment}}","name":"{{name}}","workflowData":{"root":{"name":"r","entityId":"{{l.Action.Id()}}","""
            + $$""","entityType":"Action","presentation":{"position":{"x":{{x}},"y":0""" + "}}}}}";
        var body = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, Url, json).ExpectJson(400);
        Assert.Equal("Malformed JSON body", body.Error());
        var listed = await factory.As(Caller.System).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Empty(listed.Data());
    }

    [Fact]
    public async Task A_repeated_root_property_is_400_not_500()
    {
        var seed = await factory.SeedAsync();
        var l = await LibraryAsync();
        var node = Tree.Node(l.Action, "root").ToJsonString();
        var json = $$$"""{"environmentId":"{{{seed.AcmeDevelopment}}}","name":"Twice","workflowData":{"root":{{{node}}},"root":{{{node}}}}}""";
        var body = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, Url, json).ExpectJson(400);
        Assert.NotEmpty(body.WorkflowDataProblems());
    }

    /// <summary>A chain: each node the only child of the one before, <paramref name="depth"/> levels.</summary>
    private static JsonObject Chain(JsonElement entity, int depth)
    {
        var node = Tree.Node(entity, $"n{depth}");
        for (var level = depth - 1; level >= 1; level--) node = Tree.Node(entity, $"n{level}", node);
        return Tree.Data(node);
    }

    /// <summary>Compact workflowData with <paramref name="count"/> nodes, fifty children per node, built as text.</summary>
    private static string CompactTree(int count, Guid entityId, string entityType)
    {
        var children = new List<int>[count];
        for (var i = 0; i < count; i++) children[i] = [];
        for (var i = 1; i < count; i++) children[(i - 1) / 50].Add(i);
        var text = new StringBuilder("""{"root":""");
        void Write(int i)
        {
            text.Append($$$"""{"id":"n{{{i}}}","name":"n{{{i}}}","entityId":"{{{entityId}}}","entityType":"{{{entityType}}}","presentation":{"position":{"x":{{{i % 97 * 40}}},"y":{{{i / 97 * 40}}}}}""");
            if (children[i].Count > 0)
            {
                text.Append(""","children":[""");
                for (var c = 0; c < children[i].Count; c++)
                {
                    if (c > 0) text.Append(',');
                    Write(children[i][c]);
                }
                text.Append(']');
            }
            text.Append('}');
        }
        Write(0);
        return text.Append('}').ToString();
    }
}
