using System.Text.Json;
using Builder.Domain.Workflows;
using static Builder.Domain.Tests.Workflows.WorkflowBuilder;

namespace Builder.Domain.Tests.Workflows;

public class WorkflowDataParserTests
{
    [Fact]
    public void Reads_the_reference_shape()
    {
        var json = Document(NodeJson("Check User", EventId, "event", NodeJson("Welcome", ActionId, "action")));

        var result = WorkflowDataParser.Parse(json);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var root = result.Data!.Root;
        Assert.Equal(("Check User", EventId, "event"), (root.Name, root.EntityId, root.EntityType));
        Assert.Equal(new NodePresentation("circle", 100, 200), root.Presentation);
        Assert.Equal("Welcome", Assert.Single(root.Children).Name);
    }

    [Theory]
    [InlineData("{}", "$", WorkflowProblemCodes.MissingRoot)]
    [InlineData("[]", "$", WorkflowProblemCodes.InvalidType)]
    [InlineData("{\"root\": 5}", "$.root", WorkflowProblemCodes.InvalidType)]
    [InlineData("{\"root\": {}, \"root\": {}}", "$.root", WorkflowProblemCodes.MultipleRoots)]
    [InlineData("{ not json", "$", WorkflowProblemCodes.InvalidJson)]
    [InlineData("", "$", WorkflowProblemCodes.MissingRoot)]
    public void Reports_document_problems_without_throwing(string json, string location, string code)
    {
        var result = WorkflowDataParser.Parse(json);

        Assert.Contains(result.Problems, p => p.Location == location && p.Code == code);
    }

    [Fact]
    public void Reports_every_field_problem_with_its_location()
    {
        var child = NodeJson("Child", ActionId, "action");
        child["entityId"] = "not-a-guid";
        child["presentation"]!["position"]!["x"] = "left";
        child["presentation"]!["position"]!["y"] = "NaN";
        var root = NodeJson("Root", EventId, "event", child, 42);
        root["name"] = 7;

        var problems = WorkflowDataParser.Parse(Document(root)).Problems;

        Assert.Contains(problems, p => p.Location == "$.root.name" && p.Code == WorkflowProblemCodes.InvalidType);
        Assert.Contains(problems, p => p.Location == "$.root.children[1]" && p.Code == WorkflowProblemCodes.InvalidType);
        Assert.Contains(problems, p => p.Location == "$.root.children[0].entityId" && p.Code == WorkflowProblemCodes.InvalidGuid);
        Assert.Contains(problems, p => p.Location == "$.root.children[0].presentation.position.x" && p.Code == WorkflowProblemCodes.InvalidPosition);
        Assert.Contains(problems, p => p.Location == "$.root.children[0].presentation.position.y" && p.Code == WorkflowProblemCodes.NonFinitePosition);
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void A_number_too_large_for_a_double_is_a_non_finite_position()
    {
        var json = Document(NodeJson("Root", EventId, "event")).Replace("\"x\":100", "\"x\":1e400");

        var problem = Assert.Single(WorkflowDataParser.Parse(json).Problems);

        Assert.Equal(("$.root", "presentation.position.x", WorkflowProblemCodes.NonFinitePosition), (problem.NodePath, problem.Field, problem.Code));
    }

    [Fact]
    public void Keeps_canvas_node_ids()
    {
        var root = NodeJson("Root", EventId, "event");
        root["id"] = "n-1";

        Assert.Equal("n-1", WorkflowDataParser.Parse(Document(root)).Data!.Root.Id);
    }

    [Fact]
    public void Reads_deep_trees_from_an_element_without_recursion()
    {
        var depth = 3_000;
        var text = new System.Text.StringBuilder("{\"root\":");
        for (var i = 0; i < depth; i++)
            text.Append($"{{\"name\":\"n{i}\",\"entityId\":\"{ActionId}\",\"entityType\":\"action\",\"presentation\":{{\"position\":{{\"x\":0,\"y\":0}}}},\"children\":[");
        text.Append(string.Concat(Enumerable.Repeat("]}", depth))).Append('}');
        using var document = JsonDocument.Parse(text.ToString(), new JsonDocumentOptions { MaxDepth = 10_000 });

        var result = WorkflowDataParser.Parse(document.RootElement);

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Text_nested_past_the_depth_limit_is_reported_not_thrown()
    {
        var node = NodeJson("Leaf", ActionId, "action");
        for (var i = 0; i < 12; i++) node = NodeJson($"n{i}", ActionId, "action", node);
        var text = Document(node);

        var result = WorkflowDataParser.Parse(text, new WorkflowLimits { MaxDepth = 1 });

        Assert.Equal(WorkflowProblemCodes.InvalidJson, Assert.Single(result.Problems).Code);
    }
}
