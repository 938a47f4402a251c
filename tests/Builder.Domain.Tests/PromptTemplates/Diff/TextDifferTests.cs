using System.Diagnostics;
using Builder.Domain.PromptTemplates.Diff;
using Xunit.Abstractions;

namespace Builder.Domain.Tests.PromptTemplates.Diff;

/// <summary>The word-level diff behind the version history's side-by-side and inline views.</summary>
public sealed class TextDifferTests(ITestOutputHelper output)
{
    private static string OldSide(InlineDiff diff) => string.Concat(diff.Runs.Where(r => r.Kind != DiffKind.Inserted).Select(r => r.Text));

    private static string NewSide(InlineDiff diff) => string.Concat(diff.Runs.Where(r => r.Kind != DiffKind.Deleted).Select(r => r.Text));

    [Fact]
    public void Equal_texts_are_one_unchanged_run()
    {
        var diff = TextDiffer.Inline("Hello {{name}},\nwelcome.", "Hello {{name}},\nwelcome.");

        Assert.False(diff.HasChanges);
        Assert.Equal([new DiffRun(DiffKind.Unchanged, "Hello {{name}},\nwelcome.")], diff.Runs);
    }

    [Fact]
    public void A_replaced_word_is_a_deleted_run_then_an_inserted_run_between_unchanged_text()
    {
        var diff = TextDiffer.Inline("The quick fox jumps.", "The slow fox jumps.");

        Assert.Equal(
            [
                new DiffRun(DiffKind.Unchanged, "The "),
                new DiffRun(DiffKind.Deleted, "quick"),
                new DiffRun(DiffKind.Inserted, "slow"),
                new DiffRun(DiffKind.Unchanged, " fox jumps."),
            ],
            diff.Runs);
        Assert.Equal(1, diff.InsertedWords);
        Assert.Equal(1, diff.DeletedWords);
    }

    [Fact]
    public void Neighbouring_replaced_words_read_as_one_replaced_phrase()
    {
        var diff = TextDiffer.Inline("a quick brown fox", "a slow red fox");

        Assert.Equal(
            [
                new DiffRun(DiffKind.Unchanged, "a "),
                new DiffRun(DiffKind.Deleted, "quick brown"),
                new DiffRun(DiffKind.Inserted, "slow red"),
                new DiffRun(DiffKind.Unchanged, " fox"),
            ],
            diff.Runs);
    }

    [Fact]
    public void Words_are_compared_whole_not_by_characters()
    {
        var diff = TextDiffer.Inline("Summarize the report", "Summarise the report");

        Assert.Contains(new DiffRun(DiffKind.Deleted, "Summarize"), diff.Runs);
        Assert.Contains(new DiffRun(DiffKind.Inserted, "Summarise"), diff.Runs);
    }

    [Theory]
    [InlineData("one two\nthree", "one  two\r\nthree\n")]
    [InlineData("a\tb\n\n\nc", "a b\n\nc")]
    [InlineData("", "New text\n")]
    [InlineData("Old text\n", "")]
    [InlineData("Use {{tone}} words 👍 for {{name}}.", "Use {{tone}} wording 👎 for {{ name }}!")]
    public void Whitespace_and_line_breaks_are_kept_so_each_side_rebuilds_its_text(string before, string after)
    {
        var diff = TextDiffer.Inline(before, after);

        Assert.Equal(before, OldSide(diff));
        Assert.Equal(after, NewSide(diff));
    }

    [Fact]
    public void A_whitespace_only_change_is_a_change()
    {
        var diff = TextDiffer.Inline("a b", "a  b");

        Assert.True(diff.HasChanges);
        Assert.Contains(diff.Runs, r => r.Kind == DiffKind.Inserted && r.Text == "  ");
    }

    [Fact]
    public void Null_is_an_empty_text()
    {
        var diff = TextDiffer.Inline(null, "Hi");

        Assert.Equal([new DiffRun(DiffKind.Inserted, "Hi")], diff.Runs);
        Assert.DoesNotContain(TextDiffer.SideBySide(null, null).Rows, r => r.Kind != DiffRowKind.Unchanged);
    }

    [Fact]
    public void Side_by_side_aligns_lines_and_marks_the_changed_words_of_a_changed_line()
    {
        var diff = TextDiffer.SideBySide(
            "You are a support agent.\nAnswer politely.\nSign as {{agent}}.",
            "You are a support agent.\nAnswer briefly and politely.\nSign as {{agent}}.");

        Assert.Equal([DiffRowKind.Unchanged, DiffRowKind.Changed, DiffRowKind.Unchanged], diff.Rows.Select(r => r.Kind));
        var changed = diff.Rows[1];
        Assert.Equal(2, changed.Old!.Number);
        Assert.Equal(2, changed.New!.Number);
        Assert.Equal([new DiffRun(DiffKind.Unchanged, "Answer politely.")], changed.Old.Runs);
        Assert.Equal(
            [new DiffRun(DiffKind.Unchanged, "Answer "), new DiffRun(DiffKind.Inserted, "briefly and "), new DiffRun(DiffKind.Unchanged, "politely.")],
            changed.New.Runs);
        Assert.Equal(1, diff.ChangedLines);
    }

    [Fact]
    public void Side_by_side_leaves_a_gap_opposite_an_added_or_removed_line()
    {
        var diff = TextDiffer.SideBySide("first\nsecond\nthird", "first\nthird\nfourth");

        var deleted = Assert.Single(diff.Rows, r => r.Kind == DiffRowKind.Deleted);
        Assert.Null(deleted.New);
        Assert.Equal("second", deleted.Old!.Text);
        Assert.Equal(2, deleted.Old.Number);
        var inserted = Assert.Single(diff.Rows, r => r.Kind == DiffRowKind.Inserted);
        Assert.Null(inserted.Old);
        Assert.Equal("fourth", inserted.New!.Text);
        Assert.Equal(3, inserted.New.Number);
        Assert.Equal((1, 1), (diff.InsertedLines, diff.DeletedLines));
    }

    [Fact]
    public void Side_by_side_keeps_indentation_and_reads_back_both_texts()
    {
        const string before = "steps:\n  - read {{input}}\n\n  - answer\n";
        const string after = "steps:\n    - read {{input}} carefully\n\n  - answer\n  - sign\n";

        var diff = TextDiffer.SideBySide(before, after);

        Assert.Equal(before, string.Join("\n", diff.Rows.Where(r => r.Old is not null).Select(r => r.Old!.Text)));
        Assert.Equal(after, string.Join("\n", diff.Rows.Where(r => r.New is not null).Select(r => r.New!.Text)));
    }

    [Fact]
    public void Two_5_KB_versions_compare_and_the_time_is_reported()
    {
        var (before, after) = FiveKilobyteVersions();

        TextDiffer.Inline(before, after); // warm up
        TextDiffer.SideBySide(before, after);
        var inline = Stopwatch.StartNew();
        const int rounds = 20;
        InlineDiff? result = null;
        for (var i = 0; i < rounds; i++) result = TextDiffer.Inline(before, after);
        inline.Stop();
        var sideBySide = Stopwatch.StartNew();
        SideBySideDiff? rows = null;
        for (var i = 0; i < rounds; i++) rows = TextDiffer.SideBySide(before, after);
        sideBySide.Stop();

        // a measurement for the README, not an assertion on time
        output.WriteLine($"5 KB vs 5 KB ({before.Length} / {after.Length} chars): inline {inline.Elapsed.TotalMilliseconds / rounds:0.00} ms, " +
            $"side by side {sideBySide.Elapsed.TotalMilliseconds / rounds:0.00} ms (mean of {rounds})");
        Assert.Equal(before, OldSide(result!));
        Assert.Equal(after, NewSide(result!));
        Assert.True(rows!.HasChanges);
    }

    /// <summary>A 5 KB prompt and an edit of it touching about one line in six.</summary>
    internal static (string Before, string After) FiveKilobyteVersions()
    {
        var words = new[] { "customer", "summary", "answer", "politely", "{{name}}", "order", "refund", "within", "days", "please", "the", "and", "of", "to", "a" };
        var random = new Random(7);
        var lines = new List<string>();
        while (lines.Sum(l => l.Length + 1) < 5 * 1024)
            lines.Add(string.Join(' ', Enumerable.Range(0, 6 + random.Next(10)).Select(_ => words[random.Next(words.Length)])) + ".");
        var before = string.Join('\n', lines)[..(5 * 1024)];
        var edited = lines.Select((l, i) => i % 6 == 0 ? l.Replace("the", "our").Replace("please", "kindly") : l).ToList();
        edited.Insert(10, "A new instruction line for the model.");
        edited.RemoveAt(30);
        var after = string.Join('\n', edited)[..(5 * 1024)];
        return (before, after);
    }
}
