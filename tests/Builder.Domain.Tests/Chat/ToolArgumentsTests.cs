using System.Text.Json;
using Builder.Domain.Chat;

namespace Builder.Domain.Tests.Chat;

public sealed class ToolArgumentsTests
{
    static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "city": { "type": "string", "minLength": 2 },
            "days": { "type": "integer", "minimum": 1, "maximum": 14 },
            "unit": { "type": "string", "enum": ["C", "F"] },
            "tags": { "type": "array", "items": { "type": "string" }, "maxItems": 3 },
            "address": { "type": "object", "properties": { "zip": { "type": ["string", "null"] } }, "required": ["zip"] }
          },
          "required": ["city"],
          "additionalProperties": false
        }
        """).RootElement.Clone();

    static IReadOnlyList<string> Problems(string json) => ToolArguments.Parse(json, Schema).Problems;

    [Fact]
    public void Valid_arguments_have_no_problems()
    {
        Assert.Empty(Problems("""{"city":"Bern","days":3,"unit":"C","tags":["a"],"address":{"zip":null}}"""));
        Assert.Empty(Problems("""{"city":"Bern","days":3.0}"""));
    }

    [Theory]
    [InlineData("{}", "city is required")]
    [InlineData("""{"city":5}""", "city must be a string")]
    [InlineData("""{"city":"Bern","days":2.5}""", "days must be an integer")]
    [InlineData("""{"city":"Bern","days":"3"}""", "days must be an integer")]
    [InlineData("""{"city":"Bern","days":20}""", "days must be at most 14")]
    [InlineData("""{"city":"B"}""", "city must be at least 2 characters")]
    [InlineData("""{"city":"Bern","unit":"K"}""", "unit must be one of \"C\", \"F\"")]
    [InlineData("""{"city":"Bern","tags":["a",2]}""", "tags[1] must be a string")]
    [InlineData("""{"city":"Bern","tags":["a","b","c","d"]}""", "tags must have at most 3 items")]
    [InlineData("""{"city":"Bern","address":{}}""", "address.zip is required")]
    [InlineData("""{"city":"Bern","address":{"zip":1}}""", "address.zip must be a string or null")]
    [InlineData("""{"city":"Bern","admin":true}""", "admin is not a field of this tool")]
    [InlineData("""{"city": "Be""", "the arguments are not valid JSON")]
    [InlineData("""[1,2]""", "the arguments must be a JSON object")]
    public void Problems_name_the_field_and_the_rule(string json, string problem) => Assert.Contains(problem, Problems(json));

    [Fact]
    public void Empty_arguments_are_an_empty_object()
    {
        var open = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement;
        var (arguments, problems) = ToolArguments.Parse("", open);
        Assert.Empty(problems);
        Assert.Equal(JsonValueKind.Object, arguments.ValueKind);
    }

    [Fact]
    public void Problems_are_capped()
    {
        var many = "{" + string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"x{i}\":1")) + "}";
        Assert.Equal(10, Problems(many).Count);
    }
}
