using Builder.Domain.ApiKeys;
using Builder.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.ApiKeys;

public sealed record CreateApiKeyRequest(Guid? OrganizationId, string? Name);

/// <summary>
/// <c>/api/api-keys</c>: admin API keys of an organization. Creation answers the whole <c>pwrusr:{key_id}:{secret}</c>
/// token once; afterwards only its key id is ever shown. Generating and revoking keys is for people, not for keys.
/// </summary>
public static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapApiKeyEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/api-keys", "API keys");
        group.MapGet("/", List).WithSummary("List API keys of an organization");
        group.MapPost("/", Create).WithSummary("Generate an API key; the token is shown once (people only)");
        group.MapDelete("/{id:guid}", Revoke).WithSummary("Revoke an API key (people only)");
        return group;
    }

    private static async Task<Ok<PageResponse<ApiKeyView>>> List(HttpContext http, ApiKeyService keys,
        Guid? organizationId, [AsParameters] PageQuery query) =>
        ApiResults.Page(await keys.ListAsync(await http.ActorAsync(), ApiResults.Required(organizationId, "organizationId"),
            query.ToRequest(), http.RequestAborted));

    private static async Task<Created<GeneratedApiKey>> Create(HttpContext http, ApiKeyService keys, CreateApiKeyRequest request)
    {
        var organizationId = ApiResults.Required(request.OrganizationId, "organizationId");
        var generated = await keys.GenerateAsync(await http.ActorAsync(), organizationId, request.Name, http.RequestAborted);
        return TypedResults.Created($"/api/api-keys?organizationId={organizationId}", generated);
    }

    /// <summary>Revokes the key: it stops authenticating at once and stays listed with <c>revokedAt</c>.</summary>
    private static async Task<Ok<DeletedResponse>> Revoke(HttpContext http, ApiKeyService keys, Guid id)
    {
        await keys.RevokeAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Deleted(id);
    }
}
