using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Members;
using Builder.Domain.Organizations;
using Builder.Domain.Tests.Support;
using Builder.Domain.WorkflowEntities;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Services;

/// <summary>
/// An API key is confined to its organization for every operation, whoever owns it, and membership changes (sharing)
/// are for people only.
/// </summary>
public class ApiKeyScopeTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Guid _acme;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<Membership> MembershipAsync(string email)
    {
        await using var context = _db.Context();
        return await context.Memberships.AsNoTracking().SingleAsync(m => m.Email == email && m.OrganizationId == _acme);
    }

    [Fact]
    public async Task A_key_can_neither_invite_nor_change_roles_nor_remove_members()
    {
        var members = new MemberService(_db, _db.Clock, _db.Actors);
        var key = await _db.ActorAsync("admin@acme.test", _acme);
        var guest = await MembershipAsync("guest@acme.test");

        var invite = await Assert.ThrowsAsync<HumanOversightRequiredException>(() =>
            members.InviteAsync(key, _acme, new InviteInput("new@example.test", Role.Admin)));
        var promote = await Assert.ThrowsAsync<HumanOversightRequiredException>(() =>
            members.ChangeRoleAsync(key, guest.Id, Role.Admin, guest.Version));
        var remove = await Assert.ThrowsAsync<HumanOversightRequiredException>(() => members.RemoveAsync(key, guest.Id, guest.Version));

        Assert.Equal("Inviting a member requires human oversight in the Builder UI", invite.Message);
        Assert.Equal("Changing a member's role requires human oversight in the Builder UI", promote.Message);
        Assert.Equal("Removing a member requires human oversight in the Builder UI", remove.Message);
        var after = await MembershipAsync("guest@acme.test");
        Assert.Equal((Role.Guest, guest.Version), (after.Role, after.Version));
        await using var db = _db.Context();
        Assert.False(await db.Memberships.AnyAsync(m => m.Email == "new@example.test"));
    }

    [Fact]
    public async Task A_system_users_key_cannot_create_or_delete_organizations()
    {
        var organizations = new OrganizationService(_db, _db.Clock, _db.Actors);
        var key = await _db.ActorAsync("system@builder.local", _acme);
        var globex = await _db.OrganizationIdAsync("Globex");

        var create = await Assert.ThrowsAsync<ApiKeyScopeException>(() => organizations.CreateAsync(key, new OrganizationInput("Made by a key", null)));
        Assert.Equal("Forbidden: an API key cannot create organizations", create.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => organizations.DeleteAsync(key, globex, null));
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => organizations.DeleteAsync(key, _acme, null));

        var listed = await organizations.ListAsync(key, new PageRequest());
        Assert.Equal([_acme], listed.Items.Select(o => o.Id));
        await using var db = _db.Context();
        Assert.Equal(2, await db.Organizations.CountAsync());
    }

    [Fact]
    public async Task A_system_users_key_cannot_edit_the_platforms_entity_types()
    {
        var types = new WorkflowEntityTypeService(_db, _db.Clock);
        var key = await _db.ActorAsync("system@builder.local", _acme);
        var existing = (await types.ListAsync(key, new PageRequest())).Items[0];
        var input = new WorkflowEntityTypeInput("Made by a key", null, existing.Kind, null, null);

        var create = await Assert.ThrowsAsync<ApiKeyScopeException>(() => types.CreateAsync(key, input));
        var update = await Assert.ThrowsAsync<ApiKeyScopeException>(() => types.UpdateAsync(key, existing.Id, input, null));
        Assert.Equal("Forbidden: an API key cannot create workflow entity types", create.Message);
        Assert.Equal("Forbidden: an API key cannot update workflow entity types", update.Message);
        Assert.Equal(existing.Name, (await types.GetAsync(key, existing.Id)).Name);
    }

    [Fact]
    public async Task A_system_users_session_through_a_key_is_not_system()
    {
        var key = await _db.ActorAsync("system@builder.local", _acme);
        var session = await _db.Accounts.GetSessionAsync(key);
        Assert.False(session.IsSystem);
        Assert.Equal([_acme], session.Organizations.Select(o => o.Id));
    }

    [Fact]
    public async Task The_console_learns_of_the_last_admin_refusal_before_asking()
    {
        var members = new MemberService(_db, _db.Clock, _db.Actors);
        var globex = await _db.OrganizationIdAsync("Globex");
        var globexAdmin = await _db.ActorAsync("admin@globex.test");
        await using var db = _db.Context();
        var only = await db.Memberships.AsNoTracking().SingleAsync(m => m.OrganizationId == globex);

        var demote = await members.CheckRoleChangeAsync(globexAdmin, only.Id, Role.User);
        var remove = await members.CheckRoleChangeAsync(globexAdmin, only.Id, null);
        var stay = await members.CheckRoleChangeAsync(globexAdmin, only.Id, Role.Admin);

        Assert.Equal("admin@globex.test is the last admin of this organization and cannot be demoted", demote.Refusal);
        Assert.Equal("Make another member an admin first.", demote.Hint);
        Assert.Equal("admin@globex.test is the last admin of this organization and cannot be removed", remove.Refusal);
        Assert.True(stay.IsAllowed);

        var acmeAdmin = await _db.ActorAsync("admin@acme.test");
        var reviewer = await db.Memberships.AsNoTracking().SingleAsync(m => m.Email == "reviewer@acme.test");
        Assert.True((await members.CheckRoleChangeAsync(acmeAdmin, reviewer.Id, Role.Guest)).IsAllowed);
    }
}
