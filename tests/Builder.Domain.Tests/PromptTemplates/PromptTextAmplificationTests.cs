using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.PromptTemplates;

namespace Builder.Domain.Tests.PromptTemplates;

/// <summary>
/// Hostile: a value used many times multiplies. A 100,000-character text of {{x}} with a 1 MB value would make a 20 GB
/// prompt from a request of 1 MB; the substitution refuses past <see cref="PromptText.SubstitutedMax"/> before it builds anything.
/// </summary>
public class PromptTextAmplificationTests
{
    [Fact]
    public void A_value_used_many_times_past_the_limit_is_a_400_naming_values()
    {
        var text = string.Concat(Enumerable.Repeat("{{x}} ", 2_000));
        var values = new Dictionary<string, JsonNode?> { ["x"] = new string('A', 1_000) };   // 2,000 × 1,000 = 2 M characters

        var error = Assert.Throws<ValidationException>(() => PromptText.Substitute(text, values));
        Assert.Contains("1,000,000", error.Errors["values"].Single());
    }

    [Fact]
    public void A_json_value_used_many_times_counts_its_written_length()
    {
        var text = string.Concat(Enumerable.Repeat("{{o}}", 1_000));
        var values = new Dictionary<string, JsonNode?> { ["o"] = JsonNode.Parse("[" + string.Join(",", Enumerable.Repeat("\"abcdefgh\"", 200)) + "]") };

        Assert.Throws<ValidationException>(() => PromptText.Substitute(text, values));
    }

    [Fact]
    public void Up_to_the_limit_substitutes_as_before()
    {
        var text = string.Concat(Enumerable.Repeat("{{x}}", 1_000));
        var values = new Dictionary<string, JsonNode?> { ["x"] = new string('A', PromptText.SubstitutedMax / 1_000) };

        Assert.Equal(PromptText.SubstitutedMax, PromptText.Substitute(text, values).Text.Length);
    }

    [Fact]
    public void Missing_values_still_leave_the_text_as_written()
    {
        var text = string.Concat(Enumerable.Repeat("{{missing}}", 20_000));
        var result = PromptText.Substitute(text, new Dictionary<string, JsonNode?>());
        Assert.Equal(text, result.Text);
        Assert.Equal(["missing"], result.Missing);
    }
}
