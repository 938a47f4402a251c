using Builder.Web.Features.Environments;
using Builder.Web.Features.Session;

namespace Builder.Web.Api;

public static class ApiEndpoints
{
    /// <summary>Every REST endpoint lives under /api, requires a session cookie or an admin API key, and answers errors as JSON.</summary>
    public static IEndpointRouteBuilder MapBuilderApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapSessionEndpoints();
        api.MapEnvironmentEndpoints();

        app.MapFallback("/api/{**path}", () => TypedResults.Json(new ErrorResponse("Not found", "No API endpoint matches this path."), statusCode: 404))
            .ExcludeFromDescription();
        return app;
    }
}
