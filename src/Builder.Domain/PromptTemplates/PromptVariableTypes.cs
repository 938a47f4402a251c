using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Common;

namespace Builder.Domain.PromptTemplates;

/// <summary>A named set of test values for a template's variables, e.g. "Happy User" → { userName: "Sarah" }.</summary>
public sealed record PromptVariableSet(string Name, IReadOnlyDictionary<string, JsonNode?> Values);

/// <summary>One bad value of a variable set: which set (index and name), which variable, and what is wrong, in words.</summary>
public sealed record VariableSetProblem(int SetIndex, string SetName, string? Variable, string Message)
{
    /// <summary>The request field it concerns: <c>variableSets[0].values.age</c>.</summary>
    public string Field => Variable is null ? $"variableSets[{SetIndex}]" : $"variableSets[{SetIndex}].values.{Variable}";
}

/// <summary>The variable types (string, number, boolean, json) and the rules for variable declarations and sets.</summary>
public static class PromptVariableTypes
{
    public const string String = "string";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Json = "json";
    public static readonly IReadOnlyList<string> All = [String, Number, Boolean, Json];

    public const int MaxVariables = 100;
    public const int MaxSets = 100;
    public const int SetNameMax = 100;

    /// <summary>The longest value: a string's characters, or a json value's compact JSON.</summary>
    public const int ValueMax = 10_000;

    /// <summary>The deepest a json value may nest (objects and arrays).</summary>
    public const int ValueDepthMax = 16;

    public static bool IsType(string? type) => type is not null && All.Contains(type);

    /// <summary>Adds a message for every bad declaration: too many, bad names, unknown types.</summary>
    public static void CheckDeclarations(IReadOnlyDictionary<string, string>? variables, Validator validator)
    {
        if (variables is null) return;
        if (variables.Count > MaxVariables)
        {
            validator.Add("variables", $"A template declares at most {MaxVariables} variables; this one has {variables.Count}.");
            return;
        }
        foreach (var (name, type) in variables)
        {
            if (!PromptVariables.IsValidName(name))
                validator.Add("variables", $"'{Shorten(name)}' is not a variable name: use a letter or '_' then letters, digits or '_' (at most {PromptVariables.NameMax}).");
            else if (!IsType(type))
                validator.Add($"variables.{name}", $"Variable '{name}' has the type '{Shorten(type)}'; the types are {string.Join(", ", All)}.");
        }
    }

    /// <summary>
    /// Every problem of the variable sets against the declared types: too many sets, a missing or repeated set name, a value for
    /// an undeclared variable, a value of the wrong type, too long or too deeply nested. A set may leave variables out.
    /// </summary>
    public static IReadOnlyList<VariableSetProblem> Problems(IReadOnlyDictionary<string, string> variables, IReadOnlyList<PromptVariableSet>? sets)
    {
        var problems = new List<VariableSetProblem>();
        if (sets is null) return problems;
        if (sets.Count > MaxSets)
        {
            problems.Add(new VariableSetProblem(MaxSets, "", null, $"A template has at most {MaxSets} variable sets; this one has {sets.Count}."));
            return problems;
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sets.Count; i++)
        {
            var set = sets[i];
            var setName = set?.Name?.Trim() ?? "";
            if (set is null || setName.Length == 0)
            {
                problems.Add(new VariableSetProblem(i, "", null, $"Variable set {i + 1} needs a name."));
                if (set is null) continue;
            }
            else if (setName.Length > SetNameMax)
                problems.Add(new VariableSetProblem(i, Shorten(setName), null, $"Variable set {i + 1}'s name must be at most {SetNameMax} characters."));
            else if (!names.Add(setName))
                problems.Add(new VariableSetProblem(i, setName, null, $"Two variable sets are named '{setName}'."));
            var label = setName.Length == 0 ? $"Variable set {i + 1}" : $"Set '{Shorten(setName)}'";
            var values = set.Values ?? new Dictionary<string, JsonNode?>();
            if (values.Count > MaxVariables)
            {
                problems.Add(new VariableSetProblem(i, setName, null, $"{label} has {values.Count} values; a set has at most {MaxVariables}."));
                continue;
            }
            foreach (var (variable, value) in values)
            {
                if (!variables.TryGetValue(variable, out var type))
                {
                    problems.Add(new VariableSetProblem(i, setName, Shorten(variable), $"{label} has a value for '{Shorten(variable)}', which is not a declared variable."));
                    continue;
                }
                if (Check(type, value) is { } message)
                    problems.Add(new VariableSetProblem(i, setName, variable, $"{label}: '{variable}' {message}"));
            }
        }
        return problems;
    }

    /// <summary>Adds every set problem to <paramref name="validator"/> under its field.</summary>
    public static void CheckSets(IReadOnlyDictionary<string, string> variables, IReadOnlyList<PromptVariableSet>? sets, Validator validator)
    {
        foreach (var problem in Problems(variables, sets)) validator.Add(problem.Field, problem.Message);
    }

    /// <summary>Why <paramref name="value"/> is not a valid value of <paramref name="type"/> ("must be a number, not a string."), or null when it is.</summary>
    public static string? Check(string type, JsonNode? value)
    {
        if (value is null) return null; // no value: the same as leaving the variable out of the set
        if (Depth(value, 0) > ValueDepthMax) return $"nests deeper than {ValueDepthMax} levels.";
        var kind = value.GetValueKind();
        switch (type)
        {
            case String:
                if (kind != JsonValueKind.String) return $"must be a string, not {Describe(kind)}.";
                return value.GetValue<string>().Length > ValueMax ? $"must be at most {ValueMax} characters." : null;
            case Number:
                return kind == JsonValueKind.Number ? null : $"must be a number, not {Describe(kind)}.";
            case Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : $"must be true or false, not {Describe(kind)}.";
            case Json:
                return value.ToJsonString().Length > ValueMax ? $"must be at most {ValueMax} characters of JSON." : null;
            default:
                return $"has the unknown type '{Shorten(type)}'.";
        }
    }

    /// <summary>
    /// Reads what a person typed into a value cell as a value of <paramref name="type"/>: a string as it is, "42" as a number,
    /// "true"/"false" as a boolean, JSON text for json. Returns false with the reason otherwise.
    /// </summary>
    public static bool TryParse(string type, string? text, out JsonNode? value, out string? error)
    {
        value = null;
        error = null;
        text ??= "";
        switch (type)
        {
            case String:
                value = JsonValue.Create(text);
                break;
            case Number when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number):
                value = decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var exact)
                    ? JsonValue.Create(exact) : JsonValue.Create(number);
                break;
            case Number:
                error = $"'{Shorten(text)}' is not a number.";
                return false;
            case Boolean when bool.TryParse(text.Trim(), out var flag):
                value = JsonValue.Create(flag);
                break;
            case Boolean:
                error = "Enter true or false.";
                return false;
            case Json:
                if (text.Length > ValueMax) { error = $"At most {ValueMax} characters of JSON."; return false; }
                try { value = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = ValueDepthMax + 1 }); }
                catch (JsonException) { error = "This is not valid JSON (nested at most 16 levels)."; return false; }
                break;
            default:
                error = $"Unknown type '{Shorten(type)}'.";
                return false;
        }
        error = Check(type, value);
        return error is null;
    }

    private static int Depth(JsonNode? node, int depth)
    {
        if (depth > ValueDepthMax) return depth;
        return node switch
        {
            JsonObject o => o.Count == 0 ? depth + 1 : o.Max(p => Depth(p.Value, depth + 1)),
            JsonArray a => a.Count == 0 ? depth + 1 : a.Max(i => Depth(i, depth + 1)),
            _ => depth,
        };
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    private static string Shorten(string? text) => text is null ? "" : text.Length > 40 ? text[..40] + "…" : text;
}
