using System.Globalization;
using System.Text.Json;

namespace Builder.Domain.Chat;

/// <summary>
/// Checks a tool call's arguments against the tool's input schema before the tool runs: the JSON Schema keywords tools use —
/// <c>type</c> (one or a list: object, array, string, number, integer, boolean, null), <c>properties</c>, <c>required</c>,
/// <c>additionalProperties: false</c>, <c>items</c>, <c>enum</c>, <c>const</c>, <c>minLength</c>/<c>maxLength</c>,
/// <c>minimum</c>/<c>maximum</c>, <c>minItems</c>/<c>maxItems</c>. Other keywords are not checked. Problems are named by path
/// ("city is required", "days must be an integer", "tags[2] must be a string") so the model can correct its call.
/// </summary>
public static class ToolArguments
{
    const int MaxProblems = 10;
    const int MaxDepth = 32;

    /// <summary>Parses the model's argument text (empty means no arguments: <c>{}</c>) and checks it; problems empty when valid.</summary>
    public static (JsonElement Arguments, IReadOnlyList<string> Problems) Parse(string? argumentsJson, JsonElement schema)
    {
        JsonElement arguments;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(argumentsJson) ? "{}" : argumentsJson, new JsonDocumentOptions { MaxDepth = 64 });
            arguments = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (default, ["the arguments are not valid JSON"]);
        }
        if (arguments.ValueKind != JsonValueKind.Object) return (arguments, ["the arguments must be a JSON object"]);
        return (arguments, Validate(arguments, schema));
    }

    /// <summary>The problems of <paramref name="value"/> against <paramref name="schema"/> (at most 10).</summary>
    public static IReadOnlyList<string> Validate(JsonElement value, JsonElement schema)
    {
        var problems = new List<string>();
        Check(value, schema, "", problems, 0);
        return problems;
    }

    static void Check(JsonElement value, JsonElement schema, string path, List<string> problems, int depth)
    {
        if (problems.Count >= MaxProblems || depth > MaxDepth) return;
        if (schema.ValueKind == JsonValueKind.False) { Add(problems, $"{Name(path)} is not allowed"); return; }
        if (schema.ValueKind != JsonValueKind.Object) return;

        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array
                ? type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToList()
                : type.ValueKind == JsonValueKind.String ? [type.GetString()!] : [];
            if (allowed.Count > 0 && !allowed.Any(t => IsOfType(value, t)))
            {
                Add(problems, $"{Name(path)} must be {string.Join(" or ", allowed.Select(Article))}");
                return;
            }
        }
        if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array
            && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
        {
            var listed = string.Join(", ", options.EnumerateArray().Take(10).Select(o => o.GetRawText()));
            Add(problems, $"{Name(path)} must be one of {listed}");
            return;
        }
        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            Add(problems, $"{Name(path)} must be {constant.GetRawText()}");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, path, problems, depth);
                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (Number(schema, "minItems") is { } minItems && count < minItems) Add(problems, $"{Name(path)} must have at least {minItems} items");
                if (Number(schema, "maxItems") is { } maxItems && count > maxItems) Add(problems, $"{Name(path)} must have at most {maxItems} items");
                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray()) Check(item, items, $"{path}[{i++}]", problems, depth + 1);
                }
                break;
            case JsonValueKind.String:
                var length = value.GetString()!.Length;
                if (Number(schema, "minLength") is { } minLength && length < minLength) Add(problems, $"{Name(path)} must be at least {minLength} characters");
                if (Number(schema, "maxLength") is { } maxLength && length > maxLength) Add(problems, $"{Name(path)} must be at most {maxLength} characters");
                break;
            case JsonValueKind.Number:
                var number = value.GetDouble();
                if (Number(schema, "minimum") is { } minimum && number < minimum) Add(problems, $"{Name(path)} must be at least {Format(minimum)}");
                if (Number(schema, "maximum") is { } maximum && number > maximum) Add(problems, $"{Name(path)} must be at most {Format(maximum)}");
                break;
        }
    }

    static void CheckObject(JsonElement value, JsonElement schema, string path, List<string> problems, int depth)
    {
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            foreach (var name in required.EnumerateArray())
                if (name.ValueKind == JsonValueKind.String && !value.TryGetProperty(name.GetString()!, out _))
                    Add(problems, $"{Name(Join(path, name.GetString()!))} is required");
        var hasProperties = schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object;
        var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        foreach (var property in value.EnumerateObject())
        {
            if (hasProperties && properties.TryGetProperty(property.Name, out var propertySchema))
                Check(property.Value, propertySchema, Join(path, property.Name), problems, depth + 1);
            else if (closed)
                Add(problems, $"{Name(Join(path, property.Name))} is not a field of this tool");
            else if (additional.ValueKind == JsonValueKind.Object)
                Check(property.Value, additional, Join(path, property.Name), problems, depth + 1);
        }
    }

    static bool IsOfType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    static string Article(string type) => type switch
    {
        "object" or "array" or "integer" => "an " + type,
        "null" => "null",
        _ => "a " + type,
    };

    static double? Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    static string Name(string path) => path.Length == 0 ? "the arguments" : path;

    static void Add(List<string> problems, string problem)
    {
        if (problems.Count < MaxProblems) problems.Add(problem);
    }
}
