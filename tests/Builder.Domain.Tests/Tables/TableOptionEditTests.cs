using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;

namespace Builder.Domain.Tests.Tables;

/// <summary>
/// A select column's options and default after creation: renaming an option renames the cells and the default, removing one
/// that rows use is refused (saying how many) unless confirmed, and then empties those cells, never silently and never in a
/// required column; who may do it and how many rows use each option.
/// </summary>
public class TableOptionEditTests : TableTestContext
{
    private async Task<(TableView Table, Guid Status, Guid Tags)> TasksAsync(bool required = false, bool unique = false)
    {
        var table = await CreateAsync("tasks", Column("status", "single_select", required: required, unique: unique, options: ["Open", "Done", "Stale"]),
            Column("tags", "multi_select", options: ["red", "blue", "green"]));
        return (table, table.Columns[0].Id, table.Columns[1].Id);
    }

    [Fact]
    public async Task Renaming_an_option_renames_the_cells_that_hold_it_and_the_default()
    {
        var (table, status, tags) = await TasksAsync();
        var first = await InsertAsync(table, ("status", "Done"), ("tags", "[\"red\",\"blue\"]"));
        var second = await InsertAsync(table, ("status", "Open"), ("tags", "[\"blue\"]"));
        await Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Default: JsonValue.Create("Done")));

        table = await Tables.ChangeColumnAsync(Admin, table.Id, status,
            new ColumnChange(Options: ["Open", "Finished", "Stale"], RenameOptions: new Dictionary<string, string> { ["Done"] = "Finished" }));
        table = await Tables.ChangeColumnAsync(Admin, table.Id, tags, new ColumnChange(RenameOptions: new Dictionary<string, string> { ["blue"] = "navy" }));

        Assert.Equal(["Open", "Finished", "Stale"], table.Columns[0].Options);
        Assert.Equal("Finished", table.Columns[0].Default!.GetValue<string>());
        Assert.Equal(["red", "navy", "green"], table.Columns[1].Options);
        var statuses = await CellsAsync(table, "status");
        Assert.Equal(("Finished", "Open"), (statuses[first], statuses[second]));
        var tagCells = await CellsAsync(table, "tags");
        Assert.Equal(["red", "navy"], JsonNode.Parse((string)tagCells[first]!)!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["navy"], JsonNode.Parse((string)tagCells[second]!)!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Removing_an_option_in_use_says_how_many_rows_use_it_and_changes_nothing_until_confirmed()
    {
        var (table, status, tags) = await TasksAsync();
        var first = await InsertAsync(table, ("status", "Done"), ("tags", "[\"red\",\"blue\"]"));
        var second = await InsertAsync(table, ("status", "Done"), ("tags", "[\"red\"]"));
        var third = await InsertAsync(table, ("status", "Open"));

        var refused = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Options: ["Open", "Stale"])));
        Assert.Equal("“Done” is used by 2 rows: change them before removing the option, or confirm that they lose it.", refused.Errors["options"][0]);
        Assert.Equal(["Open", "Done", "Stale"], (await Tables.GetAsync(Admin, table.Id)).Columns[0].Options);
        Assert.Equal("Done", (await CellsAsync(table, "status"))[first]);

        table = await Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Options: ["Open", "Stale"], EmptyRemovedOptions: true));
        table = await Tables.ChangeColumnAsync(Admin, table.Id, tags, new ColumnChange(Options: ["blue", "green"], EmptyRemovedOptions: true));

        Assert.Equal(["Open", "Stale"], table.Columns[0].Options);
        var statuses = await CellsAsync(table, "status");
        Assert.Equal(new object?[] { null, null, "Open" }, new[] { statuses[first], statuses[second], statuses[third] });
        var tagCells = await CellsAsync(table, "tags");
        Assert.Equal("[\"blue\"]", tagCells[first]);
        Assert.Null(tagCells[second]); // its only option went: empty, not []
    }

    [Fact]
    public async Task Removing_an_unused_option_needs_no_confirmation()
    {
        var (table, status, _) = await TasksAsync();
        await InsertAsync(table, ("status", "Done"));

        table = await Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Options: ["Open", "Done"]));

        Assert.Equal(["Open", "Done"], table.Columns[0].Options);
    }

    [Fact]
    public async Task A_required_column_never_gets_empty_cells_from_a_removal()
    {
        var (table, status, _) = await TasksAsync(required: true);
        var row = await InsertAsync(table, ("status", "Done"));

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Options: ["Open"], EmptyRemovedOptions: true)));

        Assert.Contains("is required, and 1 row would be left empty", error.Errors["options"][0]);
        Assert.Equal("Done", (await CellsAsync(table, "status"))[row]);
    }

    [Fact]
    public async Task Two_options_of_a_unique_column_swap_names()
    {
        var (table, status, _) = await TasksAsync(unique: true);
        var open = await InsertAsync(table, ("status", "Open"));
        var done = await InsertAsync(table, ("status", "Done"));

        table = await Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Options: ["Done", "Open", "Stale"],
            RenameOptions: new Dictionary<string, string> { ["Open"] = "Done", ["Done"] = "Open" }));

        var cells = await CellsAsync(table, "status");
        Assert.Equal(("Done", "Open"), ((string?)cells[open], (string?)cells[done]));
    }

    [Fact]
    public async Task A_rename_must_name_an_option_and_a_free_new_name()
    {
        var (table, status, _) = await TasksAsync();

        async Task<string> Refused(IReadOnlyList<string>? options, Dictionary<string, string> renames) =>
            (await Assert.ThrowsAsync<ValidationException>(() =>
                Tables.ChangeColumnAsync(Admin, table.Id, status, new ColumnChange(Options: options, RenameOptions: renames)))).Errors["renameOptions"][0];

        Assert.Contains("is not an option of “status”", await Refused(["Open", "Done", "Stale", "New"], new() { ["Nope"] = "New" }));
        Assert.Contains("which is not among the new options", await Refused(["Open", "Done", "Stale"], new() { ["Done"] = "Closed" }));
        Assert.Contains("is already an option", await Refused(["Open", "Stale"], new() { ["Done"] = "Open" }));
        var notSelect = await CreateAsync("plain");
        var error = await Assert.ThrowsAsync<ValidationException>(() => Tables.ChangeColumnAsync(Admin, notSelect.Id, notSelect.Columns[0].Id,
            new ColumnChange(RenameOptions: new Dictionary<string, string> { ["a"] = "b" })));
        Assert.Contains("Only a select column", error.Errors["options"][0]);
    }

    [Fact]
    public async Task Only_those_who_change_the_table_edit_options_and_everyone_reading_it_sees_their_use()
    {
        var (table, status, tags) = await TasksAsync();
        await InsertAsync(table, ("status", "Done"), ("tags", "[\"red\",\"blue\"]"));
        await InsertAsync(table, ("status", "Done"), ("tags", "[\"red\"]"));
        var rename = new ColumnChange(RenameOptions: new Dictionary<string, string> { ["Done"] = "Closed" });

        await Assert.ThrowsAsync<ForbiddenException>(() => Tables.ChangeColumnAsync(Builder, table.Id, status, rename));
        await Assert.ThrowsAsync<ForbiddenException>(() => Tables.ChangeColumnAsync(Guest, table.Id, status, rename));
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.ChangeColumnAsync(GlobexAdmin, table.Id, status, rename));
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.OptionUsageAsync(GlobexAdmin, table.Id, status));
        Assert.Equal("Done", (await CellsAsync(table, "status")).Values.First());

        Assert.Equal([new OptionUse("Open", 0), new OptionUse("Done", 2), new OptionUse("Stale", 0)], await Tables.OptionUsageAsync(Guest, table.Id, status));
        Assert.Equal([new OptionUse("red", 2), new OptionUse("blue", 1), new OptionUse("green", 0)], await Tables.OptionUsageAsync(Builder, table.Id, tags));
        var plain = await CreateAsync("plain");
        await Assert.ThrowsAsync<ValidationException>(() => Tables.OptionUsageAsync(Admin, plain.Id, plain.Columns[0].Id));

        table = await Tables.ChangeColumnAsync(System, table.Id, status, rename);
        Assert.Equal(["Open", "Closed", "Stale"], table.Columns[0].Options);
    }
}
