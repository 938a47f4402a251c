using Builder.Web.Features.Tools;

namespace Builder.Web.Tests.Components.Tools;

/// <summary>The tool editor's immediate word on an input schema: invalid JSON with its line and column in plain words, else the tool service's own rules.</summary>
public sealed class InputSchemaCheckTests
{
    [Fact]
    public void A_valid_object_schema_has_no_problems_and_names_its_properties()
    {
        const string schema = """{ "type": "object", "properties": { "city": { "type": "string" }, "days": { "type": "integer" } }, "required": ["city"] }""";
        Assert.Empty(InputSchemaCheck.Check(schema));
        Assert.Equal(["city", "days"], InputSchemaCheck.PropertyNames(schema));
        Assert.Empty(InputSchemaCheck.Check(InputSchemaCheck.Empty));
    }

    [Fact]
    public void Invalid_json_says_so_with_its_line_and_column()
    {
        var problem = Assert.Single(InputSchemaCheck.Check("{\n  \"type\": \"object\"\n  \"properties\": {}\n}"));
        Assert.Equal(3, problem.Line);
        Assert.Equal(3, problem.Column);
        Assert.StartsWith("Line 3, column 3: This is not valid JSON", problem.ToString());
        Assert.DoesNotContain("LineNumber", problem.ToString());
    }

    [Fact]
    public void A_text_that_ends_early_says_something_is_not_closed()
    {
        var problem = Assert.Single(InputSchemaCheck.Check("{ \"type\": \"object\", \"properties\": {"));
        Assert.True(problem.Message.Contains("ends before every { or [ is closed"), problem.Message);
    }

    [Theory]
    [InlineData("[]", "must be a JSON Schema object")]
    [InlineData("\"object\"", "must be a JSON Schema object")]
    [InlineData("{ \"properties\": {} }", "must describe an object")]
    [InlineData("{ \"type\": \"string\" }", "must describe an object")]
    [InlineData("{ \"type\": \"object\", \"properties\": [] }", "\"properties\" must be an object")]
    [InlineData("{ \"type\": \"object\", \"properties\": { \"city\": \"string\" } }", "property \"city\" must be a schema object")]
    [InlineData("{ \"type\": \"object\", \"properties\": {}, \"required\": \"city\" }", "\"required\" must be an array")]
    [InlineData("{ \"type\": \"object\", \"properties\": {}, \"required\": [\"city\"] }", "requires \"city\", which is not one of its properties")]
    [InlineData("  ", "The input schema is empty")]
    public void A_schema_that_is_not_an_object_schema_says_what_is_wrong(string schema, string expected)
    {
        var problems = InputSchemaCheck.Check(schema);
        Assert.Contains(problems, p => p.Message.Contains(expected));
        Assert.All(problems, p => Assert.Null(p.Line));
    }
}
