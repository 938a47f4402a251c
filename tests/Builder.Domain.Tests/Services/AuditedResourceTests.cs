using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.ApiKeys;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Members;
using Builder.Domain.Organizations;
using Builder.Domain.Tests.Support;
using Builder.Domain.Variables;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Services;

/// <summary>
/// The shared load, unique-name and audited-save pieces as every resource service uses them: each audit record keeps the
/// resource's name and its environment's name, also for deletes, and the URL-organization overloads answer "not found".
/// </summary>
public class AuditedResourceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Guid _acme, _globex, _development;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _globex = await _db.OrganizationIdAsync("Globex");
        _development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task<List<AuditEntry>> TrailAsync(Guid resourceId)
    {
        await using var context = _db.Context();
        return await context.AuditEntries.Where(a => a.ResourceId == resourceId).OrderBy(a => a.At).ToListAsync();
    }

    [Fact]
    public async Task Environment_records_keep_its_name_through_rename_and_delete()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var environments = new EnvironmentService(_db, _db.Clock);
        var created = await environments.CreateAsync(admin, _acme, new EnvironmentInput("Staging", null));
        var renamed = await environments.UpdateAsync(admin, created.Id, new EnvironmentInput("Staging 2", null), created.Version);
        await environments.DeleteAsync(admin, created.Id, renamed.Version);

        var trail = await TrailAsync(created.Id);
        Assert.Equal(["created", "updated", "deleted"], trail.Select(a => a.Action));
        Assert.Equal(["Staging", "Staging 2", "Staging 2"], trail.Select(a => a.ResourceName));
        Assert.Equal(["Staging", "Staging 2", "Staging 2"], trail.Select(a => a.EnvironmentName));
    }

    [Fact]
    public async Task Variable_records_name_the_variable_and_its_environment_and_a_cleared_value()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var variables = new VariableService(_db, _db.Protector, _db.Clock);
        var created = await variables.CreateAsync(admin, _development, new VariableInput("AUDITED_KEY", "secret-1"));
        var cleared = await variables.UpdateAsync(admin, created.Id, new VariableInput("AUDITED_KEY", ClearValue: true), created.Version);
        await variables.DeleteAsync(admin, created.Id, cleared.Version);

        var trail = await TrailAsync(created.Id);
        Assert.Equal(["created", "updated", "deleted"], trail.Select(a => a.Action));
        Assert.Equal("name,value", trail[0].ChangedFields);
        Assert.Equal("value:cleared", trail[1].ChangedFields);
        Assert.All(trail, a => Assert.Equal("AUDITED_KEY", a.ResourceName));
        Assert.All(trail, a => Assert.Equal("Development", a.EnvironmentName));
    }

    [Fact]
    public async Task Organization_member_and_api_key_records_carry_their_names_and_a_revoke_is_revoked()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var organizations = new OrganizationService(_db, _db.Clock, _db.Actors);
        var organization = await organizations.CreateAsync(system, new OrganizationInput("Initech", null));
        var members = new MemberService(_db, _db.Clock, _db.Actors);
        var member = await members.InviteAsync(system, organization.Id, new InviteInput("peter@initech.test", Role.Guest));
        var promoted = await members.ChangeRoleAsync(system, member.Id, Role.User, member.Version);
        await members.RemoveAsync(system, member.Id, promoted.Version);

        var admin = await _db.ActorAsync("admin@acme.test");
        var keys = new ApiKeyService(_db, _db.Accounts, _db.ApiKeys, _db.Clock);
        var key = await keys.GenerateAsync(admin, _acme, "Deploy bot");
        await keys.RevokeAsync(admin, key.Key.Id);

        Assert.Equal(["Initech"], (await TrailAsync(organization.Id)).Select(a => a.ResourceName));
        var memberTrail = await TrailAsync(member.Id);
        Assert.Equal(["created", AuditActions.RoleChanged, "deleted"], memberTrail.Select(a => a.Action));
        Assert.All(memberTrail, a => Assert.Equal("peter@initech.test", a.ResourceName));
        var keyTrail = await TrailAsync(key.Key.Id);
        Assert.Equal(["created", AuditActions.Revoked], keyTrail.Select(a => a.Action));
        Assert.All(keyTrail, a => Assert.Equal("Deploy bot", a.ResourceName));
    }

    [Fact]
    public async Task Entity_and_workflow_records_carry_their_names_and_environment()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var entities = new WorkflowEntityService(_db, _db.Clock);
        var types = WorkflowEntityType.BuiltIn;
        var signup = await entities.CreateAsync(admin, _acme, new WorkflowEntityInput("On signup", null, types[0].Id, _development,
            JsonNode.Parse("""{"type":"group","operator":"AND","conditions":[{"type":"rule","field":"a","comparison":"equals","value":"b"}]}"""),
            null, null, []));
        var done = await entities.CreateAsync(admin, _acme, new WorkflowEntityInput("Done", null, types[3].Id, null, null, null, null, []));
        var workflows = new WorkflowService(_db, _db.Clock);
        var tree = new JsonObject { ["root"] = Node("Signup", signup.Id, "event", Node("Done", done.Id, "result")) };
        var workflow = await workflows.CreateAsync(admin, _development, new WorkflowInput("Audited flow", null, tree));
        await workflows.DeleteAsync(admin, workflow.Id, workflow.Version);

        var signupTrail = await TrailAsync(signup.Id);
        Assert.Equal(("On signup", "Development"), (signupTrail[0].ResourceName, signupTrail[0].EnvironmentName));
        Assert.Null((await TrailAsync(done.Id))[0].EnvironmentName);
        var workflowTrail = await TrailAsync(workflow.Id);
        Assert.Equal(["created", "deleted"], workflowTrail.Select(a => a.Action));
        Assert.All(workflowTrail, a => Assert.Equal(("Audited flow", "Development"), (a.ResourceName, a.EnvironmentName)));

        Assert.Equal(signup.Id, (await entities.GetAsync(admin, signup.Id, _acme)).Id);
        await Assert.ThrowsAsync<NotFoundException>(() => entities.GetAsync(admin, signup.Id, _globex));
    }

    [Fact]
    public async Task Get_with_the_urls_organization_answers_not_found_for_another_organizations_resource()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var environments = new EnvironmentService(_db, _db.Clock);
        var variables = new VariableService(_db, _db.Protector, _db.Clock);
        var variable = await variables.CreateAsync(system, _development, new VariableInput("URL_SCOPED"));

        Assert.Equal(_development, (await environments.GetAsync(system, _development, _acme)).Id);
        Assert.Equal(variable.Id, (await variables.GetAsync(system, variable.Id, _acme)).Id);
        var environment = await Assert.ThrowsAsync<NotFoundException>(() => environments.GetAsync(system, _development, _globex));
        Assert.Equal("Environment not found", environment.Message);
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => variables.GetAsync(system, variable.Id, _globex));
        Assert.Equal("Variable not found", missing.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => new WorkflowService(_db, _db.Clock).GetAsync(system, Guid.NewGuid(), _acme));
    }

    [Fact]
    public async Task Unique_names_ignore_case_within_their_scope_only()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var environments = new EnvironmentService(_db, _db.Clock);
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => environments.CreateAsync(admin, _acme, new EnvironmentInput("DEVELOPMENT", null)));
        Assert.Contains("'DEVELOPMENT' already exists", conflict.Message);
        var system = await _db.ActorAsync("system@builder.local");
        await environments.CreateAsync(system, _globex, new EnvironmentInput("Development", null));
    }

    private static JsonObject Node(string name, Guid entity, string type, params JsonObject[] children) => new()
    {
        ["name"] = name, ["entityId"] = entity.ToString(), ["entityType"] = type,
        ["presentation"] = new JsonObject { ["type"] = "circle", ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } },
        ["children"] = new JsonArray(children),
    };
}
