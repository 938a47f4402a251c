using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Tables;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Tables;

/// <summary>
/// Tables and their schema on a real SQLite file: who may do what (System, Admin, User, Guest, another organization), the
/// name rules, each schema change against the rows it would affect, and that a failed change leaves nothing behind.
/// </summary>
public class TableServiceTests : TableTestContext
{
    // ------------------------------------------------------------ create, get, list per role

    [Fact]
    public async Task An_admin_creates_a_table_with_its_columns_and_its_physical_table()
    {
        var table = await Tables.CreateAsync(Admin, Acme, new TableInput("customers", "People who buy",
        [
            Column("email", required: true, unique: true), Column("age", "integer", indexed: true), Column("notes", "long_text"),
            Column("tier", "single_select", options: ["Gold", "Silver"]),
        ]));

        Assert.True(table.TableId > 0);
        Assert.Equal(("customers", "People who buy", "table"), (table.Name, table.Description, table.Kind));
        Assert.Equal(["email", "age", "notes", "tier"], table.Columns.Select(c => c.Name));
        Assert.Equal(["text", "integer", "long_text", "single_select"], table.Columns.Select(c => c.Type));
        Assert.Equal([0, 1, 2, 3], table.Columns.Select(c => c.Position));
        Assert.Equal(["Gold", "Silver"], table.Columns[3].Options);
        Assert.Equal("admin@acme.test", table.Owner!.Email);
        Assert.Equal(["id", "created_at", "updated_at", "created_by", "c1", "c2", "c3", "c4"], await PhysicalColumnsAsync(table.TableId));
        Assert.Equal([$"ix_adb_{table.TableId}_c2", $"ux_adb_{table.TableId}_c1"], await IndexesAsync(table.TableId));
    }

    [Fact]
    public async Task Public_numbers_are_allocated_one_after_the_other_across_organizations()
    {
        var first = await CreateAsync("first");
        var second = await Tables.CreateAsync(GlobexAdmin, Globex, new TableInput("first", null, [Column("x")]));

        Assert.Equal(first.TableId + 1, second.TableId);
        Assert.Equal(second.Id, (await Tables.GetByNumberAsync(GlobexAdmin, Globex, second.TableId)).Id);
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.GetByNumberAsync(Admin, Acme, second.TableId));
    }

    [Fact]
    public async Task Every_role_reads_only_admins_and_system_create_and_another_organization_sees_nothing()
    {
        var table = await CreateAsync();

        foreach (var reader in new[] { System, Admin, Builder, Guest })
        {
            Assert.Equal(table.Id, (await Tables.GetAsync(reader, table.Id)).Id);
            Assert.Contains((await Tables.ListAsync(reader, Acme, new PageRequest())).Items, t => t.Id == table.Id);
        }
        await Tables.CreateAsync(System, Acme, new TableInput("by_system", null, [Column("x")]));
        await Assert.ThrowsAsync<ForbiddenException>(() => Tables.CreateAsync(Builder, Acme, new TableInput("nope", null, [Column("x")])));
        await Assert.ThrowsAsync<ForbiddenException>(() => Tables.CreateAsync(Guest, Acme, new TableInput("nope", null, [Column("x")])));
        await Assert.ThrowsAsync<ForbiddenException>(() => Tables.AddColumnAsync(Builder, table.Id, Column("more")));
        await Assert.ThrowsAsync<ForbiddenException>(() => Tables.UpdateAsync(Guest, table.Id, new TableUpdate("renamed")));

        await Assert.ThrowsAsync<NotFoundException>(() => Tables.GetAsync(GlobexAdmin, table.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.AddColumnAsync(GlobexAdmin, table.Id, Column("more")));
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.ListAsync(GlobexAdmin, Acme, new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.CreateAsync(GlobexAdmin, Acme, new TableInput("intruder", null, [Column("x")])));
        Assert.Empty((await Tables.ListAsync(GlobexAdmin, Globex, new PageRequest())).Items);
    }

    [Fact]
    public async Task The_list_pages_searches_and_filters_by_ownership_like_prompts()
    {
        for (var i = 0; i < 12; i++) await CreateAsync($"table_{i:00}");
        await Tables.CreateAsync(System, Acme, new TableInput("invoices", null, [Column("x")]));

        var page = await Tables.ListAsync(Admin, Acme, new PageRequest(Page: 2, Limit: 5, Sort: "name"));
        Assert.Equal((13, 5), (page.Total, page.Items.Count));
        Assert.Equal(["table_04", "table_05", "table_06", "table_07", "table_08"], page.Items.Select(t => t.Name));
        Assert.Equal(["invoices"], (await Tables.ListAsync(Admin, Acme, new PageRequest(Search: "voic"))).Items.Select(t => t.Name));
        var mine = await Tables.ListAsync(Admin, Acme, new PageRequest(Limit: 100), ownership: OwnershipFilter.Owned);
        Assert.Equal(12, mine.Total);
        Assert.All(page.Items, t => Assert.Single(t.Columns));
    }

    [Fact]
    public async Task A_private_table_is_invisible_to_a_member_it_is_not_shared_with()
    {
        var table = await CreateAsync();
        await using (var db = Db.Context())
        {
            var row = await db.AutessaTables.SingleAsync(t => t.Id == table.Id);
            row.SharingLevel = SharingLevel.Private;
            await db.SaveChangesAsync();
        }

        await Assert.ThrowsAsync<NotFoundException>(() => Tables.GetAsync(Builder, table.Id));
        Assert.DoesNotContain((await Tables.ListAsync(Builder, Acme, new PageRequest())).Items, t => t.Id == table.Id);
        Assert.Equal(table.Id, (await Tables.GetAsync(Admin, table.Id)).Id);
    }

    // ------------------------------------------------------------ names

    [Theory]
    [InlineData("", "Table name is required.")]
    [InlineData("Orders", "lower-case letter")]
    [InlineData("1orders", "lower-case letter")]
    [InlineData("order items", "lower-case letter")]
    [InlineData("orders;drop", "lower-case letter")]
    public async Task A_table_name_is_an_identifier(string name, string message)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Tables.CreateAsync(Admin, Acme, new TableInput(name, null, [Column("x")])));
        Assert.Contains(message, Assert.Single(error.Errors["name"]));
        await AssertNoTablesAsync();
    }

    [Fact]
    public async Task A_name_of_64_characters_is_too_long_and_63_is_fine()
    {
        await Tables.CreateAsync(Admin, Acme, new TableInput("a" + new string('b', 62), null, [Column("x")]));
        var error = await Assert.ThrowsAsync<ValidationException>(() => Tables.CreateAsync(Admin, Acme, new TableInput("a" + new string('b', 63), null, [Column("x")])));
        Assert.Contains("at most 63", error.Errors["name"][0]);
    }

    [Fact]
    public async Task A_name_is_unique_in_the_organization_but_not_across_organizations()
    {
        await CreateAsync("orders");
        var taken = await Assert.ThrowsAsync<ConflictException>(() => CreateAsync("orders"));
        Assert.Contains("already exists", taken.Message);
        await Tables.CreateAsync(GlobexAdmin, Globex, new TableInput("orders", null, [Column("x")]));
        var other = await CreateAsync("invoices");
        await Assert.ThrowsAsync<ConflictException>(() => Tables.UpdateAsync(Admin, other.Id, new TableUpdate("orders")));
    }

    [Fact]
    public async Task Bad_columns_are_each_named_and_nothing_is_created()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Tables.CreateAsync(Admin, Acme, new TableInput("orders", null,
        [
            Column("id"), Column("Total"), Column("notes", "long_text", unique: true), Column("kind", "colour"), Column("tags", "multi_select"),
            Column("dup"), Column("dup"), Column("flag", "boolean") with { Searchable = true }, Column("n", "integer") with { Default = JsonValue.Create("x") },
            Column("link", "link"),
        ])));

        Assert.Contains("system column", error.Errors["columns[0].name"][0]);
        Assert.Contains("lower-case", error.Errors["columns[1].name"][0]);
        Assert.Contains("can't be unique", error.Errors["columns[2].unique"][0]);
        Assert.Contains("must be one of", error.Errors["columns[3].type"][0]);
        Assert.Contains("at least one option", error.Errors["columns[4].options"][0]);
        Assert.Contains("already exists", error.Errors["columns[6].name"][0]);
        Assert.Contains("searchable", error.Errors["columns[7].searchable"][0]);
        Assert.True(error.Errors.ContainsKey("columns[8].default"));
        Assert.Contains("needs the table it links to", error.Errors["columns[9].linkTableId"][0]);
        await AssertNoTablesAsync();
    }

    [Fact]
    public async Task A_link_column_links_to_a_table_of_the_same_organization()
    {
        var customers = await CreateAsync("customers");
        var theirs = await Tables.CreateAsync(GlobexAdmin, Globex, new TableInput("accounts", null, [Column("x")]));

        var foreign = await Assert.ThrowsAsync<ValidationException>(() =>
            CreateAsync("orders", Column("customer", "link") with { LinkTableId = theirs.Id }));
        Assert.Contains("does not exist in this organization", foreign.Errors["columns[0].linkTableId"][0]);
        var orders = await CreateAsync("orders", Column("title"), Column("customer", "link") with { LinkTableId = customers.Id });

        Assert.Equal(customers.Id, orders.Columns[1].LinkTableId);
        var notLink = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.AddColumnAsync(Admin, orders.Id, Column("other") with { LinkTableId = customers.Id }));
        Assert.Contains("Only a link column", notLink.Errors["linkTableId"][0]);
    }

    [Fact]
    public async Task More_than_200_columns_are_refused()
    {
        var columns = Enumerable.Range(0, 201).Select(i => Column($"c_{i}")).ToArray();
        var error = await Assert.ThrowsAsync<ValidationException>(() => CreateAsync("wide", columns));
        Assert.Contains("at most 200", error.Errors["columns"][0]);
        var table = await CreateAsync("wide", columns[..200]);
        var more = await Assert.ThrowsAsync<ValidationException>(() => Tables.AddColumnAsync(Admin, table.Id, Column("one_more")));
        Assert.Contains("at most 200", more.Errors["columns"][0]);
    }

    [Fact]
    public async Task A_failing_create_leaves_neither_metadata_nor_a_physical_table()
    {
        // The database refuses the DDL half-way, after the metadata is saved and the physical table made: the unique index's
        // name is already taken by an index of another table.
        var next = await NextNumberAsync();
        await ExecuteAsync("CREATE TABLE squatter (x TEXT)");
        await ExecuteAsync($"CREATE INDEX ux_adb_{next}_c1 ON squatter (x)");

        await Assert.ThrowsAnyAsync<Exception>(() => CreateAsync("orders", Column("email", unique: true)));

        await AssertNoTablesAsync();
        Assert.Empty(await PhysicalColumnsAsync(next));
        await using var db = Db.Context();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.ResourceType == "table"));
    }

    // ------------------------------------------------------------ schema changes

    [Fact]
    public async Task Columns_are_added_renamed_and_reordered_and_the_physical_column_keeps_its_key()
    {
        var table = await CreateAsync("orders", Column("title"), Column("total", "decimal"));
        var row = await InsertAsync(table, ("title", "First"), ("total", 9.5));

        table = await Tables.AddColumnAsync(Admin, table.Id, Column("paid", "boolean", indexed: true), table.ConcurrencyToken);
        table = await Tables.RenameColumnAsync(Admin, table.Id, table.Columns[0].Id, "name");
        table = await Tables.ReorderColumnsAsync(Admin, table.Id, [table.Columns[2].Id, table.Columns[0].Id, table.Columns[1].Id]);

        Assert.Equal(["paid", "name", "total"], table.Columns.Select(c => c.Name));
        Assert.Equal("First", (await CellsAsync(table, "name"))[row]);
        Assert.Equal(["id", "created_at", "updated_at", "created_by", "c1", "c2", "c3"], await PhysicalColumnsAsync(table.TableId));
        Assert.Contains($"ix_adb_{table.TableId}_c3", await IndexesAsync(table.TableId));
        Assert.Equal(["paid", "name", "total"], (await Tables.GetAsync(Guest, table.Id)).Columns.Select(c => c.Name));

        await Assert.ThrowsAsync<ValidationException>(() => Tables.RenameColumnAsync(Admin, table.Id, table.Columns[0].Id, "name"));
        await Assert.ThrowsAsync<ValidationException>(() => Tables.RenameColumnAsync(Admin, table.Id, table.Columns[0].Id, "createdAt"));
        var order = await Assert.ThrowsAsync<ValidationException>(() => Tables.ReorderColumnsAsync(Admin, table.Id, [table.Columns[0].Id]));
        Assert.Contains("every column", order.Errors["order"][0]);
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.RenameColumnAsync(Admin, table.Id, Guid.NewGuid(), "x"));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Tables.AddColumnAsync(Admin, table.Id, Column("late"), Guid.NewGuid()));
    }

    [Fact]
    public async Task A_required_column_added_to_a_table_with_rows_needs_a_default_which_the_rows_get()
    {
        var table = await CreateAsync();
        await InsertAsync(table, ("title", "a"));
        await InsertAsync(table, ("title", "b"));

        var error = await Assert.ThrowsAsync<ValidationException>(() => Tables.AddColumnAsync(Admin, table.Id, Column("qty", "integer", required: true)));
        Assert.Contains("2 rows", error.Errors["default"][0]);
        table = await Tables.AddColumnAsync(Admin, table.Id, Column("qty", "integer", required: true) with { Default = JsonValue.Create(1) });

        Assert.All((await CellsAsync(table, "qty")).Values, v => Assert.Equal(1L, v));
        Assert.Equal(1, table.Columns[1].Default!.GetValue<long>());
    }

    [Fact]
    public async Task Required_is_refused_while_cells_are_empty_saying_how_many()
    {
        var table = await CreateAsync();
        await InsertAsync(table, ("title", "a"));
        await InsertAsync(table, ("title", null));
        await InsertAsync(table, ("title", null));
        var title = table.Columns[0].Id;

        var error = await Assert.ThrowsAsync<ValidationException>(() => Tables.ChangeColumnAsync(Admin, table.Id, title, new ColumnChange(Required: true)));
        Assert.Contains("2 rows have no value in “title”", error.Errors["required"][0]);
        Assert.False((await Tables.GetAsync(Admin, table.Id)).Columns[0].Required);

        await ExecuteAsync($"UPDATE adb_{table.TableId} SET c1 = 'x' WHERE c1 IS NULL");
        Assert.True((await Tables.ChangeColumnAsync(Admin, table.Id, title, new ColumnChange(Required: true))).Columns[0].Required);
    }

    [Fact]
    public async Task Unique_is_refused_while_a_value_repeats_saying_which_and_then_gets_its_index()
    {
        var table = await CreateAsync();
        await InsertAsync(table, ("title", "same"));
        await InsertAsync(table, ("title", "same"));
        await InsertAsync(table, ("title", null));
        await InsertAsync(table, ("title", null));
        var title = table.Columns[0].Id;

        var error = await Assert.ThrowsAsync<ValidationException>(() => Tables.ChangeColumnAsync(Admin, table.Id, title, new ColumnChange(Unique: true)));
        Assert.Contains("“same” appears in 2 rows", error.Errors["unique"][0]);
        Assert.Empty(await IndexesAsync(table.TableId));

        await ExecuteAsync($"UPDATE adb_{table.TableId} SET c1 = 'other' WHERE id = 1");
        await Tables.ChangeColumnAsync(Admin, table.Id, title, new ColumnChange(Unique: true, Indexed: true));
        Assert.Equal([$"ix_adb_{table.TableId}_c1", $"ux_adb_{table.TableId}_c1"], await IndexesAsync(table.TableId));
        // Empty cells may repeat in a unique column.
        await InsertAsync(table, ("title", null));
        await Assert.ThrowsAnyAsync<Exception>(() => InsertAsync(table, ("title", "other")));

        await Tables.ChangeColumnAsync(Admin, table.Id, title, new ColumnChange(Unique: false, Indexed: false));
        Assert.Empty(await IndexesAsync(table.TableId));
    }

    [Fact]
    public async Task Index_unique_and_searchable_are_refused_for_the_types_that_cannot_have_them()
    {
        var table = await CreateAsync("docs", Column("body", "long_text"), Column("count", "integer"));

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.ChangeColumnAsync(Admin, table.Id, table.Columns[0].Id, new ColumnChange(Indexed: true, Unique: true)));
        Assert.Equal(["indexed", "unique"], error.Errors.Keys.Order());
        var searchable = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.ChangeColumnAsync(Admin, table.Id, table.Columns[1].Id, new ColumnChange(Searchable: true)));
        Assert.Contains("Only text and long text", searchable.Errors["searchable"][0]);
        Assert.True((await Tables.ChangeColumnAsync(Admin, table.Id, table.Columns[0].Id, new ColumnChange(Searchable: true))).Columns[0].Searchable);
    }

    [Fact]
    public async Task Removing_an_option_in_use_is_refused_naming_how_many_rows_use_it()
    {
        var table = await CreateAsync("tasks", Column("status", "single_select", options: ["Open", "Done", "Stale"]),
            Column("tags", "multi_select", options: ["red", "blue"]));
        await InsertAsync(table, ("status", "Done"), ("tags", "[\"red\",\"blue\"]"));
        await InsertAsync(table, ("status", "Done"), ("tags", "[\"red\"]"));
        var status = table.Columns[0].Id;

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Options: ["Open", "Closed"])));
        Assert.Equal("“Done” is used by 2 rows: change them before removing the option, or confirm that they lose it.", error.Errors["options"][0]);
        var tags = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.ChangeColumnAsync(Admin, table.Id, table.Columns[1].Id, new ColumnChange(Options: ["blue"])));
        Assert.Contains("“red” is used by 2 rows", tags.Errors["options"][0]);

        table = await Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Options: ["Open", "Done", "Closed"]));
        Assert.Equal(["Open", "Done", "Closed"], table.Columns[0].Options);
        var plain = await CreateAsync("plain");
        var notSelect = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.ChangeColumnAsync(Admin, plain.Id, plain.Columns[0].Id, new ColumnChange(Options: ["a"])));
        Assert.Contains("Only a select column", notSelect.Errors["options"][0]);
    }

    [Fact]
    public async Task A_default_is_checked_against_the_column_and_can_be_cleared()
    {
        var table = await CreateAsync("tasks", Column("status", "single_select", options: ["Open", "Done"]));
        var status = table.Columns[0].Id;

        var bad = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Default: JsonValue.Create("Maybe"))));
        Assert.True(bad.Errors.ContainsKey("default"));
        table = await Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Default: JsonValue.Create("Open")));
        Assert.Equal("Open", table.Columns[0].Default!.GetValue<string>());
        var orphaned = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Options: ["Done"])));
        Assert.Contains("not one of the new options", orphaned.Errors["default"][0]);
        table = await Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(ClearDefault: true));
        Assert.Null(table.Columns[0].Default);
    }

    [Fact]
    public async Task Every_change_is_audited_on_the_table()
    {
        var table = await CreateAsync();
        await Tables.AddColumnAsync(Admin, table.Id, Column("more"));
        await Tables.UpdateAsync(Admin, table.Id, new TableUpdate("renamed", "Now described"));

        await using var db = Db.Context();
        var trail = await db.AuditEntries.Where(a => a.ResourceId == table.Id).OrderBy(a => a.At).Select(a => new { a.Action, a.ResourceName }).ToListAsync();
        Assert.Equal(["created", "updated", "updated"], trail.Select(t => t.Action));
        Assert.Equal("renamed", trail[^1].ResourceName);
    }

    private async Task AssertNoTablesAsync()
    {
        await using var db = Db.Context();
        Assert.False(await db.AutessaTables.IgnoreQueryFilters().AnyAsync());
        Assert.False(await db.TableColumns.AnyAsync());
    }

    private async Task<int> NextNumberAsync()
    {
        await using var db = Db.Context();
        return (await db.AutessaTables.IgnoreQueryFilters().MaxAsync(t => (int?)t.Number) ?? 0) + 1;
    }
}
