using System.Text.Json.Nodes;
using Builder.Domain.PromptTemplates;

namespace Builder.Domain.Tests.PromptTemplates;

public class PromptTemplateVersionChangesTests
{
    private static readonly Guid ModelA = Guid.NewGuid(), ModelB = Guid.NewGuid(), Production = Guid.NewGuid();

    private static PromptTemplateVersionView Version(int number, string name = "Welcome", string? description = "Greets",
        Guid? modelId = null, string? modelName = null, Guid? environmentId = null, string? environmentName = null,
        Dictionary<string, string>? variables = null, params PromptVariableSet[] sets) =>
        new(Guid.Empty, number, DateTime.UtcNow, "admin@acme.test", null, null, [], name, description, "Hi {{userName}}",
            modelId, modelId is { } m && modelName is not null ? new NamedRef(m, modelName) : null,
            environmentId, environmentId is { } e && environmentName is not null ? new NamedRef(e, environmentName) : null,
            variables ?? new Dictionary<string, string> { ["userName"] = "string" }, sets);

    private static PromptVariableSet Set(string name, params (string Key, JsonNode? Value)[] values) =>
        new(name, values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Equal_versions_have_no_changes_even_with_sets_in_another_value_order()
    {
        var older = Version(1, sets: Set("Happy", ("a", 1), ("b", "x")));
        var newer = Version(2, sets: Set("Happy", ("b", "x"), ("a", 1)));

        Assert.Empty(PromptTemplateVersionChanges.Between(older, newer));
    }

    [Fact]
    public void Details_changes_name_the_field_and_both_values_in_words()
    {
        var older = Version(1, modelId: ModelA, modelName: "GPT mini");
        var newer = Version(2, name: "Welcome v2", description: null, modelId: ModelB, environmentId: Production, environmentName: "Production");

        var changes = PromptTemplateVersionChanges.Between(older, newer);

        Assert.Equal([
            ("Name", "Welcome", "Welcome v2"),
            ("Description", "Greets", null),
            ("Model", "GPT mini", "A model no longer available"),
            ("Environment", "All environments", "Production"),
        ], changes.Select(c => (c.What, c.Before, c.After)));
        Assert.Equal(PromptTemplateVersionChanges.NoModel, PromptTemplateVersionChanges.Between(newer, Version(3)).Single(c => c.Field == "modelId").After);
    }

    [Fact]
    public void Variables_added_removed_and_retyped_are_listed_by_name()
    {
        var older = Version(1, variables: new() { ["userName"] = "string", ["age"] = "string", ["old"] = "json" });
        var newer = Version(2, variables: new() { ["userName"] = "string", ["age"] = "number", ["plan"] = "string" });

        var changes = PromptTemplateVersionChanges.Between(older, newer);

        Assert.Equal([("Variable age", "string", "number"), ("Variable old", "json", null), ("Variable plan", null, "string")],
            changes.Select(c => (c.What, c.Before, c.After)));
        Assert.All(changes, c => Assert.Equal("variables", c.Field));
    }

    [Fact]
    public void Sets_added_removed_and_changed_show_their_values_and_long_values_are_cut()
    {
        var older = Version(1, sets: [Set("Happy", ("userName", "Sarah")), Set("Gone", ("userName", "Zoë"))]);
        var newer = Version(2, sets: [Set("Happy", ("userName", "Sam")), Set("New", ("userName", new string('x', 400)))]);

        var changes = PromptTemplateVersionChanges.Between(older, newer);

        Assert.Equal(["Set Happy", "Set New", "Set Gone"], changes.Select(c => c.What));
        Assert.Equal(("""{"userName":"Sarah"}""", """{"userName":"Sam"}"""), (changes[0].Before, changes[0].After));
        Assert.Null(changes[1].Before);
        Assert.Equal(PromptTemplateVersionChanges.MaxValueText, changes[1].After!.Length);
        Assert.EndsWith("…", changes[1].After);
        Assert.Equal(("""{"userName":"Zoë"}""", null), (changes[2].Before, changes[2].After));
    }
}
