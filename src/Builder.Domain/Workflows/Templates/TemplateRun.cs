using System.Text.Json;
using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>One substitution pass, collecting what it replaced and what it could not.</summary>
internal sealed class TemplateRun(JsonNode? context)
{
    private readonly List<string> _unresolved = [];
    public List<SubstitutionMade> Made { get; } = [];
    public IReadOnlyList<string> Unresolved => _unresolved;

    public string Text(string text, string location) => TemplateSubstitution.Placeholder().Replace(text, match =>
    {
        var name = match.Groups["path"].Value;
        if (!Resolve(name, location, out var value)) return match.Value;
        return JsonValueText.Kind(value) == JsonValueKind.Null ? "" : JsonValueText.ToText(value);
    });

    /// <summary>A string value: typed when it is exactly one placeholder, text otherwise.</summary>
    public JsonNode? Value(string text, string location)
    {
        var match = TemplateSubstitution.Placeholder().Match(text);
        if (match.Success && match.Index == 0 && match.Length == text.Length)
            return Resolve(match.Groups["path"].Value, location, out var value) ? value : JsonValue.Create(text);
        return JsonValue.Create(Text(text, location));
    }

    public JsonNode? Parameters(JsonNode? parameters)
    {
        if (parameters is null) return null;
        if (IsString(parameters)) return Value(parameters.GetValue<string>(), "$");
        var copy = parameters.DeepClone();
        var pending = new Stack<(JsonNode Parent, object Key, JsonNode? Node, string Path)>();
        PushChildren(pending, copy, "$");
        while (pending.Count > 0)
        {
            var (parent, key, node, path) = pending.Pop();
            if (IsString(node)) Set(parent, key, Value(node!.GetValue<string>(), path));
            else if (node is JsonObject or JsonArray) PushChildren(pending, node, path);
        }
        return copy;
    }

    /// <summary>Pushes a container's children last-first, so they are handled in document order.</summary>
    private static void PushChildren(Stack<(JsonNode, object, JsonNode?, string)> pending, JsonNode container, string path)
    {
        var children = container is JsonObject obj
            ? obj.Select(p => ((object)p.Key, p.Value, $"{path}.{p.Key}")).ToList()
            : container.AsArray().Select((item, i) => ((object)i, item, $"{path}[{i}]")).ToList();
        for (var i = children.Count - 1; i >= 0; i--)
            pending.Push((container, children[i].Item1, children[i].Item2, children[i].Item3));
    }

    private bool Resolve(string name, string location, out JsonNode? value)
    {
        if (JsonFieldPath.TryResolve(context, name, out var found))
        {
            value = found?.DeepClone();
            Made.Add(new SubstitutionMade(name, found?.DeepClone(), location));
            return true;
        }
        value = null;
        if (!_unresolved.Contains(name)) _unresolved.Add(name);
        return false;
    }

    private static bool IsString(JsonNode? node) => JsonValueText.Kind(node) == JsonValueKind.String;

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject obj) obj[(string)key] = value;
        else parent.AsArray()[(int)key] = value;
    }
}
