using System.Text.Json.Nodes;
using Builder.Domain.Workflows;

namespace Builder.Domain.Tests.Workflows;

public class TemplateSubstitutionTests
{
    private static readonly JsonNode Context = JsonNode.Parse("""
        {
          "message": {
            "user": { "id": "u-42", "name": "Ada", "age": 36, "premium": true, "nickname": null, "address": { "city": "London" } },
            "items": [ { "sku": "A-1" }, { "sku": "B-2" } ]
          }
        }
        """)!;

    [Theory]
    [InlineData("Hello {{message.user.name}}!", "Hello Ada!")]
    [InlineData("Hello {{ message.user.name }}!", "Hello Ada!")]
    [InlineData("{{message.user.address.city}}", "London")]
    [InlineData("First: {{message.items.0.sku}}, second: {{message.items[1].sku}}", "First: A-1, second: B-2")]
    [InlineData("Age {{message.user.age}}, premium {{message.user.premium}}", "Age 36, premium true")]
    [InlineData("Nick: [{{message.user.nickname}}]", "Nick: []")]
    [InlineData("Where: {{message.user.address}}", "Where: {\"city\":\"London\"}")]
    public void Replaces_nested_paths_in_text(string template, string expected)
    {
        var result = TemplateSubstitution.SubstituteText(template, Context);

        Assert.Equal(expected, result.Text);
        Assert.Empty(result.Unresolved);
    }

    [Theory]
    [InlineData("""{"a": {"b": 1}}""")]
    [InlineData("""{ {x} }""")]
    [InlineData("""{{"a": 1}}""")]
    [InlineData("""{{ }} and {{}} and {{ 1abc }}""")]
    [InlineData("""function f() { if (x) { return {}; } }""")]
    [InlineData("""{"message":{"user":{"id":"{x}"}}}""")]
    public void Leaves_text_that_merely_looks_like_json_alone(string text)
    {
        var result = TemplateSubstitution.SubstituteText(text, Context);

        Assert.Equal(text, result.Text);
        Assert.Empty(result.SubstitutionsMade);
        Assert.Empty(result.Unresolved);
    }

    [Fact]
    public void Unresolved_names_stay_as_written_and_are_reported_once()
    {
        var result = TemplateSubstitution.SubstituteText("{{message.user.phone}} / {{ message.user.phone }} / {{message.items.9.sku}} / {{message.user.id}}", Context);

        Assert.Equal("{{message.user.phone}} / {{ message.user.phone }} / {{message.items.9.sku}} / u-42", result.Text);
        Assert.Equal(["message.user.phone", "message.items.9.sku"], result.Unresolved);
        var made = Assert.Single(result.SubstitutionsMade);
        Assert.Equal(("message.user.id", "u-42", "$"), (made.Name, made.Value!.GetValue<string>(), made.Location));
    }

    [Fact]
    public void Substitutes_every_string_in_a_parameters_object_keeping_types_of_whole_placeholders()
    {
        var parameters = JsonNode.Parse("""
            {
              "greeting": "Hi {{message.user.name}}",
              "userId": "{{message.user.id}}",
              "age": "{{message.user.age}}",
              "premium": "{{ message.user.premium }}",
              "address": "{{message.user.address}}",
              "nested": { "to": ["{{message.user.name}}", "ops@example.com", 5], "missing": "{{message.user.phone}}" },
              "{{message.user.id}}": "keys are not substituted",
              "literal": 12
            }
            """);

        var result = TemplateSubstitution.SubstituteParameters(parameters, Context);

        var expected = JsonNode.Parse("""
            {
              "greeting": "Hi Ada",
              "userId": "u-42",
              "age": 36,
              "premium": true,
              "address": { "city": "London" },
              "nested": { "to": ["Ada", "ops@example.com", 5], "missing": "{{message.user.phone}}" },
              "{{message.user.id}}": "keys are not substituted",
              "literal": 12
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, result.SubstitutedParameters), result.SubstitutedParameters!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(parameters, result.OriginalParameters));
        Assert.Equal("Hi {{message.user.name}}", parameters!["greeting"]!.GetValue<string>());
        Assert.Equal(["message.user.phone"], result.Unresolved);
        Assert.Equal(["$.greeting", "$.userId", "$.age", "$.premium", "$.address", "$.nested.to[0]"], result.SubstitutionsMade.Select(s => s.Location));
    }

    [Fact]
    public void Lists_the_names_a_template_uses()
    {
        Assert.Equal(["message.user.id", "message.items[0].sku"],
            TemplateSubstitution.FindNames("{{message.user.id}} {{ message.items[0].sku }} {{message.user.id}} {\"a\": 1}"));
    }

    [Fact]
    public void An_unreadable_context_is_reported_not_thrown()
    {
        var context = JsonNode.Parse("""{ "message": { "a": 1, "a": 2 } }""");

        var result = TemplateSubstitution.SubstituteParameters(new JsonObject { ["x"] = "{{message.a}}" }, context);

        Assert.Contains("could not be read", result.Error);
    }
}
