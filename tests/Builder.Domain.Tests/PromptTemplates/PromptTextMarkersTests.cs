using Builder.Domain.PromptTemplates;

namespace Builder.Domain.Tests.PromptTemplates;

public class PromptTextMarkersTests
{
    [Fact]
    public void Undeclared_variables_get_a_warning_over_the_whole_placeholder_in_editor_columns()
    {
        var markers = PromptTextMarkers.For("Hi {{userName}}\n  on {{ plan }} and {{plan}}", ["userName"]);

        Assert.Equal(2, markers.Count);
        Assert.Equal(new PromptTextMarker(2, 6, 2, 16, PromptMarkerSeverity.Warning,
            "'plan' is not a declared variable. Declare it in the variables panel, or fix the name."), markers[0]);
        Assert.Equal((2, 21, 2, 29), (markers[1].Line, markers[1].Column, markers[1].EndLine, markers[1].EndColumn));
    }

    [Fact]
    public void Declared_variables_the_text_never_uses_get_one_hint_naming_them()
    {
        var markers = PromptTextMarkers.For("Hello {{a}}", ["a", "tone", "audience"]);

        var hint = Assert.Single(markers);
        Assert.Equal(PromptMarkerSeverity.Hint, hint.Severity);
        Assert.Equal((1, 1, 1), (hint.Line, hint.Column, hint.EndLine));
        Assert.Equal("The variables 'tone', 'audience' are declared but the text never uses them.", hint.Message);
    }

    [Fact]
    public void A_text_that_matches_its_declarations_has_no_markers()
    {
        Assert.Empty(PromptTextMarkers.For("{{a}} {{b}}", ["b", "a"]));
        Assert.Empty(PromptTextMarkers.For("", []));
    }

    [Fact]
    public void An_empty_text_with_declarations_still_gets_a_valid_hint_range()
    {
        var hint = Assert.Single(PromptTextMarkers.For("", ["a"]));
        Assert.True(hint.EndColumn > hint.Column);
        Assert.Equal("The variable 'a' is declared but the text never uses it.", hint.Message);
    }
}
