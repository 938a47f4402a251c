using System.Data.Common;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>
/// Reads racing a type change: the change replaces the column's physical column, so a read that loaded the schema before the
/// change committed asks for a column that is gone. It reads again with the new schema (or is a 409), never a provider error.
/// </summary>
public class RowReadRaceTests
{
    private static async Task<(FileTestDatabase Db, Actor Admin, TableView Table)> ArrangeAsync()
    {
        var db = await FileTestDatabase.CreateAsync();
        var acme = await db.OrganizationIdAsync("Acme Corp");
        var admin = await db.ActorAsync("admin@acme.test");
        var table = await new TableService(db, db.Clock).CreateAsync(admin, acme,
            new TableInput("race_reads", null, [new ColumnInput("title", "text"), new ColumnInput("amount", "text")]));
        var rows = new RowService(db, db.Clock);
        for (var i = 0; i < 5; i++) await rows.InsertAsync(admin, table.TableId, new JsonObject { ["title"] = $"r{i}", ["amount"] = $"{i}" });
        return (db, admin, table);
    }

    /// <summary>Runs <paramref name="action"/> once, right after the first read of a table's columns finishes (the schema is loaded).</summary>
    private sealed class AfterColumnsLoaded(Func<Task> action) : DbCommandInterceptor
    {
        private int _fired;

        public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            Fire(command);
            return result;
        }

        public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            Fire(command);
            return ValueTask.FromResult(result);
        }

        private void Fire(DbCommand command)
        {
            if (!command.CommandText.Contains("\"AutessaTableColumns\"", StringComparison.Ordinal) || Interlocked.Exchange(ref _fired, 1) == 1) return;
            Task.Run(action).GetAwaiter().GetResult();
        }
    }

    [Theory]
    [InlineData("query")]
    [InlineData("get")]
    public async Task A_read_whose_schema_changes_before_its_row_sql_reads_again_with_the_new_schema(string read)
    {
        var (db, admin, table) = await ArrangeAsync();
        await using var _ = db;
        var amount = table.Columns.Single(c => c.Name == "amount").Id;
        var change = new AfterColumnsLoaded(() => new TableService(db, db.Clock).ChangeTypeAsync(admin, table.Id, amount, new TypeChange("integer"), false));
        var rows = new RowService(db.With(change), db.Clock);

        JsonNode? value = read == "query"
            ? (await rows.QueryAsync(admin, table.TableId, new RowQuery(Sort: [new RowSort("amount", true)]))).Rows[0].Data["amount"]
            : (await rows.GetAsync(admin, table.TableId, 1)).Data["amount"];

        // The change committed under the read, which then saw the integer column.
        Assert.Equal("integer", (await new TableService(db, db.Clock).GetAsync(admin, table.Id)).Columns.Single(c => c.Name == "amount").Type);
        Assert.Equal(read == "query" ? 4 : 0, value!.GetValue<long>());
    }

    [Fact]
    public async Task Parallel_queries_during_type_changes_answer_rows_or_a_409_never_a_database_error()
    {
        var (db, admin, table) = await ArrangeAsync();
        await using var _ = db;
        var amount = table.Columns.Single(c => c.Name == "amount").Id;
        var tables = new TableService(db, db.Clock);
        var rows = new RowService(db, db.Clock);
        using var stop = new CancellationTokenSource();

        var changes = Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
                await tables.ChangeTypeAsync(admin, table.Id, amount, new TypeChange(i % 2 == 0 ? "integer" : "text"), false);
            stop.Cancel();
        });
        var failures = new List<Exception>();
        var answered = 0;
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await rows.QueryAsync(admin, table.TableId, new RowQuery(
                        Filters: new JsonArray(new JsonObject { ["column"] = "amount", ["operator"] = "exists" }), Sort: [new RowSort("amount")]));
                    Interlocked.Increment(ref answered);
                }
                catch (ConflictException) { }
                catch (Exception e) { lock (failures) failures.Add(e); }
            }
        })).ToList();
        await changes;
        await Task.WhenAll(readers);

        Assert.Empty(failures.Select(f => f.GetType().Name + ": " + f.Message));
        Assert.True(answered > 0);
    }
}
