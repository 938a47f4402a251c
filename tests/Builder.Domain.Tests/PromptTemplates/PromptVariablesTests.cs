using Builder.Domain.PromptTemplates;

namespace Builder.Domain.Tests.PromptTemplates;

public class PromptVariablesTests
{
    [Fact]
    public void Finds_each_variable_with_its_offset_line_and_column()
    {
        var text = "Hello {{userName}}!\nWelcome to {{ productName }}, {{userName}}.";

        var found = PromptVariables.Find(text);

        Assert.Equal(["userName", "productName", "userName"], found.Select(f => f.Name));
        Assert.Equal(new PromptVariableOccurrence("userName", 6, 12, 1, 7), found[0]);
        Assert.Equal(new PromptVariableOccurrence("productName", 31, 17, 2, 12), found[1]);
        Assert.Equal("{{ productName }}", text.Substring(found[1].Start, found[1].Length));
        Assert.Equal((2, 31), (found[2].Line, found[2].Column));
    }

    [Theory]
    [InlineData("{{}}")]
    [InlineData("{{ }}")]
    [InlineData("{{1abc}}")]
    [InlineData("{{user name}}")]
    [InlineData("{{user.name}}")]
    [InlineData("{{userName}")]
    [InlineData("{userName}}")]
    [InlineData("{{userName")]
    [InlineData("{{-}}")]
    public void Text_between_braces_that_is_not_a_name_is_plain_text(string text) => Assert.Empty(PromptVariables.Find(text));

    [Fact]
    public void Extra_braces_around_a_variable_still_find_it()
    {
        var found = Assert.Single(PromptVariables.Find("JSON: {{{a}}}"));
        Assert.Equal(("a", 7, 5), (found.Name, found.Start, found.Length));
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_not_a_variable()
    {
        Assert.Single(PromptVariables.Find("{{" + new string('a', PromptVariables.NameMax) + "}}"));
        Assert.Empty(PromptVariables.Find("{{" + new string('a', PromptVariables.NameMax + 1) + "}}"));
    }

    [Fact]
    public void Reports_undeclared_and_unused_variables()
    {
        var report = PromptVariables.Analyze("Hi {{userName}}, your plan is {{plan}}. Bye {{userName}}.", ["userName", "productName"]);

        Assert.Equal(["userName", "plan"], report.Used);
        Assert.Equal(["plan"], report.Undeclared);
        Assert.Equal(["productName"], report.Unused);
        Assert.Equal(3, report.Occurrences.Count);
    }

    [Fact]
    public void Names_are_case_sensitive()
    {
        var report = PromptVariables.Analyze("{{UserName}}", ["userName"]);
        Assert.Equal(["UserName"], report.Undeclared);
        Assert.Equal(["userName"], report.Unused);
    }

    /// <summary>Inputs that make a backtracking pattern slow are read in one pass; the counts show every placeholder is still found.</summary>
    [Fact]
    public void Hostile_texts_are_read_completely()
    {
        Assert.Empty(PromptVariables.Find(new string('{', 200_000)));
        Assert.Empty(PromptVariables.Find(string.Concat(Enumerable.Repeat("{{ aaaaaaaaaa", 20_000))));
        Assert.Equal(20_000, PromptVariables.Find(string.Concat(Enumerable.Repeat("{{a}}", 20_000))).Count);
        Assert.Equal(10_000, PromptVariables.Find(string.Concat(Enumerable.Repeat("{{{{b}}}}", 10_000))).Count);
    }

    [Theory]
    [InlineData("userName", true)]
    [InlineData("_x1", true)]
    [InlineData("1x", false)]
    [InlineData("a-b", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    public void Variable_names(string name, bool valid) => Assert.Equal(valid, PromptVariables.IsValidName(name));
}
