using System.Text.Json.Nodes;
using Builder.Domain.Workflows;

namespace Builder.Domain.Tests.Workflows;

public class JsonFieldPathTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        { "message": { "items": [ { "id": "a" }, { "id": "b", "tags": ["x", "y"] } ], "0": "zero", "empty": null, "user name": "Ada" } }
        """)!;

    [Theory]
    [InlineData("message.items.1.id", "b")]
    [InlineData("message.items[1].id", "b")]
    [InlineData("message.items[1].tags[1]", "y")]
    [InlineData("message.items.1.tags.0", "x")]
    [InlineData("message.0", "zero")]
    [InlineData(" message.user name ", "Ada")]
    public void Resolves_dotted_and_indexed_paths(string path, string expected)
    {
        Assert.True(JsonFieldPath.TryResolve(Document, path, out var value));
        Assert.Equal(expected, value!.GetValue<string>());
    }

    [Fact]
    public void A_present_null_resolves_and_a_missing_value_does_not()
    {
        Assert.True(JsonFieldPath.TryResolve(Document, "message.empty", out var value));
        Assert.Null(value);
        Assert.False(JsonFieldPath.TryResolve(Document, "message.items.2.id", out _));
        Assert.False(JsonFieldPath.TryResolve(Document, "message.items.id", out _));
        Assert.False(JsonFieldPath.TryResolve(Document, "message.Items", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".message")]
    [InlineData("message.")]
    [InlineData("message..type")]
    [InlineData("[0].id")]
    [InlineData("items[x]")]
    [InlineData("items[0")]
    [InlineData("items]0")]
    [InlineData("items.[0]")]
    [InlineData("items[0]id")]
    public void Rejects_malformed_paths(string path)
    {
        Assert.False(JsonFieldPath.IsValid(path));
    }
}
