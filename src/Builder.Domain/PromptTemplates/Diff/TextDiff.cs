namespace Builder.Domain.PromptTemplates.Diff;

/// <summary>Whether a run of text is in both versions, only in the new one or only in the old one.</summary>
public enum DiffKind { Unchanged, Inserted, Deleted }

/// <summary>A run of words (with their whitespace, newlines included) of one kind.</summary>
public sealed record DiffRun(DiffKind Kind, string Text);

/// <summary>
/// The inline view: one stream of runs which, read in order, gives the old text when the inserted runs are skipped
/// and the new text when the deleted runs are skipped.
/// </summary>
public sealed record InlineDiff(IReadOnlyList<DiffRun> Runs, int InsertedWords, int DeletedWords)
{
    public bool HasChanges => InsertedWords > 0 || DeletedWords > 0 || Runs.Any(r => r.Kind != DiffKind.Unchanged);
}

/// <summary>How a row of the side-by-side view changed.</summary>
public enum DiffRowKind { Unchanged, Changed, Inserted, Deleted }

/// <summary>One line of one side: its 1-based number in that version and its runs (unchanged plus deleted on the old side, unchanged plus inserted on the new side).</summary>
public sealed record DiffLine(int Number, IReadOnlyList<DiffRun> Runs)
{
    public string Text => string.Concat(Runs.Select(r => r.Text));
}

/// <summary>A row of the side-by-side view: the old line and the new line, either missing where the other side added or removed a line.</summary>
public sealed record DiffRow(DiffRowKind Kind, DiffLine? Old, DiffLine? New);

/// <summary>The side-by-side view: aligned rows of old and new lines, changed words marked inside changed lines.</summary>
public sealed record SideBySideDiff(IReadOnlyList<DiffRow> Rows, int InsertedLines, int DeletedLines, int ChangedLines)
{
    public bool HasChanges => InsertedLines + DeletedLines + ChangedLines > 0;
}
