using Builder.Domain.Audit;
using Builder.Domain.Models;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Models;

/// <summary>A new system model; <c>isVisible</c> lets every organization choose it (false when omitted).</summary>
public sealed record CreateSystemModelRequest(string? Name, string? ModelUrl, string? ModelName, string? Description = null,
    string? Provider = null, double? Temperature = null, int? MaxOutputTokens = null, int? TimeoutSeconds = null,
    string? Token = null, string? ClientKey = null, string? SecretKey = null, bool? IsVisible = null)
{
    public ModelInput ToInput() => new(Name, ModelUrl, ModelName, Description, Provider, Temperature, MaxOutputTokens, TimeoutSeconds,
        Token, false, ClientKey, false, SecretKey, false, IsVisible ?? false);
}

/// <summary>An edit of a system model, as for an organization's model; <c>isVisible</c> omitted keeps it.</summary>
public sealed record UpdateSystemModelRequest(string? Name, string? ModelUrl, string? ModelName, string? Description = null,
    string? Provider = null, double? Temperature = null, int? MaxOutputTokens = null, int? TimeoutSeconds = null,
    string? Token = null, bool? ClearToken = null, string? ClientKey = null, bool? ClearClientKey = null,
    string? SecretKey = null, bool? ClearSecretKey = null, bool? IsVisible = null)
{
    public ModelInput ToInput() => new(Name, ModelUrl, ModelName, Description, Provider, Temperature, MaxOutputTokens, TimeoutSeconds,
        Token, ClearToken ?? false, ClientKey, ClearClientKey ?? false, SecretKey, ClearSecretKey ?? false, IsVisible);
}

/// <summary>
/// <c>/api/system-models</c>: platform-wide models, managed by System users (people, not API keys). Any signed-in caller
/// may list the visible ones at <c>/api/system-models/visible</c>, with credential flags only.
/// </summary>
public static class SystemModelEndpoints
{
    public static RouteGroupBuilder MapSystemModelEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/system-models", "System models");
        group.MapGet("/visible", ListVisible).WithSummary("List the system models every organization can choose (any signed-in caller)");
        group.MapGet("/", List).WithSummary("List all system models (System only)");
        group.MapPost("/", Create).WithSummary("Create a system model (System only)").WithErrorResponses(409);
        group.MapGet("/{id:guid}", Get).WithSummary("Get a system model by id (System only)");
        group.MapPut("/{id:guid}", Update).WithSummary("Update a system model (System only; If-Match)").WithErrorResponses(409, 412);
        group.MapDeletionRequest(ResourceTypes.SystemModel, "Delete a system model (System only)");
        group.MapPost("/{id:guid}/test", Test).WithSummary("Test connection to a system model (System only)")
            .WithErrorResponses(429).WithModelRunRateLimit(RateLimitedWork.ConnectionTests);
        return group;
    }

    private static async Task<Ok<PageResponse<VisibleSystemModelView>>> ListVisible(HttpContext http, ModelService models,
        [AsParameters] PageQuery query) =>
        ApiResults.Page(await models.ListVisibleSystemModelsAsync(await http.ActorAsync(), query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<PageResponse<ModelView>>> List(HttpContext http, ModelService models, [AsParameters] PageQuery query) =>
        ApiResults.Page(await models.ListSystemAsync(await http.ActorAsync(), query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<ModelView>> Get(HttpContext http, ModelService models, Guid id)
    {
        var model = await models.GetSystemAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, model, model.Version);
    }

    private static async Task<Created<ModelView>> Create(HttpContext http, ModelService models, CreateSystemModelRequest request)
    {
        var model = await models.CreateSystemAsync(await http.ActorAsync(), request.ToInput(), http.RequestAborted);
        return ApiResults.Created(http, $"/api/system-models/{model.Id}", model, model.Version);
    }

    private static async Task<Ok<ModelView>> Update(HttpContext http, ModelService models, Guid id, UpdateSystemModelRequest request)
    {
        var model = await ETags.WriteAsync(http.Request, async version =>
            await models.UpdateSystemAsync(await http.ActorAsync(), id, request.ToInput(), version, http.RequestAborted));
        return ApiResults.Tagged(http, model, model.Version);
    }

    private static async Task<Ok<ModelConnectionResult>> Test(HttpContext http, ModelConnectionTester tester, Guid id) =>
        TypedResults.Ok(await tester.TestSystemAsync(await http.ActorAsync(), id, http.RequestAborted));

}
