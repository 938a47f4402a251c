using Bunit;
using Builder.Web.Features.PromptTemplates;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Builder.Web.Tests.Components.PromptTemplates;

/// <summary>The version-history diff view: side by side or inline, changed words marked, a keyboard toggle between the two.</summary>
public sealed class TextDiffViewTests : IAsyncLifetime
{
    private const string V1 = "You are a support agent.\nAnswer politely.\nSign as {{agent}}.";
    private const string V3 = "You are a support agent.\nAnswer briefly and politely.\n\nSign as {{agent}}.";

    private readonly BunitContext _context = new();

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public TextDiffViewTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private IRenderedComponent<TextDiffView> Render(string? before, string? after, TextDiffMode mode = TextDiffMode.SideBySide, Action<TextDiffMode>? changed = null) =>
        _context.Render<TextDiffView>(p =>
        {
            p.Add(v => v.OldText, before).Add(v => v.NewText, after).Add(v => v.Mode, mode)
                .Add(v => v.OldLabel, "Version 1").Add(v => v.NewLabel, "Version 3");
            if (changed is not null) p.Add(v => v.ModeChanged, changed);
        });

    [Fact]
    public void Side_by_side_shows_both_versions_line_by_line_with_the_inserted_words_marked()
    {
        var view = Render(V1, V3);

        Assert.Equal("side-by-side", view.Find(".text-diff").GetAttribute("data-mode"));
        Assert.Contains("Version 1", view.Find(".text-diff-head").TextContent);
        Assert.Contains("Version 3", view.Find(".text-diff-head").TextContent);
        var changed = view.Find(".text-diff-row-changed");
        Assert.Equal("Answer politely.", changed.QuerySelector(".text-diff-old")!.TextContent);
        Assert.Equal("briefly and ", changed.QuerySelector(".text-diff-new ins")!.TextContent);
        Assert.Empty(view.FindAll(".text-diff-old ins"));
        var added = view.Find(".text-diff-row-inserted");
        Assert.Contains("text-diff-gap", added.QuerySelector(".text-diff-old")!.ClassName);
        Assert.Equal("3", added.QuerySelectorAll(".text-diff-ln")[1].TextContent);
        Assert.Contains("1 line changed, 1 added, 0 removed", view.Find(".text-diff-summary").TextContent);
    }

    [Fact]
    public void Inline_is_one_stream_with_deleted_and_inserted_words_and_the_whitespace_kept()
    {
        var view = Render("Reply in a friendly tone.\n  Keep it short.", "Reply in a formal tone.\n  Keep it short.", TextDiffMode.Inline);

        var stream = view.Find("pre.text-diff-inline");
        Assert.Equal("friendly", stream.QuerySelector("del.text-diff-deleted")!.TextContent);
        Assert.Equal("formal", stream.QuerySelector("ins.text-diff-inserted")!.TextContent);
        Assert.Equal("Reply in a friendlyformal tone.\n  Keep it short.", stream.TextContent);
        Assert.Contains("1 word added, 1 removed", view.Find(".text-diff-summary").TextContent);
    }

    [Fact]
    public void A_changed_line_break_is_made_visible_inline()
    {
        var view = Render("one\ntwo", "one two", TextDiffMode.Inline);

        var deleted = view.Find("del");
        Assert.Equal("true", deleted.QuerySelector(".text-diff-eol")!.GetAttribute("aria-hidden"));
        Assert.Equal("↵\n", deleted.TextContent);
    }

    [Fact]
    public void Equal_versions_say_there_is_no_difference()
    {
        var view = Render(V1, V1);

        Assert.Contains("No differences.", view.Markup);
        Assert.Empty(view.FindAll("del, ins"));
    }

    [Theory]
    [InlineData(TextDiffMode.SideBySide)]
    [InlineData(TextDiffMode.Inline)]
    public void Texts_over_the_limit_get_a_message_instead_of_a_diff_in_either_mode(TextDiffMode mode)
    {
        var huge = string.Join(' ', Enumerable.Range(0, 30_000).Select(i => $"w{i}"));
        Assert.True(huge.Length > Builder.Domain.PromptTemplates.Diff.TextDiffer.MaxCompareLength);

        var view = Render(V1, huge, mode);

        Assert.Contains("too long to compare here", view.Markup);
        Assert.Contains($"Version 1 has {V1.Length:N0} characters and Version 3 has {huge.Length:N0}.", view.Find(".text-diff-too-long").TextContent);
        Assert.Empty(view.FindAll("del, ins, .text-diff-grid, .text-diff-inline"));
        view.Find("button[data-mode='" + (mode == TextDiffMode.Inline ? "side-by-side" : "inline") + "']").Click();
        Assert.Empty(view.FindAll("del, ins, .text-diff-grid, .text-diff-inline"));
    }

    [Fact]
    public void The_mode_buttons_switch_the_view_and_report_the_change()
    {
        var reported = new List<TextDiffMode>();
        var view = Render(V1, V3, changed: reported.Add);

        Assert.Equal("true", view.Find("button[data-mode='side-by-side']").GetAttribute("aria-pressed"));
        view.Find("button[data-mode='inline']").Click();

        Assert.Equal([TextDiffMode.Inline], reported);
        Assert.Equal("inline", view.Find(".text-diff").GetAttribute("data-mode"));
        Assert.Equal("true", view.Find("button[data-mode='inline']").GetAttribute("aria-pressed"));
        Assert.Equal("false", view.Find("button[data-mode='side-by-side']").GetAttribute("aria-pressed"));
        Assert.NotNull(view.Find("pre.text-diff-inline ins"));
    }

    [Fact]
    public void Arrow_keys_on_the_mode_buttons_switch_between_the_views()
    {
        var view = Render(V1, V3);
        var modes = view.Find(".text-diff-modes");

        modes.KeyDown(new KeyboardEventArgs { Key = "ArrowRight" });
        Assert.Equal("inline", view.Find(".text-diff").GetAttribute("data-mode"));

        view.Find(".text-diff-modes").KeyDown(new KeyboardEventArgs { Key = "ArrowLeft" });
        Assert.Equal("side-by-side", view.Find(".text-diff").GetAttribute("data-mode"));

        view.Find(".text-diff-modes").KeyDown(new KeyboardEventArgs { Key = "End" });
        Assert.Equal("inline", view.Find(".text-diff").GetAttribute("data-mode"));
    }

    [Fact]
    public void The_mode_buttons_are_real_buttons_so_tab_and_enter_work()
    {
        var view = Render(V1, V3);

        var buttons = view.FindAll(".text-diff-modes button");
        Assert.Equal(2, buttons.Count);
        Assert.All(buttons, b => Assert.Equal("button", b.GetAttribute("type")));
        Assert.Equal("Diff view", view.Find(".text-diff-modes").GetAttribute("aria-label"));
    }

    [Fact]
    public void New_texts_are_compared_again()
    {
        var view = Render("alpha", "beta", TextDiffMode.Inline);

        view.Render(p => p.Add(v => v.OldText, "gamma").Add(v => v.NewText, "delta"));

        Assert.Equal("gamma", view.Find("del").TextContent);
        Assert.Equal("delta", view.Find("ins").TextContent);
    }

    [Fact]
    public void The_styles_use_theme_variables_and_no_hex_colours()
    {
        var css = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Builder.Web", "wwwroot", "css", "text-diff.css"));

        Assert.DoesNotMatch(@"#[0-9a-fA-F]{3,8}\b", css);
        Assert.Contains("var(--mud-palette-error-rgb)", css);
        Assert.Contains("var(--mud-palette-success-rgb)", css);
    }

    [Fact]
    public void Two_5_KB_versions_render_in_both_modes_and_the_time_is_reported()
    {
        var words = new[] { "customer", "summary", "answer", "politely", "{{name}}", "order", "refund", "within", "days", "the", "and", "to" };
        var random = new Random(7);
        var lines = Enumerable.Range(0, 90).Select(_ => string.Join(' ', Enumerable.Range(0, 9).Select(_ => words[random.Next(words.Length)])) + ".").ToList();
        var before = string.Join('\n', lines)[..5120];
        var after = string.Join('\n', lines.Select((l, i) => i % 6 == 0 ? l.Replace("the", "our") : l))[..5120];

        Render("warm", "up");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sideBySide = Render(before, after);
        var sideBySideMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var inline = Render(before, after, TextDiffMode.Inline);
        var inlineMs = clock.Elapsed.TotalMilliseconds;

        // a measurement for the report, not an assertion on time
        _output.WriteLine($"TextDiffView, 5 KB vs 5 KB, diff + first render: side by side {sideBySideMs:0.0} ms, inline {inlineMs:0.0} ms");
        Assert.NotEmpty(sideBySide.FindAll(".text-diff-row-changed"));
        Assert.NotEmpty(inline.FindAll("pre.text-diff-inline ins"));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Builder.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Builder.sln not found above the test folder");
    }
}
