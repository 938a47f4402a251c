using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.PromptTemplates;

namespace Builder.Domain.Tests.PromptTemplates;

public class PromptVariableTypesTests
{
    private static readonly Dictionary<string, string> Declared = new()
    {
        ["name"] = "string", ["age"] = "number", ["vip"] = "boolean", ["profile"] = "json",
    };

    private static PromptVariableSet Set(string name, string values) =>
        new(name, JsonNode.Parse(values)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone()));

    [Fact]
    public void Values_of_the_declared_types_are_valid_and_a_set_may_leave_variables_out()
    {
        var problems = PromptVariableTypes.Problems(Declared, [
            Set("Full", """{ "name": "Sarah", "age": 31, "vip": true, "profile": { "plan": "pro", "tags": ["a"] } }"""),
            Set("Partial", """{ "name": "Alex" }"""),
            Set("Json scalar", """{ "profile": "just text" }"""),
        ]);
        Assert.Empty(problems);
    }

    [Fact]
    public void Each_bad_value_names_its_set_its_variable_and_the_expected_type()
    {
        var problems = PromptVariableTypes.Problems(Declared, [
            Set("Happy User", """{ "name": 5, "age": "thirty", "vip": "yes" }"""),
            Set("Other", """{ "name": { "first": "A" } }"""),
        ]);

        Assert.Equal([
            ("variableSets[0].values.name", "Set 'Happy User': 'name' must be a string, not a number."),
            ("variableSets[0].values.age", "Set 'Happy User': 'age' must be a number, not a string."),
            ("variableSets[0].values.vip", "Set 'Happy User': 'vip' must be true or false, not a string."),
            ("variableSets[1].values.name", "Set 'Other': 'name' must be a string, not an object."),
        ], problems.Select(p => (p.Field, p.Message)));
        Assert.Equal((0, "Happy User", "age"), (problems[1].SetIndex, problems[1].SetName, problems[1].Variable));
    }

    [Fact]
    public void Undeclared_values_unnamed_and_repeated_sets_are_refused()
    {
        var problems = PromptVariableTypes.Problems(Declared, [
            Set("A", """{ "nickname": "x" }"""),
            Set(" ", "{}"),
            Set("a", "{}"),
        ]);
        Assert.Equal([
            "Set 'A' has a value for 'nickname', which is not a declared variable.",
            "Variable set 2 needs a name.",
            "Two variable sets are named 'a'.",
        ], problems.Select(p => p.Message));
    }

    [Fact]
    public void Long_and_deeply_nested_values_are_refused()
    {
        JsonNode deep = new JsonArray();
        for (var i = 0; i < 40; i++) deep = new JsonArray(deep);
        var problems = PromptVariableTypes.Problems(Declared, [
            new PromptVariableSet("Big", new Dictionary<string, JsonNode?>
            {
                ["name"] = JsonValue.Create(new string('x', PromptVariableTypes.ValueMax + 1)),
                ["profile"] = deep,
            }),
        ]);
        Assert.Equal([
            $"Set 'Big': 'name' must be at most {PromptVariableTypes.ValueMax} characters.",
            $"Set 'Big': 'profile' nests deeper than {PromptVariableTypes.ValueDepthMax} levels.",
        ], problems.Select(p => p.Message));
    }

    [Fact]
    public void Too_many_sets_is_one_clear_problem()
    {
        var sets = Enumerable.Range(0, PromptVariableTypes.MaxSets + 1).Select(i => Set($"S{i}", "{}")).ToList();
        Assert.Equal($"A template has at most {PromptVariableTypes.MaxSets} variable sets; this one has {PromptVariableTypes.MaxSets + 1}.",
            Assert.Single(PromptVariableTypes.Problems(Declared, sets)).Message);
    }

    [Fact]
    public void Declarations_need_names_and_known_types()
    {
        var validator = new Validator();
        PromptVariableTypes.CheckDeclarations(new Dictionary<string, string> { ["ok"] = "string", ["bad name"] = "string", ["x"] = "date" }, validator);
        var error = Assert.Throws<ValidationException>(validator.ThrowIfInvalid);
        Assert.StartsWith("'bad name' is not a variable name", error.Errors["variables"].Single());
        Assert.Equal("Variable 'x' has the type 'date'; the types are string, number, boolean, json.", error.Errors["variables.x"].Single());
    }

    [Theory]
    [InlineData("number", "42", "42")]
    [InlineData("number", " 4.5 ", "4.5")]
    [InlineData("boolean", "true", "true")]
    [InlineData("json", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("string", "as typed", "\"as typed\"")]
    public void Typed_text_parses_into_values(string type, string text, string json)
    {
        Assert.True(PromptVariableTypes.TryParse(type, text, out var value, out var error), error);
        Assert.Equal(json, value!.ToJsonString());
    }

    [Theory]
    [InlineData("number", "forty", "'forty' is not a number.")]
    [InlineData("boolean", "yes", "Enter true or false.")]
    [InlineData("json", "{oops", "This is not valid JSON (nested at most 16 levels).")]
    public void Bad_typed_text_says_why(string type, string text, string message)
    {
        Assert.False(PromptVariableTypes.TryParse(type, text, out _, out var error));
        Assert.Equal(message, error);
    }
}
