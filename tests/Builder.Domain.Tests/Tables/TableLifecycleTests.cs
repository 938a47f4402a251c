using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Organizations;
using Builder.Domain.Tables;
using Builder.Domain.Trash;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Tables;

/// <summary>
/// The destructive operations of a table go through a reviewer: dropping a column (request, approval, column and cells gone)
/// and deleting the table (to the trash with its physical table, so a restore brings the rows back; the purge drops it).
/// </summary>
public class TableLifecycleTests : TableTestContext
{
    private ApprovalService Approvals => Get<ApprovalService>();
    private TrashService Trash => Get<TrashService>();

    [Fact]
    public async Task Dropping_a_column_is_requested_described_with_its_cells_approved_by_a_reviewer_and_then_gone()
    {
        var table = await CreateAsync("orders", Column("title"), Column("note", indexed: true), Column("total", "decimal"));
        await InsertAsync(table, ("title", "a"), ("note", "keep?"), ("total", 1.5));
        await InsertAsync(table, ("title", "b"), ("note", "also"));
        await InsertAsync(table, ("title", "c"));
        var note = table.Columns[1].Id;

        var target = await Approvals.DescribeAsync(Admin, ApprovalOperations.Delete, ResourceTypes.TableColumn, note, null);
        Assert.Equal(("orders.note", Acme), (target.Name, target.OrganizationId!.Value));
        Assert.Contains("The column “note” (text) of the table “orders” with its 2 non-empty cells", Assert.Single(target.Consequences));

        var request = await Approvals.RequestAsync(Admin, ApprovalOperations.Delete, ResourceTypes.TableColumn, note, "Nobody reads the notes", null);
        Assert.Equal(ApprovalStatus.Pending, request.Status);
        Assert.Equal("Delete table column “orders.note”", request.Title);
        Assert.Equal(["title", "note", "total"], (await Tables.GetAsync(Admin, table.Id)).Columns.Select(c => c.Name));

        var decided = await Approvals.ApproveAsync(Reviewer, request.Id, "Fine");

        Assert.Equal(ApprovalStatus.Executed, decided.Status);
        var now = await Tables.GetAsync(Admin, table.Id);
        Assert.Equal(["title", "total"], now.Columns.Select(c => c.Name));
        Assert.Equal([0, 1], now.Columns.Select(c => c.Position));
        Assert.Equal(["id", "created_at", "updated_at", "created_by", "c1", "c3"], await PhysicalColumnsAsync(table.TableId));
        Assert.Empty(await IndexesAsync(table.TableId));
        Assert.Equal(1.5, (await CellsAsync(now, "total"))[1]);
        await using var db = Db.Context();
        Assert.Contains(await db.AuditEntries.Where(a => a.ResourceId == table.Id).Select(a => a.Action).ToListAsync(), a => a == AuditActions.Updated);
    }

    [Fact]
    public async Task Dropping_a_column_is_for_people_with_the_delete_permission_in_the_tables_organization()
    {
        var table = await CreateAsync();
        var column = table.Columns[0].Id;

        await Assert.ThrowsAsync<HumanOversightRequiredException>(() =>
            Approvals.RequestAsync(ApiKey, ApprovalOperations.Delete, ResourceTypes.TableColumn, column, "Cleanup", null));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Approvals.RequestAsync(Builder, ApprovalOperations.Delete, ResourceTypes.TableColumn, column, "Cleanup", null));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Approvals.RequestAsync(Guest, ApprovalOperations.Delete, ResourceTypes.TableColumn, column, "Cleanup", null));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            Approvals.RequestAsync(GlobexAdmin, ApprovalOperations.Delete, ResourceTypes.TableColumn, column, "Cleanup", null));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            Approvals.RequestAsync(Admin, ApprovalOperations.Delete, ResourceTypes.TableColumn, Guid.NewGuid(), "Cleanup", null));
        await using var db = Db.Context();
        Assert.False(await db.ApprovalRequests.AnyAsync());
    }

    [Fact]
    public async Task A_request_to_drop_a_column_of_a_private_table_is_as_private_as_the_table()
    {
        var table = await CreateAsync();
        await using (var db = Db.Context())
        {
            var row = await db.AutessaTables.SingleAsync(t => t.Id == table.Id);
            row.SharingLevel = Domain.Sharing.SharingLevel.Private;
            await db.SaveChangesAsync();
        }
        await Approvals.RequestAsync(Admin, ApprovalOperations.Delete, ResourceTypes.TableColumn, table.Columns[0].Id, "Unused", null);

        Assert.Single((await Approvals.ListAsync(Admin, Acme, new ApprovalQuery(), new PageRequest())).Items);
        Assert.Empty((await Approvals.ListAsync(Guest, Acme, new ApprovalQuery(), new PageRequest())).Items);
    }

    [Fact]
    public void A_table_is_shared_and_handed_over_through_approval_like_every_owned_resource()
    {
        var operations = Get<IEnumerable<IHumanOnlyOperation>>().Where(o => o.ResourceType == ResourceTypes.Table).Select(o => o.Operation).Order();

        Assert.Equal([ApprovalOperations.Delete, ApprovalOperations.Share, ApprovalOperations.TransferOwnership], operations);
        new ApprovalPolicy(1, [new ApprovalOverride(ApprovalOperations.Share, ResourceTypes.Table, null, 2),
            new ApprovalOverride(ApprovalOperations.Delete, ResourceTypes.TableColumn, "orders.email", 2)]).Validate(false);
    }

    [Fact]
    public async Task A_column_drop_approved_after_its_cells_changed_does_not_run()
    {
        var table = await CreateAsync();
        var column = table.Columns[0].Id;
        var request = await Approvals.RequestAsync(Admin, ApprovalOperations.Delete, ResourceTypes.TableColumn, column, "Unused", null);
        await InsertAsync(table, ("title", "written after the request"));

        var decided = await Approvals.ApproveAsync(Reviewer, request.Id, null);

        Assert.Equal(ApprovalStatus.Failed, decided.Status);
        Assert.Single((await Tables.GetAsync(Admin, table.Id)).Columns);
        Assert.Contains("c1", await PhysicalColumnsAsync(table.TableId));
    }

    [Fact]
    public async Task A_deleted_table_waits_in_the_trash_with_its_rows_comes_back_with_them_and_the_purge_drops_its_physical_table()
    {
        var table = await CreateAsync("orders", Column("title"));
        await InsertAsync(table, ("title", "kept while trashed"));
        var target = await Approvals.DescribeAsync(Admin, ApprovalOperations.Delete, ResourceTypes.Table, table.Id, null);
        Assert.Contains("The table “orders” with 1 column and 1 row", Assert.Single(target.Consequences));

        var request = await Approvals.RequestAsync(Admin, ApprovalOperations.Delete, ResourceTypes.Table, table.Id, "Replaced", null);
        Assert.Equal(ApprovalStatus.Executed, (await Approvals.ApproveAsync(Reviewer, request.Id, null)).Status);

        await Assert.ThrowsAsync<NotFoundException>(() => Tables.GetAsync(Admin, table.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Tables.GetByNumberAsync(Admin, Acme, table.TableId));
        Assert.DoesNotContain((await Tables.ListAsync(Admin, Acme, new PageRequest())).Items, t => t.Id == table.Id);
        Assert.NotEmpty(await PhysicalColumnsAsync(table.TableId));
        var item = Assert.Single((await Trash.ListAsync(Admin, Acme, new PageRequest())).Items);
        Assert.Equal((ResourceTypes.Table, "orders", "Table"), (item.ResourceType, item.Name, item.ResourceTypeName));

        await Trash.RestoreAsync(Admin, item.Id, null);

        var back = await Tables.GetAsync(Admin, table.Id);
        Assert.Equal(["title"], back.Columns.Select(c => c.Name));
        Assert.Equal("kept while trashed", (await CellsAsync(back, "title"))[1]);

        var again = await Approvals.RequestAsync(Admin, ApprovalOperations.Delete, ResourceTypes.Table, table.Id, "Really replaced", null);
        await Approvals.ApproveAsync(Reviewer, again.Id, null);
        var trashed = Assert.Single((await Trash.ListAsync(Admin, Acme, new PageRequest())).Items);
        await Trash.PurgeAsync(Admin, trashed.Id);

        Assert.Empty(await PhysicalColumnsAsync(table.TableId));
        await using var db = Db.Context();
        Assert.False(await db.AutessaTables.IgnoreQueryFilters().AnyAsync(t => t.Id == table.Id));
        Assert.False(await db.TableColumns.AnyAsync(c => c.TableId == table.Id));
        Assert.Equal(["created", "deleted", "restored", "deleted", "purged"],
            await db.AuditEntries.Where(a => a.ResourceId == table.Id).OrderBy(a => a.At).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task A_trashed_tables_name_is_free_and_its_restore_asks_for_a_new_valid_one()
    {
        var table = await CreateAsync("orders");
        await Get<TableService>().DeleteAsync(Admin, table.Id, null);
        await CreateAsync("orders");
        var item = Assert.Single((await Trash.ListAsync(Admin, Acme, new PageRequest())).Items);

        await Assert.ThrowsAsync<NameTakenException>(() => Trash.RestoreAsync(Admin, item.Id, null));
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => Trash.RestoreAsync(Admin, item.Id, "Old Orders"));
        Assert.Contains("lower-case", invalid.Errors["name"][0]);
        await Trash.RestoreAsync(Admin, item.Id, "old_orders");

        Assert.Equal("old_orders", (await Tables.GetAsync(Admin, table.Id)).Name);
    }

    [Fact]
    public async Task Deleting_a_table_is_for_people_only()
    {
        var table = await CreateAsync();

        await Assert.ThrowsAsync<HumanOversightRequiredException>(() =>
            Approvals.RequestAsync(ApiKey, ApprovalOperations.Delete, ResourceTypes.Table, table.Id, "Cleanup", null));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            Approvals.RequestAsync(Builder, ApprovalOperations.Delete, ResourceTypes.Table, table.Id, "Cleanup", null));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            Approvals.RequestAsync(GlobexAdmin, ApprovalOperations.Delete, ResourceTypes.Table, table.Id, "Cleanup", null));
    }

    [Fact]
    public async Task Purging_an_organization_drops_the_physical_tables_of_its_tables()
    {
        var table = await Tables.CreateAsync(GlobexAdmin, Globex, new TableInput("leads", null, [Column("email")]));
        await Get<OrganizationService>().DeleteAsync(System, Globex, null);
        Assert.NotEmpty(await PhysicalColumnsAsync(table.TableId));
        var item = Assert.Single((await Trash.ListAsync(System, null, new PageRequest())).Items, i => i.ResourceId == Globex);

        await Trash.PurgeAsync(System, item.Id);

        Assert.Empty(await PhysicalColumnsAsync(table.TableId));
        await using var db = Db.Context();
        Assert.False(await db.AutessaTables.IgnoreQueryFilters().AnyAsync(t => t.Id == table.Id));
    }
}
