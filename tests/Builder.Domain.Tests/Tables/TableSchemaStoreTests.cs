using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Storage;

namespace Builder.Domain.Tests.Tables;

/// <summary>
/// The schema store on a real SQLite file, through the EF context's own connection: every type's cells survive a write and a
/// read, DDL inside a transaction that is not committed leaves nothing, and unique indexes let empty cells repeat.
/// </summary>
public class TableSchemaStoreTests : TableTestContext
{
    private static readonly (ColumnType Type, object Value)[] Samples =
    [
        (ColumnType.Text, "héllo \"quoted\" 'x'"), (ColumnType.LongText, new string('y', 20_000)), (ColumnType.Integer, long.MinValue),
        (ColumnType.Decimal, 123456789.012345m), (ColumnType.Boolean, false), (ColumnType.Date, new DateOnly(1999, 12, 31)),
        (ColumnType.DateTime, new DateTime(2026, 12, 2, 23, 59, 59, DateTimeKind.Utc).AddTicks(9999999)), (ColumnType.SingleSelect, "Gold"),
        (ColumnType.MultiSelect, new List<string> { "a", "b" }), (ColumnType.Json, JsonNode.Parse("{\"k\":[1,true,null]}")!),
        (ColumnType.File, new FileCell("blobs/1", "report.pdf", 2048, "application/pdf")), (ColumnType.Link, 7L),
    ];

    [Fact]
    public async Task Every_types_cells_come_back_as_they_were_written()
    {
        var table = await Tables.CreateAsync(Admin, Acme, new TableInput("samples", null,
            Samples.Select((s, i) => new ColumnInput($"col_{i}", s.Type == ColumnType.Link ? "integer" : s.Type.WireName(),
                Options: s.Type.HasOptions() ? ["Gold", "a", "b"] : null)).ToList()));
        var row = await InsertAsync(table);

        await using var db = Db.Context();
        var store = new TableSchemaStore(db);
        var schema = await TableService.LoadSchemaAsync(db, Admin, table.Id, Permissions.EntitiesRead);
        for (var i = 0; i < Samples.Length; i++)
        {
            var column = schema.Columns[i];
            column.Type = Samples[i].Type; // a link column is stored as an integer: read it as a link
            await store.WriteCellsAsync(schema.Table, column, [(row, Samples[i].Value)]);
            var (rowId, back) = Assert.Single(await ReadAsync(store, schema.Table, column));
            Assert.Equal(row, rowId);
            if (back is JsonNode node) Assert.True(JsonNode.DeepEquals((JsonNode)Samples[i].Value, node));
            else if (back is List<string> list) Assert.Equal((IEnumerable<string>)Samples[i].Value, list);
            else Assert.Equal(Samples[i].Value, back);
        }
        Assert.Equal(1, await store.CountRowsAsync(schema.Table));
    }

    private static async Task<List<(long RowId, object? Value)>> ReadAsync(TableSchemaStore store, AutessaTable table, TableColumn column)
    {
        var cells = new List<(long, object?)>();
        await foreach (var cell in store.ReadColumnAsync(table, column)) cells.Add(cell);
        return cells;
    }

    [Fact]
    public async Task Ddl_in_a_transaction_that_is_not_committed_leaves_nothing()
    {
        var table = await CreateAsync("orders", Column("title"));

        await using (var db = Db.Context())
        {
            var store = new TableSchemaStore(db);
            var schema = await TableService.LoadSchemaAsync(db, Admin, table.Id, Permissions.EntitiesRead);
            await Assert.ThrowsAsync<InvalidOperationException>(() => store.InTransactionAsync(async () =>
            {
                await store.AddColumnAsync(schema.Table, new TableColumn { Key = 9, Type = ColumnType.Integer, Indexed = true });
                await store.DropColumnAsync(schema.Table, schema.Columns[0]);
                Assert.True(await store.TableExistsAsync(table.TableId));
                throw new InvalidOperationException("changed my mind");
            }));
        }

        Assert.Equal(["id", "created_at", "updated_at", "created_by", "c1"], await PhysicalColumnsAsync(table.TableId));
        Assert.Empty(await IndexesAsync(table.TableId));
    }

    [Fact]
    public async Task A_unique_index_refuses_a_repeated_value_and_lets_empty_cells_repeat()
    {
        var table = await CreateAsync("people", Column("email", unique: true));

        await InsertAsync(table, ("email", null));
        await InsertAsync(table, ("email", null));
        await InsertAsync(table, ("email", "a@x.test"));
        await Assert.ThrowsAnyAsync<Exception>(() => InsertAsync(table, ("email", "a@x.test")));

        await using var db = Db.Context();
        var store = new TableSchemaStore(db);
        var schema = await TableService.LoadSchemaAsync(db, Admin, table.Id, Permissions.EntitiesRead);
        Assert.Null(await store.FirstDuplicateAsync(schema.Table, schema.Columns[0]));
        Assert.Equal(1, await store.CountNonEmptyAsync(schema.Table, schema.Columns[0]));
        Assert.Equal("sqlite", store.Dialect.Name);
    }
}
