using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Members;
using Builder.Domain.Sharing;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Tests.Support;
using Builder.Domain.Users;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>
/// Every RowService operation × every kind of caller: reading needs VIEW on the table and the matrix's read permission, writing
/// EDIT and its update permission; an API key acts inside its organization; another organization's table is 404, and so is a
/// PRIVATE table the caller has no share of. A refused write changes nothing.
/// </summary>
public class RowAccessTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private RowService _rows = null!;
    private Guid _acme;
    private Actor _admin = null!;
    private AutessaTable _people = null!, _pets = null!;
    private long _person, _pet;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _rows = new RowService(_db, _db.Clock);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _admin = await _db.ActorAsync("admin@acme.test");
        _people = await RowTestTables.CreateAsync(_db, _acme, _admin.UserId, "people", new RowTestTables.Column("name", ColumnType.Text));
        _pets = await RowTestTables.CreateAsync(_db, _acme, _admin.UserId, "pets",
            new RowTestTables.Column("name", ColumnType.Text), new RowTestTables.Column("owner", ColumnType.Link, LinkTableId: _people.Id));
        _person = (await _rows.InsertAsync(_admin, _people.Number, new JsonObject { ["name"] = "Ann" })).RowId;
        _pet = (await _rows.InsertAsync(_admin, _pets.Number, new JsonObject { ["name"] = "Rex", ["owner"] = _person })).RowId;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    public static TheoryData<string> Callers => new() { "system", "admin", "user", "guest", "api-key", "other-org", "other-org-api-key" };

    private async Task<Actor> CallerAsync(string caller) => caller switch
    {
        "system" => await _db.ActorAsync("system@builder.local"),
        "admin" => _admin,
        "user" => await _db.ActorAsync("builder@acme.test"),
        "guest" => await _db.ActorAsync("guest@acme.test"),
        "api-key" => await _db.ActorAsync("admin@acme.test", _acme),
        "other-org" => await _db.ActorAsync("admin@globex.test"),
        _ => await _db.ActorAsync("admin@globex.test", await _db.OrganizationIdAsync("Globex")),
    };

    /// <summary>The eight operations, each returning when it succeeded.</summary>
    private IEnumerable<(string Name, bool Write, Func<Actor, Task> Run)> Operations(long scratch) =>
    [
        ("get", false, a => _rows.GetAsync(a, _pets.Number, _pet)),
        ("query", false, a => _rows.QueryAsync(a, _pets.Number, new RowQuery(Limit: 5))),
        ("join-query", false, a => _rows.JoinQueryAsync(a, _pets.Number, new JoinQuery(new RowQuery(), [new RowJoin("owner")]))),
        ("insert", true, a => _rows.InsertAsync(a, _pets.Number, new JsonObject { ["name"] = "new" })),
        ("update", true, a => _rows.UpdateAsync(a, _pets.Number, _pet, new JsonObject { ["name"] = "Rex II" })),
        ("batch-update", true, a => _rows.BatchUpdateAsync(a, _pets.Number, [new RowUpdate(_pet, new JsonObject { ["name"] = "Rex III" })])),
        ("delete-row", true, a => _rows.DeleteAsync(a, _pets.Number, scratch)),
        ("batch-delete", true, a => _rows.BatchDeleteAsync(a, _pets.Number, [scratch])),
    ];

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Each_operation_follows_the_matrix_and_the_organization(string caller)
    {
        var actor = await CallerAsync(caller);
        var role = actor.RoleIn(_acme);
        var canRead = role is { } r && PermissionMatrix.Allows(r, AutessaTable.Permissions.Read);
        var canWrite = role is { } w && PermissionMatrix.Allows(w, AutessaTable.Permissions.Update);
        Assert.Equal(caller is "system" or "admin" or "api-key", canWrite);
        Assert.Equal(!caller.StartsWith("other-org"), canRead);

        var scratches = new List<long>();
        for (var i = 0; i < 2; i++) scratches.Add((await _rows.InsertAsync(_admin, _pets.Number, new JsonObject { ["name"] = "scratch" })).RowId);
        foreach (var (name, write, _) in Operations(0))
        {
            var scratch = name == "batch-delete" ? scratches[1] : scratches[0];
            var before = await RowTestTables.CountAsync(_db, _pets);
            var allowed = write ? canWrite : canRead;
            var op = Operations(scratch).Single(o => o.Name == name).Run;
            if (allowed) await op(actor);
            else if (!canRead)
            {
                var error = await Assert.ThrowsAsync<NotFoundException>(() => op(actor));
                Assert.Equal("Table not found", error.Message);
            }
            else
            {
                var error = await Assert.ThrowsAsync<ForbiddenException>(() => op(actor));
                Assert.StartsWith("Forbidden", error.Message);
            }
            if (!allowed) Assert.Equal(before, await RowTestTables.CountAsync(_db, _pets));
        }
        var pet = await _rows.GetAsync(_admin, _pets.Number, _pet);
        Assert.Equal(canWrite ? "Rex III" : "Rex", pet.Data["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_private_table_is_404_to_a_member_without_a_share_and_a_view_share_reads_but_cannot_write()
    {
        var user = await _db.ActorAsync("builder@acme.test");
        await RowTestTables.ShareAsync(_db, _pets, SharingLevel.Private);
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.GetAsync(user, _pets.Number, _pet));
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.QueryAsync(user, _pets.Number, new RowQuery()));

        await RowTestTables.ShareAsync(_db, _pets, SharingLevel.Private, user.UserId, AccessLevel.View);
        Assert.Equal("Rex", (await _rows.GetAsync(user, _pets.Number, _pet)).Data["name"]!.GetValue<string>());
        await Assert.ThrowsAsync<ForbiddenException>(() => _rows.InsertAsync(user, _pets.Number, new JsonObject { ["name"] = "x" }));
        // A Guest without a share does not see it at all.
        var guest = await _db.ActorAsync("guest@acme.test");
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.GetAsync(guest, _pets.Number, _pet));
    }

    [Fact]
    public async Task A_join_needs_read_access_to_the_linked_table_too()
    {
        var user = await _db.ActorAsync("builder@acme.test");
        await RowTestTables.ShareAsync(_db, _people, SharingLevel.Private);
        await _rows.QueryAsync(user, _pets.Number, new RowQuery());
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.JoinQueryAsync(user, _pets.Number, new JoinQuery(new RowQuery(), [new RowJoin("owner")])));
    }

    [Fact]
    public async Task A_row_id_that_is_not_there_is_404_for_every_row_operation()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.GetAsync(_admin, _pets.Number, 424242));
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.UpdateAsync(_admin, _pets.Number, 424242, new JsonObject { ["name"] = "x" }));
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.BatchUpdateAsync(_admin, _pets.Number, [new RowUpdate(424242, new JsonObject())]));
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.DeleteAsync(_admin, _pets.Number, 424242));
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.BatchDeleteAsync(_admin, _pets.Number, [424242]));
        // A row id of another table is no row of this one.
        var other = (await _rows.InsertAsync(_admin, _people.Number, new JsonObject { ["name"] = "x" })).RowId;
        await _rows.InsertAsync(_admin, _people.Number, new JsonObject { ["name"] = "y" });
        await Assert.ThrowsAsync<NotFoundException>(() => _rows.GetAsync(_admin, _pets.Number, other + 100));
    }
}
