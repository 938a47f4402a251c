using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables.Csv;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tables.Values;

namespace Builder.Domain.Tables.Import;

/// <summary>
/// Runs one import: reads the temporary file record by record (<see cref="CsvReader"/>, one buffer, never the whole file),
/// converts the mapped cells with <see cref="ColumnValues.FromText"/>, and writes batches of <see cref="BatchSize"/> rows
/// through <see cref="RowService.InsertManyAsync"/> as the requesting actor (so the table's write permission, defaults,
/// required and unique checks and the audit are RowService's). A batch the store refuses (a unique value taken, a link to a
/// missing row) is retried row by row, so only the bad rows are skipped (<see cref="BadRowPolicy.Skip"/>: each batch is its own
/// transaction, and the rows of earlier batches stay whatever happens later). With <see cref="BadRowPolicy.Stop"/> the whole
/// import is one transaction (<see cref="RowService.InOneTransactionAsync{T}"/>): the first bad row — one that does not convert,
/// or one the store refuses — stops it and nothing of the file stays; cancelling or a failure also leaves the table as it was.
/// The file is still read record by record and written in batches either way (the rows wait in the database's transaction,
/// not in memory).
/// </summary>
public sealed class TableImporter(TableService tables, RowService rows, TimeProvider clock)
{
    public const int BatchSize = RowService.MaxBatch;
    private static readonly TimeSpan ReportEvery = TimeSpan.FromMilliseconds(250);

    private sealed record Target(int CsvColumn, string Name, ColumnShape Shape, bool Required, bool HasDefault);

    private sealed class StopImport(long line, string reason) : Exception(reason)
    {
        public long Line { get; } = line;
    }

    internal async Task RunAsync(ImportQueue.Job job, ImportQueue queue, CancellationToken ct)
    {
        var request = job.Request;
        var problems = new List<ImportRowProblem>();
        long read = 0, imported = 0, skipped = 0;
        double percent = 0;
        var started = clock.GetUtcNow().UtcDateTime;
        var lastReport = DateTime.MinValue;

        void Report(ImportState state, string? message = null, bool force = false)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (!force && now - lastReport < ReportEvery) return;
            lastReport = now;
            var finished = state is not (ImportState.Running or ImportState.Queued) ? now : (DateTime?)null;
            queue.Report(job, job.Progress with
            {
                State = state, RowsRead = read, Imported = imported, Skipped = skipped, Percent = Math.Round(percent, 1),
                Problems = problems.ToArray(), Message = message, StartedAt = started, FinishedAt = finished,
            });
        }

        void Bad(long line, string reason)
        {
            if (request.BadRows == BadRowPolicy.Stop) throw new StopImport(line, reason);
            skipped++;
            if (problems.Count < ImportProgress.MaxProblems) problems.Add(new ImportRowProblem(line, reason));
        }

        string Kept() => request.BadRows == BadRowPolicy.Stop ? "Nothing was imported." : $"The {imported:N0} rows imported before stay.";

        Report(ImportState.Running, force: true);
        try
        {
            var table = await tables.GetByNumberAsync(job.Actor, request.OrganizationId, request.TableNumber, ct);
            var targets = request.Columns.Select(m =>
            {
                var name = m.Column ?? m.NewColumn?.Name;
                var column = table.Columns.FirstOrDefault(c => c.Name == name)
                             ?? throw new NotFoundException($"Column \"{name}\" is no longer in the table.");
                return new Target(m.CsvColumn, column.Name,
                    new ColumnShape(ColumnTypes.FromWireName(column.Type)!.Value, column.Options.Count > 0 ? column.Options : null),
                    column.Required, column.Default is not null);
            }).ToArray();

            async Task<bool> ImportAsync(RowService writer)
            {
                await using var file = new FileStream(request.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
                var length = Math.Max(1, file.Length);
                await using var reader = await CsvReader.OpenAsync(file, new CsvReadOptions { Delimiter = request.Delimiter }, ct);
                await reader.ReadRecordAsync(ct); // the header

                var batch = new List<(long Line, JsonObject Data)>(BatchSize);
                while (await reader.ReadRecordAsync(ct) is { } record)
                {
                    read++;
                    if (Convert(record, targets) is { } problemOrRow)
                    {
                        if (problemOrRow.Problem is { } problem) Bad(record.Line, problem);
                        else batch.Add((record.Line, problemOrRow.Data!));
                    }
                    if (batch.Count == BatchSize)
                    {
                        await WriteAsync(writer, job, batch, Bad, () => imported++, ct);
                        batch.Clear();
                        percent = 100.0 * file.Position / length;
                        Report(ImportState.Running);
                    }
                }
                if (batch.Count > 0) await WriteAsync(writer, job, batch, Bad, () => imported++, ct);
                return true;
            }

            if (request.BadRows == BadRowPolicy.Stop)
            {
                try
                {
                    await rows.InOneTransactionAsync(ImportAsync, ct);
                }
                catch
                {
                    imported = 0; // rolled back
                    throw;
                }
            }
            else await ImportAsync(rows);
            percent = 100;
            Report(ImportState.Completed, skipped == 0
                ? $"Imported {imported:N0} rows."
                : $"Imported {imported:N0} rows; skipped {skipped:N0} bad rows.", force: true);
        }
        catch (StopImport stop)
        {
            problems.Add(new ImportRowProblem(stop.Line, stop.Message));
            Report(ImportState.Stopped, $"Stopped at line {stop.Line:N0}: {stop.Message} Nothing was imported (stop on a bad row imports the file whole or not at all): fix the line and import again, or choose to skip bad rows.", force: true);
        }
        catch (OperationCanceledException)
        {
            Report(ImportState.Cancelled, request.BadRows == BadRowPolicy.Stop
                ? "Cancelled. Nothing was imported (stop on a bad row imports the file whole or not at all)."
                : $"Cancelled. The {imported:N0} rows imported before stay.", force: true);
        }
        catch (DomainException e)
        {
            Report(ImportState.Failed, $"{e.Message}. {Kept()}", force: true);
        }
        catch (Exception)
        {
            Report(ImportState.Failed, $"The import failed unexpectedly. {Kept()}", force: true);
            throw;
        }
        finally
        {
            try { File.Delete(request.FilePath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private readonly record struct Converted(string? Problem, JsonObject? Data);

    private static Converted? Convert(CsvRecord record, Target[] targets)
    {
        if (!record.Ok) return new Converted(record.Problem, null);
        var data = new JsonObject();
        foreach (var t in targets)
        {
            var text = record.Field(t.CsvColumn);
            var cell = ColumnValues.FromText(t.Shape, text);
            if (!cell.Ok) return new Converted($"Column \"{t.Name}\" ({t.Shape.Type.WireName()}): {cell.Reason}.", null);
            if (cell.Value is null)
            {
                if (t.Required && !t.HasDefault) return new Converted($"Column \"{t.Name}\" is required and the cell is empty.", null);
                continue; // the column's default (if any) fills it
            }
            data[t.Name] = ColumnValues.ToJson(t.Shape, cell.Value);
        }
        return new Converted(null, data);
    }

    /// <summary>Writes a batch; when the store refuses it, row by row so that only the bad rows are reported.</summary>
    private static async Task WriteAsync(RowService rows, ImportQueue.Job job, List<(long Line, JsonObject Data)> batch, Action<long, string> bad, Action written, CancellationToken ct)
    {
        var tableNumber = job.Request.TableNumber;
        try
        {
            await rows.ImportBatchAsync(job.Actor, tableNumber, batch.Select(b => (JsonObject?)b.Data.DeepClone().AsObject()).ToList(), ct);
            foreach (var _ in batch) written();
            return;
        }
        catch (Exception e) when (e is ValidationException or ConflictException)
        {
        }
        foreach (var (line, data) in batch)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await rows.InsertAsync(job.Actor, tableNumber, data, ct);
                written();
            }
            catch (ValidationException e)
            {
                bad(line, e.Errors.SelectMany(x => x.Value).FirstOrDefault() ?? e.Message);
            }
            catch (ConflictException e)
            {
                bad(line, e.Message);
            }
        }
    }
}
