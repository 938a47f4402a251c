using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using DiffPlex.Model;

namespace Builder.Domain.PromptTemplates.Diff;

/// <summary>
/// Word-level differences between two versions of a text (DiffPlex's Myers differ over <see cref="WordChunker"/>
/// pieces), for the two views of the version history: <see cref="Inline"/> and <see cref="SideBySide"/>. Whitespace
/// and line breaks are kept exactly; case and whitespace changes count as changes.
/// </summary>
public static class TextDiffer
{
    /// <summary>
    /// Texts longer than this are compared line by line instead of word by word inside the inline view, which keeps
    /// the differ's O(N·D) work bounded for very large inputs.
    /// </summary>
    public const int MaxWordDiffLength = 100_000;

    /// <summary>
    /// The longest text (in characters, either side) the views compare at all: as long as the longest prompt text, so every
    /// two versions of a template compare, while a longer input gets a message instead of an unbounded diff.
    /// </summary>
    public const int MaxCompareLength = PromptTemplate.PromptTextMax;

    /// <summary>True when either text is over <see cref="MaxCompareLength"/>: show a message rather than a diff.</summary>
    public static bool TooLongToCompare(string? oldText, string? newText) =>
        (oldText?.Length ?? 0) > MaxCompareLength || (newText?.Length ?? 0) > MaxCompareLength;

    public static InlineDiff Inline(string? oldText, string? newText)
    {
        oldText ??= "";
        newText ??= "";
        IChunker chunker = oldText.Length > MaxWordDiffLength || newText.Length > MaxWordDiffLength
            ? LineEndingsPreservingChunker.Instance
            : WordChunker.Instance;
        var result = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, chunker);
        var runs = new RunBuilder();
        int inserted = 0, deleted = 0;
        var a = 0;
        foreach (var block in JoinAcrossSpaces(result))
        {
            for (; a < block.DeleteStartA; a++) runs.Add(DiffKind.Unchanged, result.PiecesOld[a]);
            for (var k = 0; k < block.DeleteCountA; k++)
            {
                var piece = result.PiecesOld[block.DeleteStartA + k];
                runs.Add(DiffKind.Deleted, piece);
                if (WordChunker.IsWord(piece)) deleted++;
            }
            for (var k = 0; k < block.InsertCountB; k++)
            {
                var piece = result.PiecesNew[block.InsertStartB + k];
                runs.Add(DiffKind.Inserted, piece);
                if (WordChunker.IsWord(piece)) inserted++;
            }
            a = block.DeleteStartA + block.DeleteCountA;
        }
        for (; a < result.PiecesOld.Count; a++) runs.Add(DiffKind.Unchanged, result.PiecesOld[a]);
        return new InlineDiff(runs.Build(), inserted, deleted);
    }

    public static SideBySideDiff SideBySide(string? oldText, string? newText)
    {
        oldText ??= "";
        newText ??= "";
        var model = SideBySideDiffBuilder.Diff(Differ.Instance, oldText, newText, ignoreWhiteSpace: false, ignoreCase: false,
            LineChunker.Instance, WordChunker.Instance);
        var rows = new List<DiffRow>(model.OldText.Lines.Count);
        int inserted = 0, deleted = 0, changed = 0;
        for (var i = 0; i < model.OldText.Lines.Count; i++)
        {
            var old = model.OldText.Lines[i];
            var @new = model.NewText.Lines[i];
            var hasOld = old.Type != ChangeType.Imaginary && old.Position is not null;
            var hasNew = @new.Type != ChangeType.Imaginary && @new.Position is not null;
            if (hasOld && hasNew && old.Type == ChangeType.Unchanged && @new.Type == ChangeType.Unchanged)
            {
                rows.Add(new DiffRow(DiffRowKind.Unchanged, Line(old, DiffKind.Unchanged), Line(@new, DiffKind.Unchanged)));
            }
            else if (hasOld && hasNew)
            {
                var words = Inline(old.Text ?? "", @new.Text ?? "");
                rows.Add(new DiffRow(DiffRowKind.Changed,
                    new DiffLine(old.Position!.Value, Side(words, DiffKind.Deleted)),
                    new DiffLine(@new.Position!.Value, Side(words, DiffKind.Inserted))));
                changed++;
            }
            else if (hasOld)
            {
                rows.Add(new DiffRow(DiffRowKind.Deleted, Line(old, DiffKind.Deleted), null));
                deleted++;
            }
            else if (hasNew)
            {
                rows.Add(new DiffRow(DiffRowKind.Inserted, null, Line(@new, DiffKind.Inserted)));
                inserted++;
            }
        }
        return new SideBySideDiff(rows, inserted, deleted, changed);
    }

    private static DiffLine Line(DiffPiece piece, DiffKind kind) =>
        new(piece.Position!.Value, string.IsNullOrEmpty(piece.Text) ? [] : [new DiffRun(kind, piece.Text)]);

    /// <summary>One side of a changed line: the unchanged runs and the runs of <paramref name="kind"/>.</summary>
    private static IReadOnlyList<DiffRun> Side(InlineDiff words, DiffKind kind)
    {
        var runs = new RunBuilder();
        foreach (var run in words.Runs)
            if (run.Kind == DiffKind.Unchanged || run.Kind == kind) runs.Add(run.Kind, run.Text);
        return runs.Build();
    }

    /// <summary>
    /// Joins two change blocks separated only by spaces, so "quick brown" → "slow red" reads as one replaced phrase
    /// rather than two replaced words with an unchanged space between them.
    /// </summary>
    private static IEnumerable<DiffBlock> JoinAcrossSpaces(DiffResult result)
    {
        DiffBlock? pending = null;
        foreach (var block in result.DiffBlocks)
        {
            if (pending is not null)
            {
                var gapStart = pending.DeleteStartA + pending.DeleteCountA;
                var gap = block.DeleteStartA - gapStart;
                if (gap == 1 && result.PiecesOld[gapStart] is { Length: > 0 } space && space.All(c => c is ' ' or '\t')
                    && (pending.DeleteCountA + pending.InsertCountB > 0))
                {
                    pending = new DiffBlock(pending.DeleteStartA, block.DeleteStartA + block.DeleteCountA - pending.DeleteStartA,
                        pending.InsertStartB, block.InsertStartB + block.InsertCountB - pending.InsertStartB);
                    continue;
                }
                yield return pending;
            }
            pending = block;
        }
        if (pending is not null) yield return pending;
    }

    /// <summary>Collects pieces into runs, merging neighbours of the same kind.</summary>
    private sealed class RunBuilder
    {
        private readonly List<DiffRun> _runs = [];
        private readonly System.Text.StringBuilder _text = new();
        private DiffKind _kind;

        public void Add(DiffKind kind, string text)
        {
            if (text.Length == 0) return;
            if (_text.Length > 0 && kind != _kind) Flush();
            _kind = kind;
            _text.Append(text);
        }

        public IReadOnlyList<DiffRun> Build()
        {
            Flush();
            return _runs;
        }

        private void Flush()
        {
            if (_text.Length == 0) return;
            _runs.Add(new DiffRun(_kind, _text.ToString()));
            _text.Clear();
        }
    }
}
