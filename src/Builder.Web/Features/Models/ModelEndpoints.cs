using Builder.Domain.Audit;
using Builder.Domain.Models;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Models;

/// <summary>A new organization model. The credentials are optional and write-only.</summary>
public sealed record CreateModelRequest(Guid? OrganizationId, string? Name, string? ModelUrl, string? ModelName, string? Description = null,
    string? Provider = null, double? Temperature = null, int? MaxOutputTokens = null, int? TimeoutSeconds = null,
    string? Token = null, string? ClientKey = null, string? SecretKey = null)
{
    public ModelInput ToInput() => new(Name, ModelUrl, ModelName, Description, Provider, Temperature, MaxOutputTokens, TimeoutSeconds,
        Token, false, ClientKey, false, SecretKey, false);
}

/// <summary>
/// An edit: the settings are replaced; each credential omitted keeps the stored one, a new value replaces it, and
/// <c>clearToken</c>, <c>clearClientKey</c>, <c>clearSecretKey</c> remove it.
/// </summary>
public sealed record UpdateModelRequest(string? Name, string? ModelUrl, string? ModelName, string? Description = null,
    string? Provider = null, double? Temperature = null, int? MaxOutputTokens = null, int? TimeoutSeconds = null,
    string? Token = null, bool? ClearToken = null, string? ClientKey = null, bool? ClearClientKey = null,
    string? SecretKey = null, bool? ClearSecretKey = null)
{
    public ModelInput ToInput() => new(Name, ModelUrl, ModelName, Description, Provider, Temperature, MaxOutputTokens, TimeoutSeconds,
        Token, ClearToken ?? false, ClientKey, ClearClientKey ?? false, SecretKey, ClearSecretKey ?? false);
}

/// <summary>
/// <c>/api/models</c>: an organization's AI model configurations (entities:* permissions). Credentials go in and never come
/// out: every answer is a <see cref="ModelView"/>, which carries <c>hasToken</c>, <c>hasClientKey</c> and <c>hasSecretKey</c>.
/// </summary>
public static class ModelEndpoints
{
    public static RouteGroupBuilder MapModelEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/models", "Models");
        group.MapGet("/", List).WithSummary("List models of an organization");
        group.MapPost("/", Create).WithSummary("Create a model").WithErrorResponses(409);
        group.MapGet("/{id:guid}", Get).WithSummary("Get a model by id");
        group.MapPut("/{id:guid}", Update).WithSummary("Update a model: settings, and set, replace or clear its credentials (If-Match)")
            .WithErrorResponses(409, 412);
        group.MapDeletionRequest(ResourceTypes.Model, "Delete a model");
        group.MapPost("/{id:guid}/test", Test)
            .WithSummary("Test connection: one minimal request; ok with latency and the model's reply, or the reason it failed (entities:read)")
            .WithErrorResponses(429).WithModelRunRateLimit(RateLimitedWork.ConnectionTests); // a real, billed request to the model: the per-person limit, as for runs
        return group;
    }

    private static async Task<Ok<PageResponse<ModelView>>> List(HttpContext http, ModelService models, Guid? organizationId,
        [AsParameters] PageQuery query) =>
        ApiResults.Page(await models.ListAsync(await http.ActorAsync(), ApiResults.Required(organizationId, "organizationId"),
            query.ToRequest(), http.RequestAborted));

    private static async Task<Ok<ModelView>> Get(HttpContext http, ModelService models, Guid id)
    {
        var model = await models.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, model, model.Version);
    }

    private static async Task<Created<ModelView>> Create(HttpContext http, ModelService models, CreateModelRequest request)
    {
        var organizationId = ApiResults.Required(request.OrganizationId, "organizationId");
        var model = await models.CreateAsync(await http.ActorAsync(), organizationId, request.ToInput(), http.RequestAborted);
        return ApiResults.Created(http, $"/api/models/{model.Id}", model, model.Version);
    }

    private static async Task<Ok<ModelView>> Update(HttpContext http, ModelService models, Guid id, UpdateModelRequest request)
    {
        var model = await ETags.WriteAsync(http.Request, async version =>
            await models.UpdateAsync(await http.ActorAsync(), id, request.ToInput(), version, http.RequestAborted));
        return ApiResults.Tagged(http, model, model.Version);
    }

    /// <summary>A failing endpoint is a finding, not an API error: 200 with <c>ok: false</c> and the reason.</summary>
    private static async Task<Ok<ModelConnectionResult>> Test(HttpContext http, ModelConnectionTester tester, Guid id) =>
        TypedResults.Ok(await tester.TestAsync(await http.ActorAsync(), id, http.RequestAborted));

}
