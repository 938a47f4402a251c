using Microsoft.AspNetCore.Routing;

namespace Builder.Web.Api.Poweruser;

/// <summary>Marks an endpoint of the poweruser API (the fallback uses it to answer 405 to another method on a known path).</summary>
public sealed record PoweruserEndpoint;

/// <summary>The body type of a poweruser endpoint, for the OpenAPI document (<see cref="ApiDocsOpenApi"/>).</summary>
public sealed record PoweruserBody(Type Type);

/// <summary>A body with no fields: <c>{}</c> or an empty body. Unknown fields are ignored, as for every body.</summary>
public sealed record NoFields;

public static class PoweruserApi
{
    public const string Prefix = "/autessa_poweruser";

    public static IServiceCollection AddPoweruserApi(this IServiceCollection services) => services.AddSingleton<PoweruserJson>();

    /// <summary>
    /// The programmatic API of the reference (admin-api-keys-and-poweruser-api.txt) under <c>/autessa_poweruser</c>.
    /// <list type="bullet">
    /// <item>Every endpoint is <c>POST</c> with a JSON object body; an empty body means <c>{}</c>. Another method on a
    /// known path is 405, an unknown path 404, an excluded operation (<see cref="ExcludedOperations"/>) 403.</item>
    /// <item>Callers: <c>Authorization: pwrusr:{key_id}:{secret}</c> (the /api's <c>ApiKeyAuthenticationHandler</c>: the
    /// key's owner confined to the key's organization) or a signed-in session, which must send
    /// <c>Content-Type: application/json</c> (what no other site can make a browser send without CORS; with SameSite=Lax
    /// cookies this is the /api's CSRF stance). Anonymous: 401.</item>
    /// <item>Answers: 200 with the data and <c>errors: []</c>; a failure is its status (400, 401, 403, 404, 405, 409, 412,
    /// 413, 415, 429, 500) with <c>{ "errors": [ { "code", "message", "field"? } ] }</c> (<see cref="PoweruserErrors"/>,
    /// one mapping for the whole group). Requests count against the per-person <see cref="RateLimits.Poweruser"/> allowance.</item>
    /// </list>
    /// <para><b>How to add an endpoint</b> (e.g. <c>/autessadb/tables/get</c>):</para>
    /// <list type="number">
    /// <item>Declare the body and the answer: <c>public sealed record GetTableRequest([property: PoweruserId] long? TableId);</c>
    /// and <c>public sealed record GetTableResponse(TableDto Table) : PoweruserResult;</c> (the base adds <c>errors: []</c>).
    /// Integer ids carry <see cref="PoweruserIdAttribute"/>; a body with no fields is <see cref="NoFields"/>.</item>
    /// <item>In a <c>Map…PoweruserEndpoints(this RouteGroupBuilder poweruser)</c> of the feature (see
    /// <see cref="PoweruserUserEndpoints"/>), map it: <c>var tables = poweruser.MapGroup("/autessadb/tables").WithTags("Poweruser: AutessaDB tables");</c>
    /// <c>tables.MapPoweruser&lt;GetTableRequest, GetTableResponse&gt;("/get", async (body, call) =&gt; …)</c>, and call that
    /// method from <see cref="MapPoweruserApi"/>.</item>
    /// <item>In the handler call the domain service with <c>call.Actor</c>, <c>call.OrganizationId</c> and <c>call.Aborted</c>;
    /// throw the domain's exceptions (<c>ValidationException(field, message)</c>, <c>NotFoundException</c>, <c>ForbiddenException</c>,
    /// <c>ConflictException</c>) and never write an error body yourself. A required id: <c>ApiResults.Required(body.TableId, "tableId")</c>.</item>
    /// <item>Never map delete, confirm-delete, share, transfer-ownership or get-sharing-details: startup fails if you do.</item>
    /// <item>Document it in the README's poweruser table; the OpenAPI document picks it up (tag, body, answer) by itself.</item>
    /// </list>
    /// </summary>
    public static IEndpointRouteBuilder MapPoweruserApi(this IEndpointRouteBuilder app)
    {
        var poweruser = app.MapGroup(Prefix).RequireAuthorization()
            .WithPoweruserRateLimit()
            .WithMetadata(new PoweruserEndpoint());
        poweruser.MapPoweruserUserEndpoints();
        AutessaDb.AutessaDbTableEndpoints.MapAutessaDbTableEndpoints(poweruser);
        AutessaDb.AutessaDbQueryEndpoints.MapAutessaDbQueryEndpoints(poweruser);
        Agents.AgentEndpoints.MapAgentEndpoints(poweruser);
        Tools.ToolEndpoints.MapToolEndpoints(poweruser);
        Managers.ManagerEndpoints.MapManagerEndpoints(poweruser);
        Connectors.ConnectorEndpoints.MapConnectorEndpoints(poweruser);
        Mcp.McpServerEndpoints.MapMcpServerEndpoints(poweruser);
        Conversations.ConversationEndpoints.MapConversationEndpoints(poweruser);

        app.MapFallback(Prefix + "/{**path}", Unmatched).RequireAuthorization().WithPoweruserRateLimit().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Maps <c>POST {pattern}</c>: reads the body as <typeparamref name="TBody"/> (<see cref="PoweruserJson"/>), decides the
    /// caller and organization (<see cref="PoweruserCall"/>), runs <paramref name="handler"/> and answers 200 with its result.
    /// Whatever it throws becomes the poweruser error form (<see cref="PoweruserErrors.Map"/>).
    /// </summary>
    public static RouteHandlerBuilder MapPoweruser<TBody, TResult>(this RouteGroupBuilder group, string pattern,
        Func<TBody, PoweruserCall, Task<TResult>> handler)
        where TBody : class where TResult : PoweruserResult
    {
        if (ExcludedOperations.Match(pattern) is { } operation)
            throw new InvalidOperationException($"'{pattern}' is an excluded operation ({operation}): the poweruser API never offers it.");
        return group.MapPost(pattern, async (HttpContext http, PoweruserJson json) =>
            {
                var body = await json.ReadAsync<TBody>(http);
                var call = await PoweruserCall.StartAsync(http);
                return TypedResults.Ok(await handler(body, call));
            })
            // Not Accepts<TBody>(): its content-type matching would send an empty body without Content-Type to the fallback.
            .WithMetadata(new PoweruserBody(typeof(TBody)))
            .Produces<TResult>(StatusCodes.Status200OK)
            .Produces<PoweruserFailure>(StatusCodes.Status400BadRequest)
            .Produces<PoweruserFailure>(StatusCodes.Status401Unauthorized)
            .Produces<PoweruserFailure>(StatusCodes.Status403Forbidden)
            .Produces<PoweruserFailure>(StatusCodes.Status404NotFound)
            .Produces<PoweruserFailure>(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>An excluded operation (403, human oversight), another method on a known path (405), or no such endpoint (404).</summary>
    private static IResult Unmatched(HttpContext http, EndpointDataSource endpoints)
    {
        var path = http.Request.Path.Value ?? "";
        if (ExcludedOperations.Match(path) is { } operation) throw ExcludedOperations.Refusal(operation);
        var known = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PoweruserEndpoint>() is not null && e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .Any(e => string.Equals("/" + e.RoutePattern.RawText?.Trim('/'), "/" + path.Trim('/'), StringComparison.OrdinalIgnoreCase));
        if (known && !HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "POST";
            return Results.Json(PoweruserErrors.Single(405, "Every poweruser endpoint takes POST with a JSON body."), statusCode: 405);
        }
        return Results.Json(PoweruserErrors.Single(404,
            "No poweruser endpoint matches this path. The endpoints are listed in the API docs (/api-docs)."), statusCode: 404);
    }
}
