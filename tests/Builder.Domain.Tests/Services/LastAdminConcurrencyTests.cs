using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Members;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Services;

/// <summary>
/// The last-admin rule under concurrency, on a real SQLite file where each call has its own connection: two admins
/// demoting (or removing) each other at the same moment must leave the organization with at least one admin.
/// </summary>
public class LastAdminConcurrencyTests : IAsyncLifetime
{
    private const int Trials = 20;
    private FileTestDatabase _db = null!;
    private MemberService _members = null!;
    private Guid _acme;
    private (Guid User, Guid Membership, Actor Actor) _alice, _rita;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        _members = new MemberService(_db, _db.Clock, _db.Actors);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _alice = await AdminAsync("admin@acme.test");
        _rita = await AdminAsync("reviewer@acme.test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<(Guid, Guid, Actor)> AdminAsync(string email)
    {
        await using var db = _db.Context();
        var membership = await db.Memberships.SingleAsync(m => m.Email == email && m.OrganizationId == _acme);
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return (user.Id, membership.Id,
            new Actor(user.Id, user.Email, user.Name, false, new Dictionary<Guid, Role> { [_acme] = Role.Admin }));
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            await ResetToTwoAdminsAsync();
            await AtOnceAsync(
                () => _members.ChangeRoleAsync(_alice.Actor, _rita.Membership, Role.User, null),
                () => _members.ChangeRoleAsync(_rita.Actor, _alice.Membership, Role.User, null));
            Assert.True(await ActiveAdminsAsync() >= 1, $"Trial {trial + 1}: the organization was left with no admin.");
        }
    }

    [Fact]
    public async Task Two_admins_removing_each_other_at_once_leave_one_admin()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            await ResetToTwoAdminsAsync();
            await AtOnceAsync(
                () => _members.RemoveAsync(_alice.Actor, _rita.Membership, null),
                () => _members.RemoveAsync(_rita.Actor, _alice.Membership, null));
            Assert.True(await ActiveAdminsAsync() >= 1, $"Trial {trial + 1}: the organization was left with no admin.");
        }
    }

    [Fact]
    public async Task One_admin_demoting_while_the_other_removes_leaves_one_admin()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            await ResetToTwoAdminsAsync();
            await AtOnceAsync(
                () => _members.ChangeRoleAsync(_alice.Actor, _rita.Membership, Role.Guest, null),
                () => _members.RemoveAsync(_rita.Actor, _alice.Membership, null));
            Assert.True(await ActiveAdminsAsync() >= 1, $"Trial {trial + 1}: the organization was left with no admin.");
        }
    }

    /// <summary>Starts both operations together. Either may be refused (last admin, or a concurrent change); nothing else may fail.</summary>
    private static async Task AtOnceAsync(Func<Task> first, Func<Task> second)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task Run(Func<Task> operation)
        {
            await start.Task;
            try { await operation(); }
            catch (ConflictException) { /* refused: the rule held */ }
            catch (ConcurrencyException) { /* refused: the other change won */ }
            catch (NotFoundException) { /* the other admin removed this one first */ }
        }
        var both = Task.WhenAll(Task.Run(() => Run(first)), Task.Run(() => Run(second)));
        start.SetResult();
        await both;
    }

    private async Task ResetToTwoAdminsAsync()
    {
        await using var db = _db.Context();
        foreach (var (user, membership, actor) in new[] { _alice, _rita })
        {
            // A removed membership sits in the trash: take it out again (and its trash item), as a restore would.
            var row = await db.Memberships.IgnoreQueryFilters().FirstOrDefaultAsync(m => m.Id == membership);
            if (row?.TrashItemId is { } trashed)
            {
                row.DeletedAt = null;
                row.TrashItemId = null;
                db.TrashItems.RemoveRange(db.TrashItems.Where(t => t.Id == trashed));
            }
            if (row is null)
            {
                row = new Membership { Id = membership, OrganizationId = _acme, Email = actor.Email, UserId = user, AcceptedAt = DateTime.UtcNow };
                row.Stamp(actor, DateTime.UtcNow);
                db.Memberships.Add(row);
            }
            row.Role = Role.Admin;
        }
        await db.SaveChangesAsync();
    }

    private async Task<int> ActiveAdminsAsync()
    {
        await using var db = _db.Context();
        return await db.Memberships.CountAsync(m => m.OrganizationId == _acme && m.Role == Role.Admin && m.UserId != null);
    }
}
