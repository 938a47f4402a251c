using System.Text.Json.Nodes;
using Builder.Domain.Prompts;

namespace Builder.Domain.Tests.Prompts;

/// <summary>A json prompt's output template must be JSON once filled in; a model's answer must be JSON of the template's shape.</summary>
public class PromptOutputTests
{
    private const string ReferenceTemplate = """{ "response": "{{response}}", "sentiment": "{{sentiment}}" }""";

    [Theory]
    [InlineData(ReferenceTemplate)]
    [InlineData("""{ "count": {{count}}, "ok": true }""")]
    [InlineData("""[ {{first}}{{second}}, "{{third}}" ]""")]
    [InlineData("""{ "{{key}}": "fixed", "nested": { "items": [ "{{item}}" ] } }""")]
    [InlineData("""{ "plain": "no placeholders" }""")]
    public void A_template_that_is_JSON_once_filled_in_is_fine(string template) =>
        Assert.Null(PromptOutput.TemplateProblem(template));

    [Theory]
    [InlineData("""{ "response": "{{response}}", }""")]
    [InlineData("""{ "response": {{response}} {{sentiment}} }""")]
    [InlineData("""{ response: "{{response}}" }""")]
    [InlineData("""{ "response": "{{response}}" """)]
    [InlineData("not json at all")]
    public void A_template_that_is_not_JSON_once_filled_in_is_refused_with_a_clear_message(string template)
    {
        var problem = PromptOutput.TemplateProblem(template);
        Assert.NotNull(problem);
        Assert.StartsWith("The output template is not valid JSON once its placeholders are filled in:", problem);
        Assert.Contains("line 1", problem);
        Assert.DoesNotContain("Path:", problem);
        Assert.DoesNotContain("reader options", problem);
        Assert.DoesNotContain("LineNumber", problem);
    }

    [Fact]
    public void A_trailing_comma_is_named_in_plain_words() =>
        Assert.Equal("The output template is not valid JSON once its placeholders are filled in: The JSON object contains a trailing comma at the end, which JSON does not allow (line 1).",
            PromptOutput.TemplateProblem("""{ "response": "{{response}}", }"""));

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void A_json_prompt_needs_a_template(string? template) =>
        Assert.StartsWith("An output template is required", PromptOutput.TemplateProblem(template));

    [Fact]
    public void An_answer_with_the_templates_keys_is_valid_and_pretty_printed()
    {
        var check = PromptOutput.Check("""{"response":"Sorry about that","sentiment":"negative"}""", ReferenceTemplate);
        Assert.True(check.Valid, check.Problem);
        Assert.Null(check.Problem);
        Assert.Equal("{\n  \"response\": \"Sorry about that\",\n  \"sentiment\": \"negative\"\n}", check.Pretty!.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_code_fence_around_the_answer_is_allowed()
    {
        var check = PromptOutput.Check("```json\n{\"response\":\"Hi\",\"sentiment\":\"positive\"}\n```", ReferenceTemplate);
        Assert.True(check.Valid, check.Problem);
        Assert.Equal("positive", check.Json!["sentiment"]!.GetValue<string>());
    }

    [Fact]
    public void Missing_and_extra_keys_are_named()
    {
        var check = PromptOutput.Check("""{"response":"Hi","mood":"happy","score":1}""", ReferenceTemplate);
        Assert.False(check.Valid);
        Assert.Equal("The model's JSON does not match the output template: missing the key 'sentiment'; unexpected the keys 'mood', 'score'.", check.Problem);
        Assert.NotNull(check.Pretty);
    }

    [Fact]
    public void Another_kind_of_value_is_named()
    {
        var check = PromptOutput.Check("""["Hi", "negative"]""", ReferenceTemplate);
        Assert.False(check.Valid);
        Assert.Equal("The model answered a JSON array, but the output template is a JSON object.", check.Problem);
    }

    [Fact]
    public void An_answer_that_is_not_JSON_says_so_and_keeps_no_json()
    {
        var check = PromptOutput.Check("Sure! Here is the answer: response = hi", ReferenceTemplate);
        Assert.False(check.Valid);
        Assert.Null(check.Json);
        Assert.Null(check.Pretty);
        Assert.StartsWith("The model's answer is not valid JSON:", check.Problem);
    }

    [Fact]
    public void Only_top_level_keys_are_compared()
    {
        var check = PromptOutput.Check("""{"a":{"x":1,"y":2}}""", """{ "a": { "z": "{{z}}" } }""");
        Assert.True(check.Valid, check.Problem);
        Assert.IsType<JsonObject>(check.Json);
    }
}
