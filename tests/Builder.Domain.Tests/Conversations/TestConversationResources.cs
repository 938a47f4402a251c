using Builder.Domain.Access;
using Builder.Domain.Conversations;
using Builder.Domain.Sharing;

namespace Builder.Domain.Tests.Conversations;

/// <summary>
/// The test implementation of <see cref="IConversationResourceAccess"/>: agents and managers registered by id with their
/// organization, owner and sharing; access is the Builder's rule (<see cref="ResourceAccess"/>: role matrix intersected with
/// sharing), with the workflow permissions standing in for the agents' own.
/// </summary>
public sealed class TestConversationResources : IConversationResourceAccess
{
    static readonly ResourcePermissions Rights = new(Builder.Domain.Access.Permissions.WorkflowsRead, Builder.Domain.Access.Permissions.WorkflowsUpdate, Builder.Domain.Access.Permissions.WorkflowsDelete);

    readonly Dictionary<(ConversationResourceType, Guid), (Guid Organization, string Name, ResourceSharing Sharing)> _resources = [];

    public Guid Add(ConversationResourceType type, Guid organizationId, string name, ResourceSharing sharing)
    {
        var id = Guid.NewGuid();
        _resources[(type, id)] = (organizationId, name, sharing);
        return id;
    }

    public Task<ConversationResource?> FindAsync(Actor actor, ConversationResourceType type, Guid resourceId, CancellationToken cancellationToken = default)
    {
        if (!_resources.TryGetValue((type, resourceId), out var r)) return Task.FromResult<ConversationResource?>(null);
        var access = ResourceAccess.For(actor, r.Organization, r.Sharing, Rights);
        return Task.FromResult<ConversationResource?>(access == AccessLevel.None ? null : new ConversationResource(type, resourceId, r.Organization, r.Name, access));
    }
}
