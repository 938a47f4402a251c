using Builder.Domain.Audit;

namespace Builder.Domain.Tests.Audit;

/// <summary>How an audit record reads: actions, resource types and fields in words, and a label when no name was recorded.</summary>
public class AuditWordingTests
{
    [Theory]
    [InlineData(AuditActions.Created, ResourceTypes.Variable, "name,value", "created")]
    [InlineData(AuditActions.Deleted, ResourceTypes.Workflow, "", "deleted")]
    [InlineData(AuditActions.Revoked, ResourceTypes.ApiKey, "revokedAt", "revoked")]
    [InlineData(AuditActions.RoleChanged, ResourceTypes.Member, "role", "changed the role")]
    [InlineData(AuditActions.Shared, ResourceTypes.Workflow, "sharingLevel,shares", "changed the sharing")]
    [InlineData(AuditActions.OwnershipTransferred, ResourceTypes.Prompt, "ownerId", "transferred ownership")]
    [InlineData(AuditActions.Updated, ResourceTypes.Variable, "value", "set the value")]
    [InlineData(AuditActions.Updated, ResourceTypes.Variable, "value:cleared", "cleared the value")]
    [InlineData(AuditActions.Updated, ResourceTypes.Environment, "name,description", "updated name, description")]
    [InlineData(AuditActions.Updated, ResourceTypes.Variable, "name,value", "updated name and set the value")]
    [InlineData(AuditActions.Updated, ResourceTypes.WorkflowEntity, "workflowEntityTypeId,tfCondition", "updated entity type, true/false condition")]
    [InlineData(AuditActions.Updated, ResourceTypes.Organization, "", "updated")]
    public void Actions_read_as_words(string action, string type, string fields, string expected) =>
        Assert.Equal(expected, AuditWording.Describe(action, type, fields.Split(',', StringSplitOptions.RemoveEmptyEntries)));

    [Theory]
    [InlineData(AuditActions.Deleted, ResourceTypes.ApiKey, "revokedAt", "revoked")]
    [InlineData(AuditActions.Updated, ResourceTypes.Member, "role", "changed the role")]
    [InlineData(AuditActions.Deleted, ResourceTypes.ApiKey, "", "deleted")]
    public void Records_written_before_revoked_and_role_changed_existed_read_the_same(string action, string type, string fields, string expected) =>
        Assert.Equal(expected, AuditWording.Describe(action, type, fields.Split(',', StringSplitOptions.RemoveEmptyEntries)));

    [Fact]
    public void Every_resource_type_has_a_name_in_words()
    {
        Assert.Equal("API key", AuditWording.TypeName(ResourceTypes.ApiKey));
        Assert.Equal("Workflow entity", AuditWording.TypeName(ResourceTypes.WorkflowEntity));
        Assert.All(ResourceTypes.All, type => Assert.DoesNotContain("-", AuditWording.TypeName(type)));
        Assert.All(ResourceTypes.All, type => Assert.True(char.IsUpper(AuditWording.TypeName(type)[0]), type));
    }

    [Fact]
    public void Field_names_read_as_words() =>
        Assert.Equal(["name", "environment", "revocation", "some long field"],
            new[] { "name", "environmentId", "revokedAt", "someLongField" }.Select(AuditWording.FieldName));

    [Fact]
    public void A_resource_is_labelled_by_its_recorded_name_then_its_current_name_then_its_type_and_a_short_id()
    {
        var id = Guid.Parse("7f9b7c4a-0000-4000-8000-000000000001");
        Assert.Equal("OPENAI_API_KEY", AuditWording.ResourceLabel(ResourceTypes.Variable, "OPENAI_API_KEY", id, "RENAMED"));
        Assert.Equal("RENAMED", AuditWording.ResourceLabel(ResourceTypes.Variable, null, id, "RENAMED"));
        Assert.Equal("Variable 7f9b7c4a", AuditWording.ResourceLabel(ResourceTypes.Variable, null, id));
        Assert.Equal("API key 7f9b7c4a", AuditWording.ResourceLabel(ResourceTypes.ApiKey, " ", id));
    }
}
