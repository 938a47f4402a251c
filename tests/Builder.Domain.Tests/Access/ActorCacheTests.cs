using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Members;
using Builder.Domain.Organizations;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Access;

/// <summary>
/// The actor is read once and then served from <see cref="ActorCache"/>, and every membership or role change evicts it,
/// so no request acts on a stale permission.
/// </summary>
public class ActorCacheTests : IAsyncLifetime
{
    private FileTestDatabase _db = null!;
    private MemberService _members = null!;
    private Guid _acme;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        _members = new MemberService(_db, _db.Clock, _db.Actors);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<Membership> MembershipAsync(string email)
    {
        await using var db = _db.Context();
        return await db.Memberships.AsNoTracking().SingleAsync(m => m.Email == email && m.OrganizationId == _acme);
    }

    [Fact]
    public async Task A_repeated_build_sends_no_statement()
    {
        var userId = await _db.UserIdAsync("builder@acme.test");
        var before = _db.Statements.Count;
        var first = await _db.Accounts.BuildActorAsync(userId);
        Assert.True(_db.Statements.Count > before, "The first build reads the database.");

        var read = _db.Statements.Count;
        var again = await _db.Accounts.BuildActorAsync(userId);
        var asKey = await _db.Accounts.BuildActorAsync(userId, _acme);
        Assert.Equal(read, _db.Statements.Count);
        Assert.Equal(Role.User, again!.RoleIn(_acme));
        Assert.Equal(first!.Memberships, again.Memberships);
        Assert.Equal(_acme, asKey!.ApiKeyOrganizationId);
        Assert.Null(again.ApiKeyOrganizationId);
    }

    [Fact]
    public async Task A_demotion_is_seen_by_the_next_build()
    {
        var admin = await _db.Accounts.BuildActorAsync(await _db.UserIdAsync("admin@acme.test"));
        var reviewerId = await _db.UserIdAsync("reviewer@acme.test");
        Assert.Equal(Role.Admin, (await _db.Accounts.BuildActorAsync(reviewerId))!.RoleIn(_acme));
        Assert.Equal(Role.Admin, (await _db.Accounts.BuildActorAsync(reviewerId, _acme))!.RoleIn(_acme));

        var reviewer = await MembershipAsync("reviewer@acme.test");
        await _members.ChangeRoleAsync(admin!, reviewer.Id, Role.Guest, reviewer.Version);

        Assert.Equal(Role.Guest, (await _db.Accounts.BuildActorAsync(reviewerId))!.RoleIn(_acme));
        Assert.Equal(Role.Guest, (await _db.Accounts.BuildActorAsync(reviewerId, _acme))!.RoleIn(_acme));
    }

    [Fact]
    public async Task Removing_a_member_is_seen_by_the_next_build()
    {
        var admin = await _db.Accounts.BuildActorAsync(await _db.UserIdAsync("admin@acme.test"));
        var guestId = await _db.UserIdAsync("guest@acme.test");
        Assert.Equal(Role.Guest, (await _db.Accounts.BuildActorAsync(guestId))!.RoleIn(_acme));

        var guest = await MembershipAsync("guest@acme.test");
        await _members.RemoveAsync(admin!, guest.Id, guest.Version);

        Assert.Null((await _db.Accounts.BuildActorAsync(guestId))!.RoleIn(_acme));
    }

    [Fact]
    public async Task Adding_an_existing_user_and_accepting_an_invitation_are_seen_by_the_next_build()
    {
        var globex = await _db.OrganizationIdAsync("Globex");
        var globexAdmin = await _db.Accounts.BuildActorAsync(await _db.UserIdAsync("admin@globex.test"));
        var guestId = await _db.UserIdAsync("guest@acme.test");
        Assert.Null((await _db.Accounts.BuildActorAsync(guestId))!.RoleIn(globex));
        await _members.InviteAsync(globexAdmin!, globex, new InviteInput("guest@acme.test", Role.User));
        Assert.Equal(Role.User, (await _db.Accounts.BuildActorAsync(guestId))!.RoleIn(globex));

        // An invitation for an address no user has is accepted when that person signs in: their cached actor is replaced.
        await _members.InviteAsync(globexAdmin!, globex, new InviteInput("bob@builder.test", Role.Guest));
        await using (var db = _db.Context())
        {
            var builder = await db.Users.SingleAsync(u => u.Email == "builder@acme.test");
            builder.Email = "bob@builder.test";
            await db.SaveChangesAsync();
        }
        var builderId = await _db.UserIdAsync("bob@builder.test");
        Assert.Null((await _db.Accounts.BuildActorAsync(builderId))!.RoleIn(globex));
        await _db.Accounts.FindByEmailAsync("bob@builder.test");
        Assert.Equal(Role.Guest, (await _db.Accounts.BuildActorAsync(builderId))!.RoleIn(globex));
    }

    [Fact]
    public async Task Deleting_an_organization_is_seen_by_every_members_next_build()
    {
        var system = await _db.Accounts.BuildActorAsync(await _db.UserIdAsync("system@builder.local"));
        var organizations = new OrganizationService(_db, _db.Clock, _db.Actors);
        var globex = await _db.OrganizationIdAsync("Globex");
        var globexAdminId = await _db.UserIdAsync("admin@globex.test");
        Assert.Equal(Role.Admin, (await _db.Accounts.BuildActorAsync(globexAdminId))!.RoleIn(globex));

        await organizations.DeleteAsync(system!, globex, null);

        Assert.Null((await _db.Accounts.BuildActorAsync(globexAdminId))!.RoleIn(globex));
    }

    [Fact]
    public async Task An_unknown_user_has_no_actor_and_is_not_remembered()
    {
        Assert.Null(await _db.Accounts.BuildActorAsync(Guid.NewGuid()));
    }
}
