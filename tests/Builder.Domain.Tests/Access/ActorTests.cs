using Builder.Domain.Access;
using Builder.Domain.Common;

namespace Builder.Domain.Tests.Access;

public class ActorTests
{
    private static readonly Guid Acme = Guid.NewGuid();
    private static readonly Guid Globex = Guid.NewGuid();

    private static Actor Member(Role role, Guid? apiKeyOrganization = null) =>
        new(Guid.NewGuid(), "someone@acme.test", "Someone", false, new Dictionary<Guid, Role> { [Acme] = role }, apiKeyOrganization);

    [Fact]
    public void A_member_has_their_role_and_no_role_elsewhere()
    {
        var actor = Member(Role.User);
        Assert.Equal(Role.User, actor.RoleIn(Acme));
        Assert.Null(actor.RoleIn(Globex));
    }

    [Fact]
    public void Another_organizations_resource_is_not_found_never_forbidden()
    {
        var actor = Member(Role.Admin);
        var error = Assert.Throws<NotFoundException>(() => actor.Require(Globex, Permissions.VariablesRead, "Variable not found"));
        Assert.Equal("Variable not found", error.Message);
    }

    [Fact]
    public void A_member_without_the_permission_is_forbidden_with_a_readable_reason()
    {
        var error = Assert.Throws<ForbiddenException>(() => Member(Role.Guest).Require(Acme, Permissions.VariablesCreate, "x"));
        Assert.Equal("Forbidden: You do not have permission to create variables", error.Message);
    }

    [Fact]
    public void System_users_act_as_System_in_every_organization()
    {
        var system = new Actor(Guid.NewGuid(), "system@builder.local", "System", true, new Dictionary<Guid, Role>());
        Assert.Equal(Role.System, system.RoleIn(Globex));
        Assert.True(system.Can(Acme, Permissions.OrganizationsDelete));
    }

    [Fact]
    public void An_api_key_is_confined_to_its_organization_and_is_not_human()
    {
        var system = new Actor(Guid.NewGuid(), "system@builder.local", "System", true, new Dictionary<Guid, Role>(), Acme);
        Assert.Equal(Role.System, system.RoleIn(Acme));
        Assert.Null(system.RoleIn(Globex));
        Assert.False(system.IsHuman);
        var error = Assert.Throws<HumanOversightRequiredException>(() => system.RequireHuman("Delete"));
        Assert.Equal("Delete requires human oversight in the Builder UI", error.Message);
    }

    [Fact]
    public void A_person_passes_the_human_check() => Member(Role.Admin).RequireHuman("Delete");
}
