using Builder.Domain.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Api;

/// <summary>The answers every endpoint group gives the same way: ETag-carrying resources, creations, deletions, required ids.</summary>
public static class ApiResults
{
    /// <summary>200 with the resource and its concurrency token as the ETag.</summary>
    public static Ok<T> Tagged<T>(HttpContext http, T resource, Guid version)
    {
        ETags.Set(http.Response, version);
        return TypedResults.Ok(resource);
    }

    /// <summary>201 with the new resource, its location and its ETag.</summary>
    public static Created<T> Created<T>(HttpContext http, string location, T resource, Guid version)
    {
        ETags.Set(http.Response, version);
        return TypedResults.Created(location, resource);
    }

    public static Ok<DeletedResponse> Deleted(Guid id) => TypedResults.Ok(new DeletedResponse(true, id));

    public static Ok<PageResponse<T>> Page<T>(PagedResult<T> page) => TypedResults.Ok(PageResponse<T>.From(page));

    /// <summary>A required value (an id, a role) from a body or the query string; missing is a 400 naming the field.</summary>
    public static T Required<T>(T? value, string field) where T : struct =>
        value ?? throw new ValidationException(field, $"{field} is required.");

    /// <summary>Documents the standard error answers (<see cref="ErrorResponse"/>) for every endpoint of a group.</summary>
    public static RouteGroupBuilder WithErrorResponses(this RouteGroupBuilder group, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
            group.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ErrorResponse), ["application/json"]));
        return group;
    }

    /// <summary>Documents further error answers of one endpoint, such as 409 (duplicate) or 412 (stale If-Match).</summary>
    public static RouteHandlerBuilder WithErrorResponses(this RouteHandlerBuilder endpoint, params int[] statusCodes)
    {
        foreach (var status in statusCodes) endpoint.Produces<ErrorResponse>(status);
        return endpoint;
    }

    /// <summary>A resource group under /api: tagged for the OpenAPI document, with the error answers every resource can give.</summary>
    public static RouteGroupBuilder MapResource(this RouteGroupBuilder api, string prefix, string tag) =>
        api.MapGroup(prefix).WithTags(tag).WithErrorResponses(400, 401, 403, 404);
}
