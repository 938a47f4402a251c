using Bunit;
using Builder.Web.Features.Agents.Versions;

namespace Builder.Web.Tests.Components.Agents;

/// <summary>
/// The versions panel the agent, tool and manager editors share: state chips, compare of any two versions through the
/// text diff, and rollback (to a chosen version or the one published before) after a confirmation with a note.
/// </summary>
public sealed class VersionsPanelTests : ConsoleTestContext
{
    private static readonly DateTime At = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    private static IReadOnlyList<VersionRow> Rows() =>
    [
        new(VersionRow.Draft, VersionRowState.Draft, "Ann", At.AddHours(4), null),
        new(3, VersionRowState.Published, "Ann", At.AddHours(3), "Friendlier"),
        new(2, VersionRowState.Archived, "Bob", At.AddHours(2), "Second"),
        new(1, VersionRowState.Archived, "Bob", At.AddHours(1), "First"),
    ];

    private static Task<IReadOnlyList<VersionField>> Fields(int number) => Task.FromResult<IReadOnlyList<VersionField>>(
    [
        new("name", "Name", number is 0 or >= 3 ? "Support bot" : "Helper"),
        new("model", "Model", "gpt-test"),
        new("systemPrompt", "System prompt", $"You are helpful. Version {(number == 0 ? "draft" : number)}.", Long: true),
    ]);

    private readonly List<(int? Target, string? Note)> _rollbacks = [];

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render(bool canEdit = true) => RenderWithProviders<VersionsPanel>(new()
    {
        ["Rows"] = Rows(),
        ["CanEdit"] = canEdit,
        ["LatestVersion"] = 3,
        ["LoadFields"] = (Func<int, Task<IReadOnlyList<VersionField>>>)Fields,
        ["Rollback"] = (Func<int?, string?, Task<bool>>)((target, note) => { _rollbacks.Add((target, note)); return Task.FromResult(true); }),
    });

    [Fact]
    public void Each_version_shows_its_state_who_when_and_note()
    {
        var panel = Render();
        Assert.Equal(["DRAFT", "PUBLISHED", "ARCHIVED", "ARCHIVED"], panel.FindAll("tbody tr").Select(r => r.GetAttribute("data-state")));
        Assert.Equal("Published", panel.Find("tr[data-version='3'] .version-state").TextContent);
        Assert.Contains("Friendlier", panel.Find("tr[data-version='3']").TextContent);
        Assert.Contains("Not published", panel.Find("tr[data-version='0']").TextContent);
        Assert.Equal("Draft", panel.Find("tr[data-version='0'] .history-number").TextContent);
        Assert.Contains("Bob", panel.Find("tr[data-version='1']").TextContent);
        Assert.NotEmpty(panel.FindAll("button[aria-label='Roll back to version 1']"));
        Assert.Empty(panel.FindAll("button[aria-label='Roll back to version 3']"));
        Assert.Empty(panel.FindAll("button[aria-label='Roll back to version 0']"));
        Assert.Equal("Roll back to v2", panel.Find("[data-testid='rollback-previous']").TextContent.Trim());
    }

    [Fact]
    public void Viewers_see_no_rollback()
    {
        var panel = Render(canEdit: false);
        Assert.Empty(panel.FindAll("button[aria-label^='Roll back']"));
        Assert.Empty(panel.FindAll("[data-testid='rollback-previous']"));
    }

    [Fact]
    public void Ticking_two_versions_compares_them_short_fields_as_rows_long_texts_as_a_word_diff()
    {
        var panel = Render();
        Assert.True(panel.Find("[data-testid='compare-button']").HasAttribute("disabled"));
        panel.Find("input[aria-label='Compare version 1']").Change(true);
        panel.WaitForAssertion(() => Assert.Equal("Compare v1 with v3", panel.Find("[data-testid='compare-button']").TextContent.Trim()));
        panel.Find("input[aria-label='Compare the draft']").Change(true);
        panel.WaitForAssertion(() => Assert.Equal("Compare v1 with the draft", panel.Find("[data-testid='compare-button']").TextContent.Trim()));
        panel.Find("[data-testid='compare-button']").Click();

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid='version-compare'] ins")));
        var row = panel.Find("[data-testid='version-changes'] tr[data-field='name']");
        Assert.Contains("Helper", row.TextContent);
        Assert.Contains("Support bot", row.TextContent);
        Assert.Empty(panel.FindAll("[data-testid='version-changes'] tr[data-field='model']"));
        Assert.Contains("System prompt", panel.Find("[data-testid='version-compare']").TextContent);
        Assert.Equal("draft", panel.Find("[data-testid='version-compare'] ins").TextContent.Trim());
    }

    [Fact]
    public void Rolling_back_to_a_chosen_version_asks_first_then_rolls_back_with_the_note()
    {
        var panel = Render();
        panel.Find("button[aria-label='Roll back to version 1']").Click();
        panel.WaitForAssertion(() => Assert.Contains("published again as version 4", panel.Find("[data-testid='rollback-summary']").TextContent));
        Assert.Empty(_rollbacks);
        panel.Find(".rollback-note input").Input("The new wording confused people");
        panel.Find("[data-testid='rollback-confirm']").Click();
        panel.WaitForAssertion(() => Assert.Equal([(1, "The new wording confused people")], _rollbacks));
    }

    [Fact]
    public void Rolling_back_to_the_previous_published_version_sends_no_number_and_cancel_does_nothing()
    {
        var panel = Render();
        panel.Find("[data-testid='rollback-previous']").Click();
        panel.WaitForAssertion(() => Assert.Contains("Version 2's content", panel.Find("[data-testid='rollback-summary']").TextContent));
        panel.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll("[data-testid='rollback-summary']")));
        Assert.Empty(_rollbacks);

        panel.Find("[data-testid='rollback-previous']").Click();
        panel.WaitForElement("[data-testid='rollback-confirm']").Click();
        panel.WaitForAssertion(() => Assert.Equal([((int?)null, (string?)null)], _rollbacks));
    }
}
