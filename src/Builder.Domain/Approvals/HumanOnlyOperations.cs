using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Approvals;

/// <summary>Registers the human-only operations resources opt into; <see cref="ApprovalService"/> finds them by operation and type.</summary>
public static class HumanOnlyOperations
{
    /// <summary>
    /// Deleting a <paramref name="resourceType"/> goes through approval: <paramref name="describe"/> says what would go (as the
    /// requester), <paramref name="delete"/> runs the approved deletion against the version requested.
    /// </summary>
    public static IServiceCollection AddDeletion<TService>(this IServiceCollection services, string resourceType,
        Func<TService, Actor, Guid, CancellationToken, Task<ApprovalTarget>> describe,
        Func<TService, Actor, ApprovalTarget, CancellationToken, Task> delete) where TService : notnull =>
        services.AddScoped<IHumanOnlyOperation>(provider => new Deletion<TService>(provider.GetRequiredService<TService>(), resourceType, describe, delete));

    private sealed class Deletion<TService>(TService service, string resourceType,
        Func<TService, Actor, Guid, CancellationToken, Task<ApprovalTarget>> describe,
        Func<TService, Actor, ApprovalTarget, CancellationToken, Task> delete) : IHumanOnlyOperation
    {
        public string Operation => ApprovalOperations.Delete;
        public string ResourceType => resourceType;

        public Task<ApprovalTarget> DescribeAsync(Actor requester, Guid resourceId, JsonNode? payload, CancellationToken ct = default) =>
            describe(service, requester, resourceId, ct);

        /// <summary>
        /// Runs the approved deletion only if it would take exactly what the reviewer was shown: a target whose own version is
        /// unchanged can still have gained what goes with it (an environment 4 more variables, an organization another
        /// environment), and the reviewer did not approve deleting those. So it is described again, as the requester, first.
        /// </summary>
        public async Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default)
        {
            var now = await describe(service, requester, target.ResourceId, ct);
            if (!now.Consequences.SequenceEqual(target.Consequences, StringComparer.Ordinal))
                throw new Common.ConcurrencyException("someone else", DateTime.UtcNow);
            await delete(service, requester, target, ct);
        }
    }
}
