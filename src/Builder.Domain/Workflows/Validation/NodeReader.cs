using System.Globalization;
using System.Text.Json;
using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>Reads the fields of one node object for <see cref="WorkflowDataParser"/>, reporting what it cannot read.</summary>
internal readonly struct NodeReader(JsonElement node, NodeLocation location, ProblemCollector problems)
{
    private readonly string? _id = ReadId(node);

    public WorkflowNode Read(IReadOnlyList<WorkflowNode> children)
    {
        if (node.TryGetProperty("id", out var id) && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
            Report("id", InvalidType, $"id must be a string, not {WorkflowDataParser.Describe(id)}.");
        return new(String("name") ?? "", EntityId(), String("entityType") ?? "", Presentation(), children) { Id = _id };
    }

    /// <summary>The child node objects with their index in the <c>children</c> array; other values are reported.</summary>
    public List<(JsonElement Element, int Index)> ChildElements()
    {
        var result = new List<(JsonElement, int)>();
        if (!node.TryGetProperty("children", out var children) || children.ValueKind == JsonValueKind.Null) return result;
        if (children.ValueKind != JsonValueKind.Array)
        {
            Report("children", InvalidType, $"children must be an array of nodes, not {WorkflowDataParser.Describe(children)}.");
            return result;
        }
        var index = 0;
        foreach (var child in children.EnumerateArray())
        {
            if (child.ValueKind == JsonValueKind.Object) result.Add((child, index));
            else Report($"children[{index}]", InvalidType, $"Each child must be a node object, not {WorkflowDataParser.Describe(child)}.");
            index++;
        }
        return result;
    }

    private static string? ReadId(JsonElement node) =>
        !node.TryGetProperty("id", out var id) ? null
        : id.ValueKind == JsonValueKind.String ? id.GetString()
        : id.ValueKind == JsonValueKind.Number ? id.GetRawText()
        : null;

    private string? String(string name)
    {
        if (!node.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        Report(name, InvalidType, $"{name} must be a string, not {WorkflowDataParser.Describe(value)}.");
        return null;
    }

    private Guid EntityId()
    {
        if (!node.TryGetProperty("entityId", out var value) || value.ValueKind == JsonValueKind.Null) return Guid.Empty;
        if (value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id)) return id;
        var shown = value.ValueKind == JsonValueKind.String ? $"\"{Shorten(value.GetString()!)}\"" : WorkflowDataParser.Describe(value);
        Report("entityId", InvalidGuid, $"entityId must be a GUID string, not {shown}.");
        return Guid.Empty;
    }

    private NodePresentation Presentation()
    {
        if (!node.TryGetProperty("presentation", out var presentation) || presentation.ValueKind != JsonValueKind.Object)
        {
            var found = presentation.ValueKind == JsonValueKind.Undefined ? "it is missing" : $"it is {WorkflowDataParser.Describe(presentation)}";
            Report("presentation", presentation.ValueKind == JsonValueKind.Undefined ? MissingField : InvalidType,
                $"presentation must be an object with a type and a position; {found}.");
            return new NodePresentation(NodePresentation.DefaultType, double.NaN, double.NaN);
        }
        var type = NodePresentation.DefaultType;
        if (presentation.TryGetProperty("type", out var typeValue) && typeValue.ValueKind != JsonValueKind.Null)
        {
            if (typeValue.ValueKind == JsonValueKind.String) type = typeValue.GetString()!;
            else Report("presentation.type", InvalidType, $"presentation.type must be a string, not {WorkflowDataParser.Describe(typeValue)}.");
        }
        if (!presentation.TryGetProperty("position", out var position) || position.ValueKind != JsonValueKind.Object)
        {
            Report("presentation.position", position.ValueKind == JsonValueKind.Undefined ? MissingField : InvalidType,
                "presentation.position must be an object with numeric x and y.");
            return new NodePresentation(type, double.NaN, double.NaN);
        }
        return new NodePresentation(type, Coordinate(position, "x"), Coordinate(position, "y"));
    }

    private double Coordinate(JsonElement position, string axis)
    {
        var field = $"presentation.position.{axis}";
        if (!position.TryGetProperty(axis, out var value))
        {
            Report(field, MissingField, $"{field} is missing; it must be a finite number.");
            return double.NaN;
        }
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetDouble(out var number) && double.IsFinite(number)) return number;
            Report(field, NonFinitePosition, $"{field} is too large to be a finite number.");
            return double.NaN;
        }
        if (value.ValueKind == JsonValueKind.String && IsNamedNonFinite(value.GetString()!))
        {
            Report(field, NonFinitePosition, $"{field} must be a finite number, not {value.GetString()}.");
            return double.NaN;
        }
        Report(field, InvalidPosition, $"{field} must be a number, not {WorkflowDataParser.Describe(value)}.");
        return double.NaN;
    }

    private static bool IsNamedNonFinite(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsFinite(number);

    private void Report(string field, string code, string message) => problems.Add(location, _id, field, code, message);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
