using Builder.Domain.Access;
using Builder.Domain.Common;

namespace Builder.Domain.Tables.Import;

/// <summary>
/// Starts, follows and cancels CSV imports into a table. Starting needs what writing rows needs (EDIT on the table: role
/// matrix ∩ sharing; another organization's table is 404) and, for columns to create, what adding a column needs
/// (<see cref="TableService.AddColumnAsync"/>, which creates them first, before the job is queued). A job is seen and
/// cancelled only by the member who started it (or the system); anyone else gets 404.
/// </summary>
public sealed class TableImportService(IBuilderDbContextFactory dbs, TableService tables, ImportQueue queue)
{
    public const string JobNotFound = "Import not found";

    public async Task<ImportProgress> StartAsync(Actor actor, TableImportRequest request, CancellationToken ct = default)
    {
        await using (var db = dbs.Create())
            await TableService.LoadSchemaAsync(db, actor, request.OrganizationId, request.TableNumber, AutessaTable.Permissions.Update, ct: ct);
        var table = await tables.GetByNumberAsync(actor, request.OrganizationId, request.TableNumber, ct);

        var errors = new Validator();
        if (request.Columns.Count == 0) errors.Add("columns", "Map at least one CSV column to a table column.");
        if (!File.Exists(request.FilePath)) errors.Add("file", "The uploaded file is gone; upload it again.");
        foreach (var (m, i) in request.Columns.Select((m, i) => (m, i)))
        {
            if (m.CsvColumn < 0) errors.Add($"columns[{i}].csvColumn", "The CSV column must be 0 or more.");
            if ((m.Column is null) == (m.NewColumn is null))
                errors.Add($"columns[{i}]", "Give either an existing column or a column to create.");
            else if (m.Column is not null && table.Columns.All(c => c.Name != m.Column))
                errors.Add($"columns[{i}].column", $"The table has no column \"{m.Column}\".");
        }
        var twice = request.Columns.Select(m => m.Column ?? m.NewColumn?.Name).Where(n => n is not null).GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) errors.Add("columns", $"Column \"{twice.Key}\" is mapped from more than one CSV column; map each column once.");
        errors.ThrowIfInvalid();

        foreach (var m in request.Columns.Where(m => m.NewColumn is not null))
            table = await tables.AddColumnAsync(actor, table.Id, m.NewColumn!, ct: ct);
        return queue.Enqueue(actor, request);
    }

    /// <summary>A job's progress; 404 unless the caller started it.</summary>
    public ImportProgress Get(Actor actor, Guid jobId) => Find(actor, jobId).Progress;

    /// <summary>Asks a job to stop after the batch it is writing: with skip, what was imported stays; with stop, nothing does. A finished job is left as it is.</summary>
    public ImportProgress Cancel(Actor actor, Guid jobId)
    {
        var job = Find(actor, jobId);
        if (!job.Progress.IsFinished) job.Cancel.Cancel();
        return job.Progress;
    }

    private ImportQueue.Job Find(Actor actor, Guid jobId) =>
        queue.Find(jobId) is { } job && (job.Actor.UserId == actor.UserId || actor.IsSystem) ? job : throw new NotFoundException(JobNotFound);
}
