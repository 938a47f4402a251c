using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Users;
using Builder.Web.Features.PromptTemplates;

namespace Builder.Web.Tests.Components.PromptTemplates;

/// <summary>
/// The editor's history over the real service: the version list with compare ticks, the comparison (other changes and the
/// word diff), restore (with its dialog, unsaved edits and conflicts), the move-label dialog and the label history.
/// </summary>
public sealed class VersionHistoryPanelTests : ConsoleTestContext
{
    private Guid _org;

    /// <summary>A template at version 3: "v1 text", then "v2 text" (+ variable plan), then "v3 text" renamed "Welcome v3".</summary>
    private async Task<PromptTemplateView> SeedThreeVersionsAsync()
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var templates = Service<PromptTemplateService>();
        var created = await templates.CreateAsync(admin, _org, new PromptTemplateInput("Welcome", null, "Hello {{userName}}, welcome aboard.", null, null,
            new Dictionary<string, string> { ["userName"] = "string" }, [], "First draft"));
        var second = await templates.UpdateAsync(admin, created.Id, new PromptTemplateInput(PromptText: "Hello {{userName}}, welcome to {{plan}}.",
            Variables: new Dictionary<string, string> { ["userName"] = "string", ["plan"] = "string" }, Message: "Mention the plan"), created.ConcurrencyToken);
        return await templates.UpdateAsync(admin, created.Id, new PromptTemplateInput(Name: "Welcome v3",
            PromptText: "Hi {{userName}}, welcome to {{plan}}!", Message: "Friendlier"), second.ConcurrencyToken);
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderEditor(Guid templateId)
    {
        var page = RenderWithProviders<PromptTemplateEditorPage>(new() { ["OrgId"] = _org, ["TemplateId"] = templateId });
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='version-history'] tbody tr")));
        return page;
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string text, string scope = "") =>
        page.FindAll($"{scope} button".Trim()).First(b => b.TextContent.Trim() == text);

    private static IReadOnlyList<string> Versions(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) =>
        page.FindAll("[data-testid='version-history'] tbody tr").Select(r => r.GetAttribute("data-version")!).ToList();

    [Fact]
    public async Task The_list_shows_each_version_with_a_compare_tick_labels_and_restore_for_all_but_the_latest()
    {
        var template = await SeedThreeVersionsAsync();
        await Service<PromptTemplateService>().MoveLabelAsync(await ActorAsync("admin@acme.test"), template.Id, "production", 2);
        var page = RenderEditor(template.Id);

        Assert.Equal(["3", "2", "1"], Versions(page));
        var latest = page.Find("tr[data-version='3']");
        Assert.Contains("latest", latest.TextContent);
        Assert.Contains("Friendlier", latest.TextContent);
        Assert.Equal("production", page.Find("tr[data-version='2'] .history-label").TextContent);
        Assert.Equal(3, page.FindAll("input[type='checkbox'][aria-label^='Compare version']").Count);
        Assert.Empty(page.FindAll("button[aria-label='Restore version 3']"));
        Assert.NotEmpty(page.FindAll("button[aria-label='Restore version 1']"));
        Assert.NotEmpty(page.FindAll("button[aria-label='Move a label to version 1']"));
        Assert.Empty(page.FindAll("button[aria-label='Changes in version 1']"));
        Assert.True(page.Find("[data-testid='compare-button']").HasAttribute("disabled"));
        Assert.Contains("Tick two versions to compare them.", page.Markup);
    }

    [Fact]
    public async Task Ticking_two_versions_and_compare_shows_their_word_diff_and_the_other_changes()
    {
        var template = await SeedThreeVersionsAsync();
        var page = RenderEditor(template.Id);

        page.Find("input[aria-label='Compare version 3']").Change(true);
        page.WaitForAssertion(() => Assert.Contains("Tick another version", page.Markup));
        page.Find("input[aria-label='Compare version 1']").Change(true);
        page.WaitForAssertion(() => Assert.Equal("Compare v1 with v3", page.Find("[data-testid='compare-button']").TextContent.Trim()));
        page.Find("[data-testid='compare-button']").Click();

        var diff = page.WaitForElement("[data-testid='version-compare']");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='version-compare'] ins")));
        Assert.Contains("Version 1 → version 3", page.Find("[data-testid='version-compare']").TextContent);
        Assert.Contains("Version 1", page.Find(".text-diff-head .text-diff-old").TextContent);
        Assert.Contains("Version 3", page.Find(".text-diff-head .text-diff-new").TextContent);
        Assert.Contains(page.FindAll("[data-testid='version-compare'] del"), d => d.TextContent.Contains("Hello"));
        Assert.Contains(page.FindAll("[data-testid='version-compare'] ins"), i => i.TextContent.Contains("Hi"));
        var changes = page.FindAll("[data-testid='version-changes'] tbody tr");
        Assert.Equal(["Name", "Variable plan"], changes.Select(r => r.QuerySelector("th")!.TextContent.Trim()));
        Assert.Equal(["Welcome", "Welcome v3"], changes[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        Assert.Equal(["Not declared", "string"], changes[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

        // Inline shows one stream with both the removed and the added words.
        page.Find("[data-testid='version-compare'] button[data-mode='inline']").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='version-compare'] pre.text-diff-inline")));
        Assert.NotEmpty(page.FindAll("pre.text-diff-inline del"));
        Assert.NotEmpty(page.FindAll("pre.text-diff-inline ins"));

        page.Find("button[aria-label='Close the comparison']").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='version-compare']")));
    }

    [Fact]
    public async Task A_third_tick_replaces_the_first_and_one_tick_compares_with_the_latest()
    {
        var template = await SeedThreeVersionsAsync();
        var page = RenderEditor(template.Id);

        page.Find("input[aria-label='Compare version 1']").Change(true);
        page.WaitForAssertion(() => Assert.Equal("Compare v1 with v3", page.Find("[data-testid='compare-button']").TextContent.Trim()));
        page.Find("input[aria-label='Compare version 2']").Change(true);
        page.WaitForAssertion(() => Assert.Equal("Compare v1 with v2", page.Find("[data-testid='compare-button']").TextContent.Trim()));
        page.Find("input[aria-label='Compare version 3']").Change(true);

        page.WaitForAssertion(() => Assert.Equal("Compare v2 with v3", page.Find("[data-testid='compare-button']").TextContent.Trim()));
        Assert.False(((AngleSharp.Html.Dom.IHtmlInputElement)page.Find("input[aria-label='Compare version 1']")).IsChecked);

        page.Find("button[aria-label='Changes in version 2']").Click();
        page.WaitForAssertion(() => Assert.Contains("Version 1 → version 2", page.Find("[data-testid='version-compare']").TextContent));
    }

    [Fact]
    public async Task Restore_asks_for_a_message_and_makes_version_4_with_version_1s_content_and_the_editor_shows_it()
    {
        var template = await SeedThreeVersionsAsync();
        var page = RenderEditor(template.Id);

        page.Find("button[aria-label='Restore version 1']").Click();
        var dialog = page.WaitForElement(".mud-dialog");
        Assert.Contains("Restore version 1", dialog.TextContent);
        Assert.Contains("The new version 4 gets version 1's content", dialog.TextContent);
        Assert.Empty(page.FindAll("[data-testid='restore-unsaved']"));
        page.Find(".restore-message input").Input("Back to the original");
        Button(page, "Restore", ".mud-dialog").Click();

        page.WaitForAssertion(() => Assert.Equal("v4", page.Find("[data-testid='current-version']").TextContent.Trim()));
        Assert.Contains("Restored version 1 as version 4", page.Markup);
        var saved = await Service<PromptTemplateService>().GetAsync(await ActorAsync("admin@acme.test"), template.Id);
        Assert.Equal((4, "Hello {{userName}}, welcome aboard.", "Welcome"), (saved.Version, saved.PromptText, saved.Name));
        Assert.Equal("Welcome", page.Find(".details-name input").GetAttribute("value"));
        page.WaitForAssertion(() => Assert.Equal(["4", "3", "2", "1"], Versions(page)));
        Assert.Contains("Back to the original", page.Find("tr[data-version='4']").TextContent);
        Assert.Contains("(restored from v1)", page.Find("tr[data-version='4']").TextContent);
    }

    [Fact]
    public async Task Restore_with_unsaved_edits_says_so_and_cancel_keeps_them()
    {
        var template = await SeedThreeVersionsAsync();
        var page = RenderEditor(template.Id);
        page.Find(".details-name input").Change("My unsaved name");

        page.Find("button[aria-label='Restore version 2']").Click();

        page.WaitForAssertion(() => Assert.Contains("You have unsaved edits", page.Find("[data-testid='restore-unsaved']").TextContent));
        Assert.NotNull(Button(page, "Discard edits and restore", ".mud-dialog"));
        Button(page, "Cancel", ".mud-dialog").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.Equal("My unsaved name", page.Find(".details-name input").GetAttribute("value"));
        Assert.Equal(3, (await Service<PromptTemplateService>().GetAsync(await ActorAsync("admin@acme.test"), template.Id)).Version);
    }

    [Fact]
    public async Task Restore_over_someone_elses_save_opens_the_conflict_dialog_and_changes_nothing()
    {
        var template = await SeedThreeVersionsAsync();
        var page = RenderEditor(template.Id);
        var reviewer = await ActorAsync("reviewer@acme.test");
        await Service<PromptTemplateService>().UpdateAsync(reviewer, template.Id, new PromptTemplateInput(Description: "Changed meanwhile"), template.ConcurrencyToken);

        page.Find("button[aria-label='Restore version 1']").Click();
        page.WaitForElement(".mud-dialog");
        Button(page, "Restore", ".mud-dialog").Click();

        page.WaitForAssertion(() => Assert.Contains("reviewer@acme.test", page.Find(".mud-dialog").TextContent));
        Assert.Contains("Your change was not saved.", page.Find(".mud-dialog").TextContent);
        Assert.Equal(4, (await Service<PromptTemplateService>().GetAsync(reviewer, template.Id)).Version);
    }

    [Fact]
    public async Task Move_label_checks_the_name_offers_existing_labels_and_the_label_history_lists_the_moves()
    {
        var template = await SeedThreeVersionsAsync();
        await Service<PromptTemplateService>().MoveLabelAsync(await ActorAsync("admin@acme.test"), template.Id, "production", 3);
        var page = RenderEditor(template.Id);

        page.Find("button[aria-label='Move a label to version 2']").Click();
        page.WaitForElement(".mud-dialog .move-label-name input").Input("2prod");
        page.WaitForAssertion(() => Assert.Contains("A label starts with a letter", page.Find(".mud-dialog").TextContent));
        Assert.Equal("2", page.Find(".move-label-version input").GetAttribute("value"));

        page.Find(".move-label-chip[data-label='production']").Click();
        page.WaitForAssertion(() => Assert.Contains("production moves from version 3 to version 2",
            page.Find("[data-testid='move-label-summary']").TextContent.Replace("  ", " ")));
        Assert.DoesNotContain("A label starts with a letter", page.Find(".mud-dialog").TextContent);
        Button(page, "Move label", ".mud-dialog").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.Contains("Moved production from version 3 to version 2", page.Markup);
        page.WaitForAssertion(() => Assert.Equal("production", page.Find("tr[data-version='2'] .history-label").TextContent));
        Assert.Empty(page.FindAll("tr[data-version='3'] .history-label"));

        page.Find("button[data-view='label-history']").Click();
        var rows = page.WaitForElements("[data-testid='label-history'] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Equal(("production", "v3", "v2", "admin@acme.test"), (rows[0].QuerySelector(".history-label")!.TextContent,
            rows[0].QuerySelector(".label-move-from")!.TextContent, rows[0].QuerySelector(".label-move-to")!.TextContent,
            rows[0].QuerySelector(".label-move-by")!.TextContent.Trim()));
        Assert.Equal(("new", "v3"), (rows[1].QuerySelector(".label-move-from")!.TextContent, rows[1].QuerySelector(".label-move-to")!.TextContent));
    }

    [Fact]
    public async Task A_new_label_can_be_created_on_a_version_and_an_empty_history_says_so()
    {
        var template = await SeedThreeVersionsAsync();
        var page = RenderEditor(template.Id);
        page.Find("button[data-view='label-history']").Click();
        page.WaitForAssertion(() => Assert.Contains("No label has been moved yet", page.Markup));
        page.Find("button[data-view='versions']").Click();

        Button(page, "Move label").Click();
        page.WaitForElement(".mud-dialog .move-label-name input").Input("Staging");
        page.WaitForAssertion(() => Assert.Contains("A new label; it is created on this version.", page.Find(".mud-dialog").TextContent));
        page.Find(".move-label-version input").Change("1");
        Button(page, "Move label", ".mud-dialog").Click();

        page.WaitForAssertion(() => Assert.Equal("staging", page.Find("tr[data-version='1'] .history-label").TextContent));
        var labels = await Service<PromptTemplateService>().ListLabelsAsync(await ActorAsync("admin@acme.test"), template.Id);
        Assert.Equal(("staging", 1), (labels.Single().Name, labels.Single().Version));
    }

    [Fact]
    public async Task The_label_history_is_newest_first_a_page_at_a_time()
    {
        var template = await SeedThreeVersionsAsync();
        var admin = await ActorAsync("admin@acme.test");
        for (var i = 0; i < 12; i++)
            await Service<PromptTemplateService>().MoveLabelAsync(admin, template.Id, "staging", i % 3 + 1);
        var page = RenderEditor(template.Id);

        page.Find("button[data-view='label-history']").Click();

        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("[data-testid='label-history'] tbody tr").Count));
        Assert.Contains("Page 1 of 2", page.Markup);
        // The last move (the 12th: to v3, from v2) comes first.
        var first = page.FindAll("[data-testid='label-history'] tbody tr")[0];
        Assert.Equal(("v2", "v3"), (first.QuerySelector(".label-move-from")!.TextContent, first.QuerySelector(".label-move-to")!.TextContent));
        Button(page, "Older").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='label-history'] tbody tr").Count));
        Assert.Equal("new", page.FindAll("[data-testid='label-history'] tbody tr")[1].QuerySelector(".label-move-from")!.TextContent);
    }

    [Fact]
    public async Task A_guest_sees_the_history_and_compares_but_has_no_restore_or_move()
    {
        var template = await SeedThreeVersionsAsync();
        await SignInAsync("guest@acme.test");
        var page = RenderEditor(template.Id);

        Assert.Equal(["3", "2", "1"], Versions(page));
        Assert.Empty(page.FindAll("button[aria-label^='Restore'], button[aria-label^='Move a label']"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Move label");

        page.Find("input[aria-label='Compare version 1']").Change(true);
        page.WaitForAssertion(() => Assert.Equal("Compare v1 with v3", page.Find("[data-testid='compare-button']").TextContent.Trim()));
        page.Find("input[aria-label='Compare version 2']").Change(true);
        page.WaitForAssertion(() => Assert.Equal("Compare v1 with v2", page.Find("[data-testid='compare-button']").TextContent.Trim()));
        page.Find("[data-testid='compare-button']").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='version-compare'] .text-diff-grid")));
        page.Find("button[data-view='label-history']").Click();
        page.WaitForAssertion(() => Assert.Contains("No label has been moved yet", page.Markup));
    }
}
