using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.PromptTemplates;

namespace Builder.Domain.Tests.PromptTemplates;

public class PromptTextTests
{
    private static Dictionary<string, JsonNode?> Values(string json) =>
        JsonNode.Parse(json)!.AsObject().ToDictionary(p => p.Key, p => p.Value?.DeepClone());

    [Fact]
    public void Substitutes_every_occurrence()
    {
        var result = PromptText.Substitute("Welcome {{userName}} to {{ productName }}, {{userName}}!",
            Values("""{ "userName": "Sarah", "productName": "Pulse" }"""));

        Assert.Equal("Welcome Sarah to Pulse, Sarah!", result.Text);
        Assert.True(result.Complete);
    }

    [Fact]
    public void Numbers_booleans_and_json_read_as_json()
    {
        var result = PromptText.Substitute("{{n}} {{b}} {{o}} {{a}}", Values("""{ "n": 4.50, "b": true, "o": { "k": "v" }, "a": [1, "x"] }"""));
        Assert.Equal("""4.50 true {"k":"v"} [1,"x"]""", result.Text);
    }

    [Fact]
    public void Missing_variables_are_named_once_each_in_order_and_left_as_written()
    {
        var result = PromptText.Substitute("{{b}} {{a}} {{b}} {{c}}", Values("""{ "a": "A", "c": null }"""));

        Assert.Equal(["b", "c"], result.Missing);
        Assert.Equal("{{b}} A {{b}} {{c}}", result.Text);
        var error = Assert.Throws<ValidationException>(() => result.ThrowIfMissing());
        Assert.Equal("Missing values for the variables: 'b', 'c'.", error.Errors["values"].Single());
    }

    [Fact]
    public void A_single_missing_variable_reads_in_the_singular() =>
        Assert.Equal("Missing a value for the variable 'userName'.", PromptText.MissingMessage(["userName"]));

    [Fact]
    public void A_value_holding_braces_is_inserted_once_and_never_read_again()
    {
        var result = PromptText.Substitute("{{a}} {{b}}", Values("""{ "a": "{{b}}", "b": "B" }"""));
        Assert.Equal("{{b}} B", result.Text);
        Assert.Empty(result.Missing);
    }

    [Fact]
    public void Text_without_variables_is_unchanged() =>
        Assert.Equal("no {vars} here {{ }}", PromptText.Substitute("no {vars} here {{ }}", Values("{}")).Text);
}
