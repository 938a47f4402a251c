using Builder.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Conversations;

/// <summary>
/// What goes with an agent or a manager when it is purged (deleted for good): its conversations with their messages and
/// evaluations, so nothing of it is left in any list, history or statistics. They name the resource by id only (one store
/// for both kinds, no foreign key), so no cascade takes them; while the resource is in the trash they stay (a restore
/// brings them back). A manager's messages that were routed to a purged agent stay with the manager: they are its history
/// and keep the agent's name.
/// </summary>
internal static class ConversationPurge
{
    public static async Task RemoveOfAsync(IBuilderDbContext db, Guid resourceId, CancellationToken ct)
    {
        await db.Set<ConversationEvaluation>().Where(e => e.ResourceId == resourceId).ExecuteDeleteAsync(ct);
        await db.Set<ConversationMessage>().Where(m => m.ResourceId == resourceId).ExecuteDeleteAsync(ct);
        await db.Set<Conversation>().Where(c => c.ResourceId == resourceId).ExecuteDeleteAsync(ct);
    }
}
