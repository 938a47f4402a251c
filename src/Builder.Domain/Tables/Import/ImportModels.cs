using Builder.Domain.Tables.Csv;

namespace Builder.Domain.Tables.Import;

/// <summary>What an import does with a row that can't be imported (not well formed, a cell that does not convert, a required cell empty, a unique value taken).</summary>
public enum BadRowPolicy
{
    /// <summary>Skip the row, report its line and reason, and go on. Each batch of 1,000 rows is its own transaction: written batches stay.</summary>
    Skip,

    /// <summary>All or nothing: the import is one transaction, and the first bad row stops it with nothing imported.</summary>
    Stop,
}

/// <summary>
/// Where a CSV column goes: an existing column by <see cref="Column"/> name, or a column to create (<see cref="NewColumn"/>,
/// e.g. from <see cref="CsvTypeGuess"/>). A CSV column with no entry is skipped.
/// </summary>
public sealed record ImportColumn(int CsvColumn, string? Column = null, ColumnInput? NewColumn = null);

/// <summary>
/// An import: the uploaded file (a temporary file the job owns and deletes when it is done), where each CSV column goes and
/// what to do with bad rows.
/// </summary>
public sealed record TableImportRequest(
    Guid OrganizationId,
    int TableNumber,
    string FilePath,
    string FileName,
    IReadOnlyList<ImportColumn> Columns,
    BadRowPolicy BadRows = BadRowPolicy.Skip,
    char? Delimiter = null);

public enum ImportState
{
    Queued,
    Running,

    /// <summary>Every row was read; bad rows (if any) were skipped.</summary>
    Completed,

    /// <summary>Stopped at a bad row, as asked (<see cref="BadRowPolicy.Stop"/>): nothing of the file was imported.</summary>
    Stopped,

    /// <summary>Cancelled by the user or by the server shutting down: with <see cref="BadRowPolicy.Skip"/> the batches written so far stay, with Stop nothing does.</summary>
    Cancelled,

    /// <summary>Failed for a reason not tied to a row (the table went to the trash, access was withdrawn…).</summary>
    Failed,
}

/// <summary>A row that was not imported: the line of the file where it starts and why.</summary>
public sealed record ImportRowProblem(long Line, string Reason);

/// <summary>A snapshot of an import job: rows read, imported and skipped, percent of the file's bytes read, and the first bad rows.</summary>
public sealed record ImportProgress(
    Guid JobId,
    Guid OrganizationId,
    int TableNumber,
    Guid UserId,
    string FileName,
    ImportState State,
    long RowsRead,
    long Imported,
    long Skipped,
    double Percent,
    IReadOnlyList<ImportRowProblem> Problems,
    string? Message,
    DateTime QueuedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt)
{
    /// <summary>How many bad rows are listed at most (the count goes on).</summary>
    public const int MaxProblems = 1_000;

    public bool IsFinished => State is ImportState.Completed or ImportState.Stopped or ImportState.Cancelled or ImportState.Failed;
}
