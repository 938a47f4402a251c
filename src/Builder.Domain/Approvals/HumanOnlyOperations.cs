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

        public Task ExecuteAsync(Actor requester, ApprovalTarget target, JsonNode? payload, CancellationToken ct = default) =>
            delete(service, requester, target, ct);
    }
}
