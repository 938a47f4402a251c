using Builder.Domain.Workflows;

namespace Builder.Domain.Tests.Workflows;

public class JsonTextTests
{
    [Theory]
    [InlineData("{\"a\": u}", "unexpected character 'u' at line 1, column 7")]
    [InlineData("{\n  \"user\": {\n    \"id\": 42,\n  }\n}", "unexpected character '}' at line 4, column 3")]
    [InlineData("{\"é\": x}", "unexpected character 'x' at line 1, column 7")]
    [InlineData("{\"a\": [1, 2", "it ends too early, at line 1, column 12")]
    [InlineData("{\"a\": 1, \"a\": 2}", "a property name appears twice")]
    public void Errors_are_plain_words_with_a_one_based_line_and_column(string text, string expected)
    {
        Assert.False(JsonText.TryParse(text, "sample JSON", out _, out var error));

        Assert.StartsWith("The sample JSON is not valid: ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("BytePositionInLine", error);
    }

    [Fact]
    public void Valid_text_parses()
    {
        Assert.True(JsonText.TryParse("{\"a\": [1, 2]}", "sample JSON", out var node, out var error));
        Assert.Null(error);
        Assert.Equal(2, node!["a"]!.AsArray().Count);
    }
}
