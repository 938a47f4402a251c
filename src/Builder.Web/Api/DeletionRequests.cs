using System.Text.Json;
using Builder.Domain.Approvals;
using Builder.Web.Features.Approvals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Builder.Web.Api;

/// <summary>The 202 answer of a human-only operation: the approval request it became, and where to follow it.</summary>
public sealed record ApprovalRequestAccepted(ApprovalRequestView Request, string Url);

/// <summary>
/// Every <c>DELETE</c> of the API asks for approval instead of deleting: the justification comes in the JSON body
/// (<c>{ "justification": "…" }</c>), the version the caller read in If-Match, and the answer is 202 Accepted with the
/// request and its URL (also the Location). The four-eyes rule itself is the domain's (<see cref="ApprovalService"/>): a
/// missing reason is a 400 that says the operation goes to a reviewer, an API key a 403, a stale If-Match a 412.
/// </summary>
public static class DeletionRequests
{
    /// <summary>What the OpenAPI document and the README say a DELETE does now.</summary>
    public const string Summary = "asks for approval: body { \"justification\" }, If-Match optional; 202 with the request";

    /// <summary>What the OpenAPI document says about every DELETE.</summary>
    public const string Description =
        "Deleting goes to a reviewer: the answer is 202 Accepted with the approval request and its URL (also the Location), and the " +
        "resource stays until a second person approves (GET the URL to follow it). Send the reason as JSON: { \"justification\": \"…\" }; " +
        "without one the answer is 400. If-Match (the ETag read) makes the request refuse a resource changed since (412). API keys: 403.";

    /// <summary>Marks a DELETE that requests approval, for the OpenAPI document.</summary>
    public sealed class Marker;

    /// <summary>Declares a DELETE on <paramref name="group"/> that requests the deletion of a <paramref name="resourceType"/>.</summary>
    public static RouteHandlerBuilder MapDeletionRequest(this RouteGroupBuilder group, string resourceType, string summary, params int[] errors) =>
        group.MapDelete("/{id:guid}", (HttpContext http, ApprovalService approvals, Guid id) => http.RequestDeletionAsync(approvals, resourceType, id))
            .WithMetadata(new Marker())
            .Produces<ApprovalRequestAccepted>(StatusCodes.Status202Accepted)
            .WithSummary($"{summary} — {Summary}")
            .WithErrorResponses([.. errors.Append(412).Distinct()]);

    /// <summary>Requests the deletion of <paramref name="resourceId"/> as the caller: 202 with the request and its URL.</summary>
    public static Task<Accepted<ApprovalRequestAccepted>> RequestDeletionAsync(this HttpContext http, ApprovalService approvals,
        string resourceType, Guid resourceId) =>
        http.RequestApprovalAsync(approvals, ApprovalOperations.Delete, resourceType, resourceId);

    /// <summary>
    /// Asks for a human-only operation that takes nothing but a reason (a delete, a purge): the optional JSON body
    /// <c>{ "justification" }</c>, the If-Match version; 202 with the request and its URL.
    /// </summary>
    public static async Task<Accepted<ApprovalRequestAccepted>> RequestApprovalAsync(this HttpContext http, ApprovalService approvals,
        string operation, string resourceType, Guid resourceId)
    {
        var actor = await http.ActorAsync();
        var input = await JustificationAsync(http);
        var request = await ETags.WriteAsync(http.Request, version => approvals.RequestAsync(actor, operation, resourceType,
            resourceId, input?.Justification, null, version, http.RequestAborted));
        return Accepted(request);
    }

    /// <summary>What every human-only operation answers: 202, the request and its URL in the body and in Location.</summary>
    public static Accepted<ApprovalRequestAccepted> Accepted(ApprovalRequestView request)
    {
        var url = ApprovalLinks.Api(request.Id);
        return TypedResults.Accepted(url, new ApprovalRequestAccepted(request, url));
    }

    /// <summary>The optional JSON body of a DELETE; none (or <c>null</c>) leaves the justification missing, which the domain refuses.</summary>
    private static async Task<JustificationInput?> JustificationAsync(HttpContext http)
    {
        var request = http.Request;
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody) return null;
        if (!request.HasJsonContentType())
            throw new BadHttpRequestException("Send the justification as JSON with Content-Type: application/json.", StatusCodes.Status415UnsupportedMediaType);
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await request.ReadFromJsonAsync<JustificationInput>(options, http.RequestAborted);
        }
        catch (JsonException json)
        {
            throw new BadHttpRequestException("Malformed JSON body", StatusCodes.Status400BadRequest, json);
        }
    }
}
