using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Tables;

namespace Builder.Domain.Tests.Tables.Hostile;

/// <summary>
/// A hostile caller against the schema service on real SQLite: names and type names that would be SQL, links and file keys of
/// another organization (at creation, by adding a column, by a type change, as a default), and concurrent schema changes.
/// </summary>
public class HostileSchemaTests : TableTestContext
{
    private static JsonObject FileJson(string key) => new() { ["key"] = key, ["name"] = "payroll.pdf", ["size"] = 10, ["contentType"] = "application/pdf" };

    [Theory]
    [InlineData("orders\"; DROP TABLE adb_1; --")]
    [InlineData("adb_1")]
    [InlineData("c1")]
    [InlineData("Orders")]
    [InlineData("o rders")]
    [InlineData("ordérs")]
    public async Task A_table_name_that_is_not_an_identifier_or_is_sql_changes_nothing(string name)
    {
        var error = await Record.ExceptionAsync(() => Tables.CreateAsync(Admin, Acme, new TableInput(name, null, [Column("title")])));
        if (name is "adb_1" or "c1")
        {
            // Identifiers a person may type: they never become SQL (the physical name is adb_{Number}).
            Assert.Null(error);
            return;
        }
        Assert.IsType<ValidationException>(error);
        Assert.Empty((await Tables.ListAsync(Admin, Acme, new PageRequest())).Items);
    }

    [Theory]
    [InlineData("title\" TEXT); DROP TABLE adb_1; --", "text")]
    [InlineData("id", "text")]
    [InlineData("createdBy", "text")]
    [InlineData("title", "text); DROP TABLE adb_1; --")]
    [InlineData("title", "TEXT")]
    [InlineData("title", "varchar(10)")]
    public async Task Column_names_and_type_names_that_would_be_sql_are_refused(string column, string type)
    {
        var table = await CreateAsync("orders", Column("name"));
        var before = await PhysicalColumnsAsync(table.TableId);
        await Assert.ThrowsAsync<ValidationException>(() => Tables.CreateAsync(Admin, Acme, new TableInput("other", null, [new ColumnInput(column, type)])));
        await Assert.ThrowsAsync<ValidationException>(() => Tables.AddColumnAsync(Admin, table.Id, new ColumnInput(column, type)));
        await Assert.ThrowsAsync<ValidationException>(() => Tables.ChangeTypeAsync(Admin, table.Id, table.Columns[0].Id, new TypeChange(type), true));
        Assert.Equal(before, await PhysicalColumnsAsync(table.TableId));
    }

    [Fact]
    public async Task A_link_to_another_organizations_table_is_refused_at_creation_by_adding_and_by_a_type_change()
    {
        var theirs = await Tables.CreateAsync(GlobexAdmin, Globex, new TableInput("payroll", null, [Column("salary", "integer")]));
        var create = await Assert.ThrowsAsync<ValidationException>(() => Tables.CreateAsync(Admin, Acme,
            new TableInput("orders", null, [new ColumnInput("boss", "link", LinkTableId: theirs.Id)])));
        Assert.DoesNotContain("payroll", create.Details);
        var table = await CreateAsync("orders", Column("title"), Column("ref", "integer"));
        await Assert.ThrowsAsync<ValidationException>(() => Tables.AddColumnAsync(Admin, table.Id, new ColumnInput("boss", "link", LinkTableId: theirs.Id)));
        var refColumn = table.Columns.Single(c => c.Name == "ref").Id;
        await Assert.ThrowsAsync<ValidationException>(() => Tables.PreviewTypeChangeAsync(Admin, table.Id, refColumn, new TypeChange("link", LinkTableId: theirs.Id)));
        await Assert.ThrowsAsync<ValidationException>(() => Tables.ChangeTypeAsync(Admin, table.Id, refColumn, new TypeChange("link", LinkTableId: theirs.Id), true));
        Assert.Equal(["integer", "text"], (await Tables.GetAsync(Admin, table.Id)).Columns.Select(c => c.Type).Order());
        // Their table by id or number: not found.
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.GetAsync(Admin, theirs.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.GetByNumberAsync(Admin, Acme, theirs.TableId));
        await Assert.ThrowsAnyAsync<DomainException>(() => Tables.GetByNumberAsync(Admin, Globex, theirs.TableId));
    }

    [Fact]
    public async Task A_file_default_naming_another_organizations_file_is_refused()
    {
        var foreign = BlobKey.New(Globex).ToString();
        var create = await Assert.ThrowsAsync<ValidationException>(() => Tables.CreateAsync(Admin, Acme,
            new TableInput("docs", null, [new ColumnInput("doc", "file", Default: FileJson(foreign))])));
        Assert.Contains("columns[0].default", create.Errors.Keys);
        var table = await CreateAsync("orders", Column("title"));
        await InsertAsync(table, ("title", "a"));
        await Assert.ThrowsAsync<ValidationException>(() => Tables.AddColumnAsync(Admin, table.Id, new ColumnInput("doc", "file", Default: FileJson(foreign))));
        await Assert.ThrowsAsync<ValidationException>(() => Tables.AddColumnAsync(Admin, table.Id, new ColumnInput("doc", "file", Default: FileJson("../../secrets"))));
        var added = await Tables.AddColumnAsync(Admin, table.Id, new ColumnInput("doc", "file"));
        await Assert.ThrowsAsync<ValidationException>(() => Tables.ChangeColumnAsync(Admin, table.Id, added.Columns.Single(c => c.Name == "doc").Id,
            new ColumnChange(Default: FileJson(foreign))));
        var own = await Tables.AddColumnAsync(Admin, table.Id, new ColumnInput("doc2", "file", Default: FileJson(BlobKey.New(Acme).ToString())));
        Assert.NotNull(own.Columns.Single(c => c.Name == "doc2").Default);
    }

    [Fact]
    public async Task A_type_change_to_file_does_not_turn_another_organizations_key_into_a_file_cell()
    {
        var table = await CreateAsync("orders", Column("meta", "json"));
        var foreign = BlobKey.New(Globex).ToString();
        var own = BlobKey.New(Acme).ToString();
        await InsertAsync(table, ("meta", FileJson(foreign).ToJsonString()));
        await InsertAsync(table, ("meta", FileJson(own).ToJsonString()));
        var meta = table.Columns[0].Id;

        var preview = await Tables.PreviewTypeChangeAsync(Admin, table.Id, meta, new TypeChange("file"));
        Assert.Equal(1, preview.Unconvertible);
        await Assert.ThrowsAsync<ValidationException>(() => Tables.ChangeTypeAsync(Admin, table.Id, meta, new TypeChange("file"), false));
        await Tables.ChangeTypeAsync(Admin, table.Id, meta, new TypeChange("file"), true);
        var cells = (await CellsAsync(table, "meta")).Values.ToList();
        Assert.Null(cells[0]);
        Assert.Contains(own, (string)cells[1]!);
    }

    [Fact]
    public async Task Two_creates_of_one_name_at_once_make_one_table()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Record.ExceptionAsync(() =>
            Tables.CreateAsync(Admin, Acme, new TableInput("orders", null, [Column("title")]))))));
        Assert.Single(attempts, e => e is null);
        Assert.All(attempts.Where(e => e is not null), e => Assert.IsAssignableFrom<DomainException>(e));
        Assert.Single((await Tables.ListAsync(Admin, Acme, new PageRequest())).Items);
    }

    [Fact]
    public async Task Two_type_changes_of_one_column_at_once_leave_one_consistent_column()
    {
        var table = await CreateAsync("orders", Column("n"));
        for (var i = 0; i < 50; i++) await InsertAsync(table, ("n", i.ToString()));
        var column = table.Columns[0].Id;
        var attempts = await Task.WhenAll(
            Task.Run(() => Record.ExceptionAsync(() => Tables.ChangeTypeAsync(Admin, table.Id, column, new TypeChange("integer"), false))),
            Task.Run(() => Record.ExceptionAsync(() => Tables.ChangeTypeAsync(Admin, table.Id, column, new TypeChange("decimal"), false))));
        Assert.Contains(attempts, e => e is null);
        Assert.All(attempts.Where(e => e is not null), e => Assert.IsAssignableFrom<DomainException>(e));

        var after = await Tables.GetAsync(Admin, table.Id);
        var key = (await KeysAsync(table.Id))["n"];
        var physical = await PhysicalColumnsAsync(table.TableId);
        Assert.Contains($"c{key}", physical);
        Assert.Equal(5, physical.Count); // id, created_at, updated_at, created_by and the one column
        Assert.Equal(50, (await CellsAsync(table, "n")).Values.Count(v => v is not null));
        Assert.Contains(after.Columns[0].Type, new[] { "integer", "decimal" });
    }
}

public class HostileSchemaRaceTests : TableTestContext
{
    [Fact]
    public async Task Inserts_racing_a_type_change_either_land_or_get_a_clear_conflict()
    {
        var table = await CreateAsync("orders", Column("n"), Column("title"));
        for (var i = 0; i < 200; i++) await InsertAsync(table, ("n", i.ToString()));
        var rows = Get<Builder.Domain.Tables.Rows.RowService>();
        var change = Task.Run(() => Tables.ChangeTypeAsync(Admin, table.Id, table.Columns[0].Id, new TypeChange("long_text"), false));
        var inserts = Enumerable.Range(0, 20).Select(i => Task.Run(() => Record.ExceptionAsync(() =>
            rows.InsertAsync(Admin, table.TableId, new System.Text.Json.Nodes.JsonObject { ["n"] = $"x{i}", ["title"] = "t" })))).ToList();
        await change;
        var errors = (await Task.WhenAll(inserts)).Where(e => e is not null).ToList();
        Assert.All(errors, e => Assert.IsAssignableFrom<Builder.Domain.Common.DomainException>(e));
        Assert.All(errors, e => Assert.DoesNotContain("c1", e!.Message));
        Assert.Equal(200 + 20 - errors.Count, (await CellsAsync(table, "n")).Count);
    }
}
