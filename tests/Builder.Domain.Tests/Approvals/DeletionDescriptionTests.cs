using System.Text.Json.Nodes;
using Builder.Data;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Members;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Tests.Support;
using Builder.Domain.Variables;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Approvals;

/// <summary>
/// Every deletable resource is registered as a human-only deletion, as the app registers them (AddBuilderDomain), and its
/// description checks as its delete does and says in words what would go: what goes with an environment, what uses a
/// model, and the refusals that could never run (an entity or a type in use, the last Admin) at request time.
/// </summary>
public sealed class DeletionDescriptionTests : IAsyncLifetime
{
    private FileTestDatabase _db = null!;
    private ServiceProvider _services = null!;
    private Guid _acme;
    private Actor _admin = null!, _system = null!, _guest = null!;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBuilderDomain();
        services.AddSingleton<IBuilderDbContextFactory>(_db);
        services.AddSingleton<ISecretProtector>(new DataProtectionSecretProtector(new EphemeralDataProtectionProvider()));
        services.AddHttpClient();
        services.AddSingleton<IModelGateway, ModelGateway>();
        _services = services.BuildServiceProvider();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _admin = await _db.ActorAsync("admin@acme.test");
        _system = await _db.ActorAsync("system@builder.local");
        _guest = await _db.ActorAsync("guest@acme.test");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private T Get<T>() where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private Task<ApprovalTarget> DescribeAsync(Actor actor, string type, Guid id) =>
        Get<ApprovalService>().DescribeAsync(actor, ApprovalOperations.Delete, type, id, null);

    [Fact]
    public void Every_deletable_resource_goes_through_approval()
    {
        var registered = _services.CreateScope().ServiceProvider.GetServices<IHumanOnlyOperation>()
            .Where(o => o.Operation == ApprovalOperations.Delete).Select(o => o.ResourceType).Order().ToList();

        Assert.Equal(new[]
        {
            ResourceTypes.Environment, ResourceTypes.Member, ResourceTypes.Model, ResourceTypes.Organization, ResourceTypes.Prompt,
            ResourceTypes.PromptTemplate, ResourceTypes.SystemModel, ResourceTypes.Table, ResourceTypes.TableColumn, ResourceTypes.Variable,
            ResourceTypes.Workflow, ResourceTypes.WorkflowEntity, ResourceTypes.WorkflowEntityType,
            ResourceTypes.Agent, ResourceTypes.Tool, ResourceTypes.Manager,
        }.Order(), registered);
        Assert.DoesNotContain(ResourceTypes.ApiKey, registered); // revoking a key is protective: it acts at once
    }

    [Fact]
    public async Task An_environment_names_its_variables_and_workflows_and_what_becomes_organization_wide()
    {
        var environment = await Get<EnvironmentService>().CreateAsync(_admin, _acme, new EnvironmentInput("Staging", null));
        await Get<VariableService>().CreateAsync(_admin, environment.Id, new VariableInput("API_KEY", "v"));
        await Get<VariableService>().CreateAsync(_admin, environment.Id, new VariableInput("REGION"));
        var entity = await Get<WorkflowEntityService>().CreateAsync(_admin, _acme,
            new WorkflowEntityInput("Signup", null, WorkflowEntityType.BuiltIn[0].Id, environment.Id, null, null, null, []));
        await Get<WorkflowService>().CreateAsync(_admin, environment.Id, new WorkflowInput("Onboarding", null, Tree(entity.Id)));
        await Get<PromptTemplateService>().CreateAsync(_admin, _acme, new PromptTemplateInput("Welcome", PromptText: "Hi", EnvironmentId: environment.Id));

        var target = await DescribeAsync(_admin, ResourceTypes.Environment, environment.Id);

        Assert.Equal(("Staging", _acme, environment.Id, environment.Version), (target.Name, target.OrganizationId!.Value, target.EnvironmentId!.Value, target.Version!.Value));
        Assert.Equal(
        [
            "The environment “Staging”", "2 variables, with their values", "1 workflow: “Onboarding”",
            "1 workflow entity scoped to it stay and become organization-wide: “Signup”",
            "1 prompt template scoped to it stay and become organization-wide: “Welcome”",
        ], target.Consequences);
    }

    [Fact]
    public async Task Describing_checks_as_the_delete_does_and_writes_nothing()
    {
        var environment = await Get<EnvironmentService>().CreateAsync(_admin, _acme, new EnvironmentInput("Checked", null));
        var globex = await _db.ActorAsync("admin@globex.test");

        await Assert.ThrowsAsync<ForbiddenException>(() => DescribeAsync(_guest, ResourceTypes.Environment, environment.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => DescribeAsync(globex, ResourceTypes.Environment, environment.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => DescribeAsync(_admin, ResourceTypes.Environment, Guid.NewGuid()));
        await Assert.ThrowsAsync<ForbiddenException>(() => DescribeAsync(_admin, ResourceTypes.Organization, _acme)); // System only
        await using var db = _db.Context();
        Assert.False(await db.ApprovalRequests.AnyAsync());
    }

    [Fact]
    public async Task An_entity_or_a_type_in_use_and_the_last_admin_are_refused_when_asked()
    {
        var entity = await Get<WorkflowEntityService>().CreateAsync(_admin, _acme,
            new WorkflowEntityInput("Used", null, WorkflowEntityType.BuiltIn[0].Id, null, null, null, null, []));
        var development = await EnvironmentAsync("Development");
        await Get<WorkflowService>().CreateAsync(_admin, development, new WorkflowInput("Billing", null, Tree(entity.Id)));

        var used = await Assert.ThrowsAsync<ConflictException>(() => DescribeAsync(_admin, ResourceTypes.WorkflowEntity, entity.Id));
        Assert.Contains("is used by 1 workflow", used.Message);
        Assert.Contains("“Billing”", used.Details);
        await Assert.ThrowsAsync<ConflictException>(() => DescribeAsync(_system, ResourceTypes.WorkflowEntityType, WorkflowEntityType.BuiltIn[0].Id));

        var globex = await _db.OrganizationIdAsync("Globex");
        await using var db = _db.Context();
        var onlyAdmin = await db.Memberships.Where(m => m.OrganizationId == globex && m.Role == Role.Admin).Select(m => m.Id).SingleAsync();
        var last = await Assert.ThrowsAsync<ConflictException>(() => DescribeAsync(_system, ResourceTypes.Member, onlyAdmin));
        Assert.Contains("last admin", last.Message);
    }

    [Fact]
    public async Task Platform_resources_belong_to_no_organization_and_a_model_names_what_uses_it()
    {
        var models = Get<ModelService>();
        var system = await models.CreateSystemAsync(_system, new ModelInput("Shared GPT", "https://api.openai.com/v1/chat/completions", "gpt-4o-mini"));
        var own = await models.CreateAsync(_admin, _acme, new ModelInput("Acme GPT", "https://api.openai.com/v1/chat/completions", "gpt-4o-mini"));
        await Get<PromptTemplateService>().CreateAsync(_admin, _acme, new PromptTemplateInput("Uses it", PromptText: "Hi", ModelId: own.Id));
        var type = await Get<WorkflowEntityTypeService>().CreateAsync(_system, new WorkflowEntityTypeInput("Webhook", null, StepKind.Action, "hexagon", "#123456"));

        var systemTarget = await DescribeAsync(_system, ResourceTypes.SystemModel, system.Id);
        var typeTarget = await DescribeAsync(_system, ResourceTypes.WorkflowEntityType, type.Id);
        var ownTarget = await DescribeAsync(_admin, ResourceTypes.Model, own.Id);

        Assert.Null(systemTarget.OrganizationId);
        Assert.Null(typeTarget.OrganizationId);
        Assert.Contains("1 prompt template that use it stay, without a model: “Uses it”", ownTarget.Consequences);
        await Assert.ThrowsAsync<NotFoundException>(() => DescribeAsync(_admin, ResourceTypes.Model, system.Id));
        await Assert.ThrowsAsync<ForbiddenException>(() => DescribeAsync(_admin, ResourceTypes.SystemModel, system.Id));
    }

    [Fact]
    public async Task The_pending_deletions_of_a_page_come_in_one_query_and_only_for_the_callers_organizations()
    {
        var a = await Get<VariableService>().CreateAsync(_admin, await EnvironmentAsync("Development"), new VariableInput("PENDING_ONE"));
        var b = await Get<VariableService>().CreateAsync(_admin, await EnvironmentAsync("Development"), new VariableInput("NOT_PENDING"));
        await Get<ApprovalService>().RequestAsync(_admin, ApprovalOperations.Delete, ResourceTypes.Variable, a.Id, "Unused", null);

        var approvals = Get<ApprovalService>();
        var before = _db.Statements.Count;
        var pending = await approvals.PendingAsync(_guest, ApprovalOperations.Delete, ResourceTypes.Variable, [a.Id, b.Id]);

        Assert.Equal(1, _db.Statements.Count - before);
        Assert.Equal([a.Id], pending);
        Assert.Empty(await approvals.PendingAsync(await _db.ActorAsync("admin@globex.test"), ApprovalOperations.Delete, ResourceTypes.Variable, [a.Id]));
    }

    private async Task<Guid> EnvironmentAsync(string name)
    {
        await using var db = _db.Context();
        return await db.Environments.Where(e => e.OrganizationId == _acme && e.Name == name).Select(e => e.Id).SingleAsync();
    }

    private static JsonNode Tree(Guid entityId) => JsonNode.Parse($$"""
        { "root": { "name": "Start", "entityId": "{{entityId}}", "entityType": "event",
                    "presentation": { "type": "circle", "position": { "x": 0, "y": 0 } }, "children": [] } }
        """)!;
}
