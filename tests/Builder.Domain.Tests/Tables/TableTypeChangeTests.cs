using System.Data.Common;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Builder.Domain.Tests.Tables;

/// <summary>
/// Changing a column's type never loses data silently: the preview counts over every row and lists the first 20 values that
/// won't convert; the change is refused while there are any, unless emptying them is confirmed; and it is one transaction, so a
/// failure part-way leaves schema and data as they were.
/// </summary>
public class TableTypeChangeTests : TableTestContext
{
    private TableView _table = null!;
    private Guid _code;

    /// <summary>A text column "code" with 60 rows: 30 whole numbers, 25 words (rows 31 to 55), 5 empty.</summary>
    private async Task SeedAsync(bool indexed = false)
    {
        _table = await CreateAsync("items", Column("code", indexed: indexed), Column("label"));
        _code = _table.Columns[0].Id;
        for (var i = 1; i <= 60; i++)
            await InsertAsync(_table, ("code", i switch { <= 30 => (i * 10).ToString(), <= 55 => $"word{i}", _ => null }), ("label", $"row {i}"));
    }

    private static TypeChange ToInteger => new("integer");

    [Fact]
    public async Task The_preview_counts_every_row_and_lists_the_first_20_failures_with_the_reason()
    {
        await SeedAsync();

        var preview = await Tables.PreviewTypeChangeAsync(Admin, _table.Id, _code, ToInteger);

        Assert.Equal(("text", "integer", 35L, 60L, 25L), (preview.From, preview.To, preview.Convertible, preview.Total, preview.Unconvertible));
        Assert.Equal(20, preview.Failures.Count);
        Assert.Equal(Enumerable.Range(31, 20).Select(i => (long)i), preview.Failures.Select(f => f.RowId));
        Assert.Equal("word31", preview.Failures[0].Value);
        Assert.False(string.IsNullOrWhiteSpace(preview.Failures[0].Reason));
        Assert.Equal("text", (await Tables.GetAsync(Admin, _table.Id)).Columns[0].Type);
    }

    [Fact]
    public async Task The_preview_checks_as_the_change_does()
    {
        await SeedAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Tables.PreviewTypeChangeAsync(Guest, _table.Id, _code, ToInteger));
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.PreviewTypeChangeAsync(GlobexAdmin, _table.Id, _code, ToInteger));
        var same = await Assert.ThrowsAsync<ValidationException>(() => Tables.PreviewTypeChangeAsync(Admin, _table.Id, _code, new TypeChange("text")));
        Assert.Contains("already", same.Errors["type"][0]);
        var unknown = await Assert.ThrowsAsync<ValidationException>(() => Tables.PreviewTypeChangeAsync(Admin, _table.Id, _code, new TypeChange("number")));
        Assert.Contains("must be one of", unknown.Errors["type"][0]);
        var select = await Assert.ThrowsAsync<ValidationException>(() => Tables.PreviewTypeChangeAsync(Admin, _table.Id, _code, new TypeChange("single_select")));
        Assert.Contains("option", select.Errors["options"][0]);
    }

    [Fact]
    public async Task A_change_with_unconvertible_values_is_refused_and_changes_nothing()
    {
        await SeedAsync();
        var before = await CellsAsync(_table, "code");

        var error = await Assert.ThrowsAsync<ValidationException>(() => Tables.ChangeTypeAsync(Admin, _table.Id, _code, ToInteger, emptyUnconvertible: false));

        Assert.Contains("25 of 60 values", error.Errors["type"][0]);
        Assert.Contains("row 31", error.Errors["type"][0]);
        await AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Confirmed_the_unconvertible_cells_become_empty_and_the_rest_are_converted_into_a_new_physical_column()
    {
        await SeedAsync(indexed: true);

        var table = await Tables.ChangeTypeAsync(Admin, _table.Id, _code, ToInteger, emptyUnconvertible: true, _table.ConcurrencyToken);

        var code = table.Columns[0];
        Assert.Equal(("code", "integer", 0, true), (code.Name, code.Type, code.Position, code.Indexed));
        Assert.Equal(code.Id, _code);
        var cells = await CellsAsync(table, "code");
        Assert.Equal(60, cells.Count);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (object?)(long)(i * 10)), cells.Where(c => c.Key <= 30).Select(c => c.Value));
        Assert.All(cells.Where(c => c.Key > 30), c => Assert.Null(c.Value));
        Assert.Equal("row 60", (await CellsAsync(table, "label"))[60]);
        Assert.Equal(["id", "created_at", "updated_at", "created_by", "c2", "c3"], await PhysicalColumnsAsync(table.TableId));
        Assert.Equal([$"ix_adb_{table.TableId}_c3"], await IndexesAsync(table.TableId));
        await using var db = Db.Context();
        Assert.Equal(4, (await db.AutessaTables.SingleAsync(t => t.Id == table.Id)).NextColumnKey);
    }

    [Fact]
    public async Task A_required_column_never_gets_empty_cells_from_a_type_change()
    {
        await SeedAsync();
        await ExecuteAsync($"UPDATE adb_{_table.TableId} SET c1 = 'x' WHERE c1 IS NULL");
        await Tables.ChangeColumnAsync(Admin, _table.Id, _code, new ColumnChange(Required: true));
        var before = await CellsAsync(_table, "code");

        var error = await Assert.ThrowsAsync<ValidationException>(() => Tables.ChangeTypeAsync(Admin, _table.Id, _code, ToInteger, emptyUnconvertible: true));

        Assert.Contains("required", error.Errors["type"][0]);
        Assert.Equal(before, await CellsAsync(_table, "code"));
    }

    [Fact]
    public async Task A_failure_while_copying_the_values_leaves_schema_and_data_as_they_were()
    {
        await SeedAsync(indexed: true);
        var before = await CellsAsync(_table, "code");
        // The database refuses the copy of row 20 half-way through (after the new column was added and 19 rows written).
        await ExecuteAsync($"CREATE TRIGGER refuse_copy BEFORE UPDATE ON adb_{_table.TableId} WHEN NEW.id = 20 BEGIN SELECT RAISE(ABORT, 'copy refused'); END");

        await Assert.ThrowsAnyAsync<DbException>(() => Tables.ChangeTypeAsync(Admin, _table.Id, _code, ToInteger, emptyUnconvertible: true));

        await AssertUnchangedAsync(before, indexed: true);
    }

    [Fact]
    public async Task A_failure_saving_the_metadata_after_the_ddl_rolls_the_ddl_back_too()
    {
        await SeedAsync(indexed: true);
        var before = await CellsAsync(_table, "code");
        var tables = new TableService(Db.With(new FailColumnSave()), TimeProvider.System);

        await Assert.ThrowsAnyAsync<Exception>(() => tables.ChangeTypeAsync(Admin, _table.Id, _code, ToInteger, emptyUnconvertible: true));

        await AssertUnchangedAsync(before, indexed: true);
    }

    [Fact]
    public async Task A_type_that_cannot_be_indexed_loses_the_index_and_a_select_gets_its_options()
    {
        await SeedAsync(indexed: true);

        var table = await Tables.ChangeTypeAsync(Admin, _table.Id, _code, new TypeChange("long_text"), emptyUnconvertible: false);
        Assert.False(table.Columns[0].Indexed);
        Assert.Empty(await IndexesAsync(table.TableId));
        Assert.Equal("word31", (await CellsAsync(table, "code"))[31]);

        var label = table.Columns[1].Id;
        var preview = await Tables.PreviewTypeChangeAsync(Admin, table.Id, label, new TypeChange("single_select", ["row 1", "row 2"]));
        Assert.Equal((2L, 60L), (preview.Convertible, preview.Total));
    }

    private async Task AssertUnchangedAsync(Dictionary<long, object?> before, bool indexed = false)
    {
        var now = await Tables.GetAsync(Admin, _table.Id);
        Assert.Equal(("text", indexed), (now.Columns[0].Type, now.Columns[0].Indexed));
        Assert.Equal(_table.ConcurrencyToken, now.ConcurrencyToken);
        Assert.Equal(["id", "created_at", "updated_at", "created_by", "c1", "c2"], await PhysicalColumnsAsync(_table.TableId));
        Assert.Equal(indexed ? [$"ix_adb_{_table.TableId}_c1"] : [], await IndexesAsync(_table.TableId));
        Assert.Equal(before, await CellsAsync(_table, "code"));
        await using var db = Db.Context();
        var table = await db.AutessaTables.SingleAsync(t => t.Id == _table.Id);
        Assert.Equal(3, table.NextColumnKey);
        Assert.Equal(1, (await db.TableColumns.SingleAsync(c => c.Id == _code)).Key);
    }

    /// <summary>Fails EF's save of a column's metadata: the last step of a type change, after all its DDL ran.</summary>
    private sealed class FailColumnSave : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("UPDATE \"AutessaTableColumns\"") ? throw new InvalidOperationException("save refused") : ValueTask.FromResult(result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("UPDATE \"AutessaTableColumns\"") ? throw new InvalidOperationException("save refused") : ValueTask.FromResult(result);
    }
}
