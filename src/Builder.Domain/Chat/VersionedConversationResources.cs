using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Conversations;
using Builder.Domain.Sharing;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Chat;

/// <summary>
/// <see cref="IConversationResourceAccess"/> over agents and managers: the record (not in the trash) and the caller's
/// access to it by the owned-resource rule (role matrix intersected with sharing). Unknown, trashed, another
/// organization's or invisible: null (404).
/// </summary>
public sealed class VersionedConversationResources(IBuilderDbContextFactory dbs) : IConversationResourceAccess
{
    public async Task<ConversationResource?> FindAsync(Actor actor, ConversationResourceType type, Guid resourceId, CancellationToken cancellationToken = default)
    {
        await using var db = dbs.Create();
        if (type == ConversationResourceType.Agent)
        {
            var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == resourceId, cancellationToken);
            if (agent is null) return null;
            var access = await db.AccessOfAsync(actor, agent, cancellationToken);
            return access == AccessLevel.None ? null : new ConversationResource(type, agent.Id, agent.OrganizationId, agent.Name, access);
        }
        var manager = await db.Managers.AsNoTracking().FirstOrDefaultAsync(m => m.Id == resourceId, cancellationToken);
        if (manager is null) return null;
        var managerAccess = await db.AccessOfAsync(actor, manager, cancellationToken);
        return managerAccess == AccessLevel.None ? null : new ConversationResource(type, manager.Id, manager.OrganizationId, manager.Name, managerAccess);
    }
}
