using Builder.Domain.Access;
using Builder.Domain.Sharing;
using static Builder.Domain.Sharing.AccessLevel;

namespace Builder.Domain.Tests.Sharing;

/// <summary>Effective access to an owned resource is the role matrix intersected with the resource's sharing.</summary>
public class ResourceAccessTests
{
    private static readonly ResourcePermissions Workflows = new(Permissions.WorkflowsRead, Permissions.WorkflowsUpdate, Permissions.WorkflowsDelete);
    private static readonly ResourcePermissions Entities = new(Permissions.EntitiesRead, Permissions.EntitiesUpdate, Permissions.EntitiesDelete);
    private static readonly Guid Owner = Guid.Parse("00000000-0000-4000-8000-00000000000a");
    private static readonly Guid Me = Guid.Parse("00000000-0000-4000-8000-00000000000b");
    private static readonly Guid Org = Guid.Parse("00000000-0000-4000-8000-0000000000c0");

    private static ResourceSharing Shared(SharingLevel level, AccessLevel company, AccessLevel share = None) =>
        new(Owner, level, company, share == None ? new Dictionary<Guid, AccessLevel>() : new Dictionary<Guid, AccessLevel> { [Me] = share });

    [Theory]
    // A User edits a workflow shared company-wide at EDIT (the default every existing record migrates to).
    [InlineData(Role.User, SharingLevel.Company, Edit, None, Edit)]
    [InlineData(Role.User, SharingLevel.Company, View, None, View)]
    [InlineData(Role.User, SharingLevel.Company, AccessLevel.Admin, None, AccessLevel.Admin)]
    // PRIVATE: the owner and the organization's Admins, plus explicit shares.
    [InlineData(Role.User, SharingLevel.Private, Edit, None, None)]
    [InlineData(Role.User, SharingLevel.Private, Edit, View, View)]
    [InlineData(Role.User, SharingLevel.Private, View, AccessLevel.Admin, AccessLevel.Admin)]
    // The higher of the company level and the explicit share counts.
    [InlineData(Role.User, SharingLevel.Company, View, Edit, Edit)]
    [InlineData(Role.User, SharingLevel.Company, Edit, View, Edit)]
    // A Guest never edits, whatever the share.
    [InlineData(Role.Guest, SharingLevel.Company, AccessLevel.Admin, AccessLevel.Admin, View)]
    [InlineData(Role.Guest, SharingLevel.Private, View, None, None)]
    [InlineData(Role.Guest, SharingLevel.Private, View, Edit, View)]
    // Admins and System see and manage everything in the organization.
    [InlineData(Role.Admin, SharingLevel.Private, View, None, AccessLevel.Admin)]
    [InlineData(Role.System, SharingLevel.Private, View, None, AccessLevel.Admin)]
    public void A_workflow(Role role, SharingLevel level, AccessLevel company, AccessLevel share, AccessLevel expected) =>
        Assert.Equal(expected, ResourceAccess.For(role, Me, Shared(level, company, share), Workflows));

    [Theory]
    [InlineData(Role.User, AccessLevel.Admin)]
    [InlineData(Role.Guest, View)]
    [InlineData(Role.Admin, AccessLevel.Admin)]
    public void The_owner_manages_a_private_workflow_as_far_as_the_role_allows(Role role, AccessLevel expected) =>
        Assert.Equal(expected, ResourceAccess.For(role, Owner, ResourceSharing.Private(Owner), Workflows));

    [Theory]
    // Prompt templates follow entities:*, which a User may only read: sharing cannot lift that.
    [InlineData(Role.User, View)]
    [InlineData(Role.Guest, View)]
    [InlineData(Role.Admin, AccessLevel.Admin)]
    public void A_prompt_template_shared_at_ADMIN_is_capped_by_the_matrix(Role role, AccessLevel expected) =>
        Assert.Equal(expected, ResourceAccess.For(role, Me, Shared(SharingLevel.Company, AccessLevel.Admin, AccessLevel.Admin), Entities));

    [Fact]
    public void Someone_outside_the_organization_and_a_key_of_another_have_none()
    {
        var sharing = Shared(SharingLevel.Company, AccessLevel.Admin, AccessLevel.Admin);
        var outsider = new Actor(Me, "x@globex.test", "X", false, new Dictionary<Guid, Role> { [Guid.NewGuid()] = Role.Admin });
        var otherKey = new Actor(Me, "y@acme.test", "Y", true, new Dictionary<Guid, Role>(), ApiKeyOrganizationId: Guid.NewGuid());
        var member = new Actor(Me, "z@acme.test", "Z", false, new Dictionary<Guid, Role> { [Org] = Role.User });

        Assert.Equal(None, ResourceAccess.For(outsider, Org, sharing, Workflows));
        Assert.Equal(None, ResourceAccess.For(otherKey, Org, sharing, Workflows));
        Assert.Equal(AccessLevel.Admin, ResourceAccess.For(member, Org, sharing, Workflows));
    }

    /// <summary>Every role × level × company permission × share × owner or not: the rules that hold across the whole table.</summary>
    [Fact]
    public void Across_every_combination_access_never_exceeds_the_matrix_and_grows_with_the_share()
    {
        var levels = Enum.GetValues<AccessLevel>();
        foreach (var permissions in new[] { Workflows, Entities })
        foreach (var role in Enum.GetValues<Role>())
        foreach (var level in Enum.GetValues<SharingLevel>())
        foreach (var company in levels.Where(l => l != None))
        foreach (var user in new[] { Me, Owner })
        {
            var previous = None;
            foreach (var share in levels)
            {
                var access = ResourceAccess.For(role, user, Shared(level, company, share), permissions);
                var where = $"{role} {level}/{company} share {share} {(user == Owner ? "owner" : "member")} on {permissions.Read}";
                Assert.True(access <= ResourceAccess.Cap(role, permissions), $"Above the matrix: {where}");
                Assert.True(access >= previous, $"A larger share gave less: {where}");
                if (role == Role.Guest) Assert.True(access <= View, $"A Guest edits: {where}");
                if (role >= Role.Admin) Assert.Equal(AccessLevel.Admin, access);
                if (user == Owner) Assert.Equal(ResourceAccess.Cap(role, permissions), access);
                previous = access;
            }
        }
    }

    /// <summary>
    /// The whole table, written out: for a member who is not the owner, each row is one role × sharing level (× company
    /// permission) and its four letters the access for an explicit share of None, View, Edit, Admin (N V E A).
    /// </summary>
    public static TheoryData<string, Role, string, string> Table => new()
    {
        // workflows:* — a User has them in full, so sharing decides; a Guest reads at most.
        { "workflows", Role.User, "PRIVATE", "NVEA" },
        { "workflows", Role.User, "COMPANY/VIEW", "VVEA" },
        { "workflows", Role.User, "COMPANY/EDIT", "EEEA" },
        { "workflows", Role.User, "COMPANY/ADMIN", "AAAA" },
        { "workflows", Role.Guest, "PRIVATE", "NVVV" },
        { "workflows", Role.Guest, "COMPANY/VIEW", "VVVV" },
        { "workflows", Role.Guest, "COMPANY/EDIT", "VVVV" },
        { "workflows", Role.Guest, "COMPANY/ADMIN", "VVVV" },
        { "workflows", Role.Admin, "PRIVATE", "AAAA" },
        { "workflows", Role.Admin, "COMPANY/VIEW", "AAAA" },
        { "workflows", Role.System, "PRIVATE", "AAAA" },
        { "workflows", Role.System, "COMPANY/EDIT", "AAAA" },
        // entities:* (prompt templates, prompts) — Users and Guests only read: sharing can hide, never lift.
        { "entities", Role.User, "PRIVATE", "NVVV" },
        { "entities", Role.User, "COMPANY/VIEW", "VVVV" },
        { "entities", Role.User, "COMPANY/ADMIN", "VVVV" },
        { "entities", Role.Guest, "PRIVATE", "NVVV" },
        { "entities", Role.Guest, "COMPANY/EDIT", "VVVV" },
        { "entities", Role.Admin, "PRIVATE", "AAAA" },
        { "entities", Role.Admin, "COMPANY/VIEW", "AAAA" },
        { "entities", Role.System, "PRIVATE", "AAAA" },
    };

    [Theory, MemberData(nameof(Table))]
    public void Every_role_level_and_share(string type, Role role, string sharing, string expected)
    {
        var permissions = type == "workflows" ? Workflows : Entities;
        var parts = sharing.Split('/');
        var level = parts[0] == "PRIVATE" ? SharingLevel.Private : SharingLevel.Company;
        var company = parts.Length > 1 ? Enum.Parse<AccessLevel>(parts[1], ignoreCase: true) : View;
        var actual = string.Concat(Enum.GetValues<AccessLevel>().Select(share =>
            ResourceAccess.For(role, Me, Shared(level, company, share), permissions).ToString()[0]));
        Assert.Equal(expected, actual);
    }
}
