using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain;
using Builder.Domain.Access;
using Builder.Domain.Users;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.E2E.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.E2E.Canvas;

/// <summary>
/// Arranges canvas tests through the app's own domain services: the seed has no workflow entities, and entities are
/// created by an admin (a User reads the library only). Names carry a suffix so tests sharing one app never collide.
/// </summary>
sealed class CanvasArrange(BuilderAppFixture app)
{
    public static readonly Guid Event = Guid.Parse("0b8f3c2e-0001-4a6b-9d3e-000000000001"), Prompt = Guid.Parse("0b8f3c2e-0002-4a6b-9d3e-000000000002"),
        Action = Guid.Parse("0b8f3c2e-0003-4a6b-9d3e-000000000003"), Result = Guid.Parse("0b8f3c2e-0004-4a6b-9d3e-000000000004");

    readonly string _suffix = Guid.NewGuid().ToString("N")[..5];
    public Guid OrgId { get; private set; }
    public Guid EnvId { get; private set; }

    T Service<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public async Task<Actor> ActorAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var accounts = Service<UserAccountService>(scope);
        var user = await accounts.FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        return (await accounts.BuildActorAsync(user.Id))!;
    }

    public async Task<CanvasArrange> InAcmeDevelopmentAsync()
    {
        using var scope = app.Services.CreateScope();
        await using var db = Service<IBuilderDbContextFactory>(scope).Create();
        OrgId = await db.Organizations.Where(o => o.Name == "Acme Corp").Select(o => o.Id).SingleAsync();
        EnvId = await db.Environments.Where(e => e.OrganizationId == OrgId && e.Name == "Development").Select(e => e.Id).SingleAsync();
        return this;
    }

    public async Task<WorkflowEntityView> EntityAsync(string name, Guid type, JsonNode? condition = null, IReadOnlyList<EntityArgument>? arguments = null, string? tf = null)
    {
        using var scope = app.Services.CreateScope();
        return await Service<WorkflowEntityService>(scope).CreateAsync(await ActorAsync("admin@acme.test"), OrgId,
            new WorkflowEntityInput($"{name} {_suffix}", null, type, null, condition, null, tf, arguments));
    }

    public static JsonObject Node(string id, WorkflowEntityView entity, params JsonObject[] children) => Node(id, entity, 0, 0, children);

    public static JsonObject Node(string id, WorkflowEntityView entity, double x, double y, params JsonObject[] children) => new()
    {
        ["id"] = id, ["name"] = entity.Name, ["entityId"] = entity.Id.ToString(), ["entityType"] = entity.EntityType,
        ["presentation"] = new JsonObject { ["type"] = "", ["position"] = new JsonObject { ["x"] = x, ["y"] = y } },
        ["children"] = new JsonArray(children),
    };

    public async Task<WorkflowView> WorkflowAsync(string name, JsonObject root)
    {
        using var scope = app.Services.CreateScope();
        return await Service<WorkflowService>(scope).CreateAsync(await ActorAsync("admin@acme.test"), EnvId,
            new WorkflowInput($"{name} {_suffix}", null, new JsonObject { ["root"] = root }));
    }

    public async Task<WorkflowView> LoadAsync(Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await Service<WorkflowService>(scope).GetAsync(await ActorAsync("admin@acme.test"), id);
    }

    public string EditorUrl(Guid workflow) => $"/orgs/{OrgId}/envs/{EnvId}/workflows/{workflow}";

    public static JsonObject Equals(string field, string value) => new()
    {
        ["type"] = "group", ["operator"] = "AND",
        ["conditions"] = new JsonArray(new JsonObject { ["type"] = "rule", ["field"] = field, ["comparison"] = "equals", ["value"] = value }),
    };
}
