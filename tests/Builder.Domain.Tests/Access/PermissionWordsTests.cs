using Builder.Domain.Access;
using static Builder.Domain.Access.Permissions;

namespace Builder.Domain.Tests.Access;

/// <summary>No-access messages say in plain words who may do something, read from the permission matrix.</summary>
public class PermissionWordsTests
{
    [Theory]
    [InlineData(ApiKeysManage, "manage API keys")]
    [InlineData(AuditRead, "see the audit log")]
    [InlineData(VariablesCreate, "create variables")]
    [InlineData(VariablesUpdate, "change variables")]
    [InlineData(EntitiesDelete, "delete workflow entities")]
    [InlineData(MembersManage, "manage members")]
    public void A_permission_reads_as_an_action(string permission, string words) => Assert.Equal(words, InWords(permission));

    [Theory]
    [InlineData(ApiKeysManage, "Only organization Admins can manage API keys.")]
    [InlineData(AuditRead, "Only organization Admins can see the audit log.")]
    [InlineData(WorkflowsCreate, "Only organization Users and Admins can create workflows.")]
    [InlineData(OrganizationsCreate, "Only system administrators can create organizations.")]
    [InlineData(VariablesRead, "Every member of the organization can see variables.")]
    public void Who_can_comes_from_the_matrix(string permission, string sentence) => Assert.Equal(sentence, WhoCan(permission));

    [Theory]
    [InlineData(EntitiesUpdate, "agents", "Only organization Admins can change agents.")]
    [InlineData(EntitiesCreate, "MCP servers", "Only organization Admins can create MCP servers.")]
    [InlineData(EntitiesUpdate, null, "Only organization Admins can change workflow entities.")]
    public void A_page_names_its_own_kind_of_entity(string permission, string? noun, string sentence) => Assert.Equal(sentence, WhoCan(permission, noun));

    [Fact]
    public void The_least_role_is_the_first_the_matrix_allows()
    {
        foreach (var permission in new[] { ApiKeysManage, WorkflowsUpdate, VariablesRead, OrganizationsDelete })
        {
            var least = LeastRoleWith(permission)!.Value;
            Assert.True(PermissionMatrix.Allows(least, permission));
            Assert.All(Enum.GetValues<Role>().Where(r => r < least), r => Assert.False(PermissionMatrix.Allows(r, permission)));
        }
    }

    [Fact]
    public void The_way_out_names_the_organization()
    {
        Assert.Equal("Ask an Admin of Acme Corp to change your role.", HowToGet(ApiKeysManage, "Acme Corp"));
        Assert.Equal("Ask a system administrator if you need it.", HowToGet(OrganizationsCreate, "Acme Corp"));
    }
}
