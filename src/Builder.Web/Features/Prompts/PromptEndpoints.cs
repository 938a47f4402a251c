using Builder.Domain.Audit;
using System.Text.Json.Nodes;
using Builder.Domain.Models;
using Builder.Domain.Prompts;
using Builder.Domain.Sharing;
using Builder.Web.Api;
using Builder.Web.Features.Sharing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Prompts;

/// <summary>A new prompt (the reference's "Create Prompt" body) or an edit: fields left out keep their value.</summary>
public sealed record PromptRequest(Guid? OrganizationId, Guid? ModelId, string? Title, string? Content, string? OutputFormat, string? OutputTemplate)
{
    public PromptInput ToInput() => new(Title, Content, ModelId, OutputFormat, OutputTemplate);
}

/// <summary>A run: a value for each variable of the content.</summary>
public sealed record RunPromptRequest(Dictionary<string, JsonNode?>? Values);

/// <summary>
/// <c>/api/prompts</c>: standalone prompts. entities:read reads and runs (every role); entities:create, entities:update and
/// entities:delete change them. A run is rate-limited per person like the test helpers.
/// </summary>
public static class PromptEndpoints
{
    public static RouteGroupBuilder MapPromptEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapResource("/prompts", "Prompts");
        group.MapGet("/", List).WithSummary("List prompts (organizationId required; search by title, paging, sort=title|updatedAt|createdAt, ownership=owned|company|shared)");
        group.MapGet("/all", All).WithSummary("All prompts the caller sees, grouped: ownedPrompts, companySharedPrompts, sharedWithMePrompts");
        group.MapPost("/", Create).WithSummary("Create a prompt");
        group.MapGet("/{id:guid}", Get).WithSummary("Get a prompt by id");
        group.MapPut("/{id:guid}", Update).WithSummary("Update a prompt (If-Match)").WithErrorResponses(412);
        group.MapDeletionRequest(ResourceTypes.Prompt, "Delete a prompt");
        group.MapSharingEndpoints<Prompt>("prompt");
        group.MapPost("/{id:guid}/run", Run)
            .WithSummary("Run a prompt on its model with a value for each variable (entities:read); a json prompt's answer is checked against its output template")
            .WithErrorResponses(429, 502).WithModelRunRateLimit(RateLimitedWork.PromptRuns);
        return group;
    }

    private static async Task<Ok<PageResponse<PromptView>>> List(HttpContext http, PromptService prompts, Guid? organizationId,
        string? ownership, [AsParameters] PageQuery query) =>
        ApiResults.Page(await prompts.ListAsync(await http.ActorAsync(), organizationId, query.ToRequest(), http.RequestAborted,
            OwnedResources.ParseFilter(ownership)));

    private static async Task<Ok<Dictionary<string, IReadOnlyList<PromptView>>>> All(HttpContext http, PromptService prompts,
        Guid? organizationId, string? search)
    {
        var actor = await http.ActorAsync();
        return await SharingEndpoints.GroupsAsync("Prompts", search, "title", (filter, page) =>
            prompts.ListAsync(actor, organizationId, page, http.RequestAborted, filter));
    }

    private static async Task<Ok<PromptView>> Get(HttpContext http, PromptService prompts, Guid id)
    {
        var prompt = await prompts.GetAsync(await http.ActorAsync(), id, http.RequestAborted);
        return ApiResults.Tagged(http, prompt, prompt.ConcurrencyToken);
    }

    private static async Task<Created<PromptView>> Create(HttpContext http, PromptService prompts, PromptRequest request)
    {
        var organizationId = ApiResults.Required(request.OrganizationId, "organizationId");
        var prompt = await prompts.CreateAsync(await http.ActorAsync(), organizationId, request.ToInput(), http.RequestAborted);
        return ApiResults.Created(http, $"/api/prompts/{prompt.Id}", prompt, prompt.ConcurrencyToken);
    }

    private static async Task<Ok<PromptView>> Update(HttpContext http, PromptService prompts, Guid id, PromptRequest request)
    {
        var prompt = await ETags.WriteAsync(http.Request, async expected =>
            await prompts.UpdateAsync(await http.ActorAsync(), id, request.ToInput(), expected, http.RequestAborted));
        return ApiResults.Tagged(http, prompt, prompt.ConcurrencyToken);
    }


    private static async Task<Results<Ok<PromptRunResult>, JsonHttpResult<ErrorResponse>>> Run(HttpContext http, PromptService prompts, Guid id,
        RunPromptRequest? request)
    {
        try
        {
            return TypedResults.Ok(await prompts.RunAsync(await http.ActorAsync(), id, request?.Values, http.RequestAborted));
        }
        catch (ModelCallException e)
        {
            // The reason is already free of credentials (the gateway scrubs it); the endpoint's status stays out of the way.
            return TypedResults.Json(new ErrorResponse("The model call failed", e.Message), statusCode: StatusCodes.Status502BadGateway);
        }
    }
}
