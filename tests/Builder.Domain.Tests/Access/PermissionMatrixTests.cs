using Builder.Domain.Access;
using static Builder.Domain.Access.Permissions;

namespace Builder.Domain.Tests.Access;

public class PermissionMatrixTests
{
    public static TheoryData<Role, string, bool> Expectations()
    {
        var data = new TheoryData<Role, string, bool>();
        string[] reads = [OrganizationsRead, EnvironmentsRead, VariablesRead, EntitiesRead, WorkflowsRead, MembersRead];
        string[] workflowWrites = [WorkflowsCreate, WorkflowsUpdate, WorkflowsDelete];
        string[] adminWrites =
        [
            OrganizationsUpdate, EnvironmentsCreate, EnvironmentsUpdate, EnvironmentsDelete, VariablesCreate, VariablesUpdate,
            VariablesDelete, EntitiesCreate, EntitiesUpdate, EntitiesDelete, MembersManage, ApiKeysManage, AuditRead,
        ];
        string[] systemOnly = [OrganizationsCreate, OrganizationsDelete];

        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var p in reads) data.Add(role, p, true);
            foreach (var p in workflowWrites) data.Add(role, p, role >= Role.User);
            foreach (var p in adminWrites) data.Add(role, p, role >= Role.Admin);
            foreach (var p in systemOnly) data.Add(role, p, role == Role.System);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Role_has_exactly_the_documented_permissions(Role role, string permission, bool allowed) =>
        Assert.Equal(allowed, PermissionMatrix.Allows(role, permission));

    [Fact]
    public void User_has_workflows_in_full_and_entities_read_only()
    {
        Assert.True(PermissionMatrix.Allows(Role.User, WorkflowsDelete));
        Assert.True(PermissionMatrix.Allows(Role.User, EntitiesRead));
        Assert.False(PermissionMatrix.Allows(Role.User, EntitiesCreate));
        Assert.False(PermissionMatrix.Allows(Role.User, VariablesUpdate));
    }

    [Fact]
    public void Guest_cannot_change_anything()
    {
        var writes = PermissionMatrix.PermissionsOf(Role.Guest).Where(p => !p.EndsWith(":read"));
        Assert.Empty(writes);
    }

    [Fact]
    public void Every_role_includes_the_permissions_of_the_role_below()
    {
        var roles = Enum.GetValues<Role>().OrderBy(r => r).ToList();
        for (var i = 1; i < roles.Count; i++)
            Assert.Superset(new HashSet<string>(PermissionMatrix.PermissionsOf(roles[i - 1])), new HashSet<string>(PermissionMatrix.PermissionsOf(roles[i])));
    }

    [Fact]
    public void System_is_never_assignable_as_a_membership_role()
    {
        Assert.DoesNotContain(RoleCatalog.Assignable, r => r.Role == Role.System);
        Assert.Equal(["admin", "user", "guest"], RoleCatalog.Assignable.Select(r => r.Name));
    }
}
