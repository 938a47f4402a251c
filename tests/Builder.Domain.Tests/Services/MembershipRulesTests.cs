using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Members;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Services;

public class MembershipRulesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private MemberService _members = null!;
    private Guid _globex;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _members = new MemberService(_db, _db.Clock, _db.Actors);
        _globex = await _db.OrganizationIdAsync("Globex");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<Membership> MembershipAsync(string email, Guid organization)
    {
        await using var context = _db.Context();
        return await context.Memberships.SingleAsync(m => m.Email == email && m.OrganizationId == organization);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_or_removed()
    {
        var globexAdmin = await _db.ActorAsync("admin@globex.test");
        var only = await MembershipAsync("admin@globex.test", _globex);

        var demote = await Assert.ThrowsAsync<ConflictException>(() => _members.ChangeRoleAsync(globexAdmin, only.Id, Role.User, only.Version));
        Assert.Contains("last admin", demote.Message);
        await Assert.ThrowsAsync<ConflictException>(() => _members.RemoveAsync(globexAdmin, only.Id, only.Version));
        Assert.Equal(Role.Admin, (await MembershipAsync("admin@globex.test", _globex)).Role);
    }

    [Fact]
    public async Task With_a_second_admin_the_first_can_step_down()
    {
        var acme = await _db.OrganizationIdAsync("Acme Corp");
        var admin = await _db.ActorAsync("admin@acme.test");
        var reviewer = await MembershipAsync("reviewer@acme.test", acme);
        var changed = await _members.ChangeRoleAsync(admin, reviewer.Id, Role.Guest, reviewer.Version);
        Assert.Equal(Role.Guest, changed.Role);
    }

    [Fact]
    public async Task An_invitation_becomes_a_membership_at_first_sign_in()
    {
        var globexAdmin = await _db.ActorAsync("admin@globex.test");
        var invited = await _members.InviteAsync(globexAdmin, _globex, new InviteInput("New.Person@Example.test", Role.User));
        Assert.False(invited.IsActive);
        Assert.Equal("new.person@example.test", invited.Email);

        var user = await _db.Accounts.ProvisionAsync("auth0|new-person", "new.person@example.test", "New Person", emailVerified: true);
        var actor = await _db.Accounts.BuildActorAsync(user.Id);
        Assert.Equal(Role.User, actor!.RoleIn(_globex));
    }

    [Fact]
    public async Task An_unverified_email_neither_links_a_seeded_user_nor_accepts_invitations()
    {
        var user = await _db.Accounts.ProvisionAsync("evil|1", "admin@acme.test", "Impostor", emailVerified: false);
        var actor = await _db.Accounts.BuildActorAsync(user.Id);
        Assert.Empty(actor!.Memberships);
        Assert.False(actor.IsSystem);
    }

    [Fact]
    public async Task A_verified_seeded_email_is_linked_on_first_sign_in_and_found_by_subject_afterwards()
    {
        var first = await _db.Accounts.ProvisionAsync("auth0|alice", "admin@acme.test", "Alice", emailVerified: true);
        var again = await _db.Accounts.ProvisionAsync("auth0|alice", "admin@acme.test", "Alice A.", emailVerified: true);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(Role.Admin, (await _db.Accounts.BuildActorAsync(first.Id))!.RoleIn(await _db.OrganizationIdAsync("Acme Corp")));
    }

    [Fact]
    public async Task Inviting_twice_or_with_a_bad_email_or_system_role_is_refused()
    {
        var globexAdmin = await _db.ActorAsync("admin@globex.test");
        await _members.InviteAsync(globexAdmin, _globex, new InviteInput("x@example.test", Role.Guest));
        await Assert.ThrowsAsync<ConflictException>(() => _members.InviteAsync(globexAdmin, _globex, new InviteInput("X@example.test", Role.User)));
        await Assert.ThrowsAsync<ValidationException>(() => _members.InviteAsync(globexAdmin, _globex, new InviteInput("not-an-email", Role.User)));
        await Assert.ThrowsAsync<ValidationException>(() => _members.InviteAsync(globexAdmin, _globex, new InviteInput("y@example.test", Role.System)));
    }

    [Fact]
    public async Task Users_cannot_manage_members()
    {
        var acme = await _db.OrganizationIdAsync("Acme Corp");
        var builder = await _db.ActorAsync("builder@acme.test");
        await Assert.ThrowsAsync<ForbiddenException>(() => _members.InviteAsync(builder, acme, new InviteInput("z@example.test", Role.Guest)));
        Assert.Equal(4, (await _members.ListAsync(builder, acme, new PageRequest())).Total);
    }
}
