using Builder.Domain.Access;
using Builder.Web.Authentication;

namespace Builder.Web.Api;

public static class HttpContextExtensions
{
    /// <summary>The calling actor for an API request; endpoints under /api require authentication, so it is always there.</summary>
    public static async Task<Actor> ActorAsync(this HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(Actor), out var cached) && cached is Actor actor) return actor;
        var resolver = context.RequestServices.GetRequiredService<ActorResolver>();
        actor = await resolver.ResolveAsync(context.User, context.RequestAborted)
                ?? throw new BadHttpRequestException("The signed-in user no longer exists.", StatusCodes.Status401Unauthorized);
        context.Items[typeof(Actor)] = actor;
        return actor;
    }
}
