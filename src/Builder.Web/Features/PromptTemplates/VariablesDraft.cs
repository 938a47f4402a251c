using System.Text.Json.Nodes;
using Builder.Domain.PromptTemplates;

namespace Builder.Web.Features.PromptTemplates;

/// <summary>
/// The editor's working copy of a template's declared variables and variable sets. Cells hold what a person typed;
/// <see cref="PromptVariableTypes.TryParse"/> reads them as the variable's type, and an empty cell leaves the variable out of the set.
/// </summary>
public sealed class VariablesDraft
{
    public sealed class Variable(string name, string type)
    {
        public string Name { get; } = name;
        public string Type { get; set; } = type;
    }

    public sealed class Set(string name)
    {
        public string Name { get; set; } = name;
        public Dictionary<string, string> Cells { get; } = new(StringComparer.Ordinal);
    }

    public List<Variable> Variables { get; } = [];
    public List<Set> Sets { get; } = [];

    public IReadOnlyList<string> Declared => Variables.Select(v => v.Name).ToList();

    public static VariablesDraft From(IReadOnlyDictionary<string, string> variables, IReadOnlyList<PromptVariableSet> sets)
    {
        var draft = new VariablesDraft();
        foreach (var (name, type) in variables) draft.Variables.Add(new Variable(name, type));
        foreach (var set in sets)
        {
            var row = new Set(set.Name);
            foreach (var (name, value) in set.Values) row.Cells[name] = CellText(value);
            draft.Sets.Add(row);
        }
        return draft;
    }

    /// <summary>A stored value as a person edits it: a string as it is, anything else as JSON.</summary>
    public static string CellText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    public bool IsDeclared(string name) => Variables.Any(v => v.Name == name);

    /// <summary>Declares a variable (a found one, or a new name); false when the name is not valid or already declared.</summary>
    public bool Declare(string name, string type = PromptVariableTypes.String)
    {
        if (!PromptVariables.IsValidName(name) || IsDeclared(name) || !PromptVariableTypes.IsType(type)) return false;
        Variables.Add(new Variable(name, type));
        return true;
    }

    /// <summary>Removes a declaration and its values in every set.</summary>
    public void Remove(string name)
    {
        Variables.RemoveAll(v => v.Name == name);
        foreach (var set in Sets) set.Cells.Remove(name);
    }

    public Set AddSet()
    {
        var number = Sets.Count + 1;
        while (Sets.Any(s => string.Equals(s.Name, $"Set {number}", StringComparison.OrdinalIgnoreCase))) number++;
        var set = new Set($"Set {number}");
        Sets.Add(set);
        return set;
    }

    public void RemoveSet(int index) => Sets.RemoveAt(index);

    public string Cell(int set, string variable) => Sets[set].Cells.GetValueOrDefault(variable, "");

    public void SetCell(int set, string variable, string? text)
    {
        if (string.IsNullOrEmpty(text)) Sets[set].Cells.Remove(variable);
        else Sets[set].Cells[variable] = text;
    }

    /// <summary>Why a cell's text is not a value of its variable's type, or null (an empty cell is fine).</summary>
    public string? CellError(int set, string variable)
    {
        var text = Cell(set, variable);
        if (text.Length == 0 || Variables.FirstOrDefault(v => v.Name == variable) is not { } declared) return null;
        return PromptVariableTypes.TryParse(declared.Type, text, out _, out var error) ? null : error;
    }

    /// <summary>What is wrong with a set's name (missing, too long, used twice), from the domain's set rules.</summary>
    public string? SetNameError(int set) =>
        PromptVariableTypes.Problems(Types(), Sets.Select(s => new PromptVariableSet(s.Name, new Dictionary<string, JsonNode?>())).ToList())
            .FirstOrDefault(p => p.SetIndex == set && p.Variable is null)?.Message;

    public bool HasErrors => Sets.Select((s, i) => i).Any(i => SetNameError(i) is not null || Variables.Any(v => CellError(i, v.Name) is not null));

    public Dictionary<string, string> Types() => Variables.ToDictionary(v => v.Name, v => v.Type, StringComparer.Ordinal);

    /// <summary>The sets with every readable cell as a typed value (unreadable cells are left out; <see cref="HasErrors"/> tells).</summary>
    public List<PromptVariableSet> ToSets() => Sets.Select(s => new PromptVariableSet(s.Name, Variables
        .Where(v => s.Cells.TryGetValue(v.Name, out var text) && text.Length > 0)
        .Select(v => (v.Name, Ok: PromptVariableTypes.TryParse(v.Type, s.Cells[v.Name], out var value, out _), Value: value))
        .Where(c => c.Ok)
        .ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal))).ToList();
}
