using System.Diagnostics;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Knowledge;
using Builder.Domain.Tables.Knowledge;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Chat;

/// <summary>
/// Searches an agent's knowledge bases for one chat turn, as the person chatting, and builds the context the model gets
/// (<see cref="KnowledgeContextBuilder"/>).
/// <para><b>Always retrieve, not a <c>search_knowledge</c> tool.</b> Every turn of an agent with knowledge bases searches them
/// with the person's message and puts the best passages in the system message. A tool would leave it to the model whether to
/// look at all: models without tool calling (and small ones that rarely call tools) would never see the knowledge bases, and
/// a test chat would answer differently from run to run for the same question. Retrieving first needs nothing from
/// <see cref="ChatRunner"/>'s tool loop, costs one embedding and one in-memory search per knowledge base (milliseconds with
/// the local model), and what the model read is exactly what the retrieval step shows: it is honest by construction. The
/// price is that a follow-up such as "and on Saturdays?" is searched as written (the query is the message, not a rewrite).</para>
/// <para>Access: each knowledge base goes through <see cref="KnowledgeBaseService.OpenForSearchAsync"/> (VIEW on the table in
/// the agent's organization, as the console's search page and the API's search need). One the person may not read (not
/// shared with them, in the trash, deleted, or moved out of the organization) is skipped with a note that names no name: its
/// name and contents never reach the model, the step or the log. A search that fails (the embedding model unreachable)
/// skips that knowledge base with the reason; the turn goes on.</para>
/// </summary>
/// <remarks>The knowledge-base service (and the blob store and indexing it brings) is resolved only when an agent has knowledge
/// bases: pages that merely hold the chat service, and agents without knowledge bases, never need it.</remarks>
public sealed class KnowledgeRetriever(IServiceProvider services, ILogger<KnowledgeRetriever>? logger = null, RetrievalLimits? limits = null)
{
    readonly ILogger _logger = logger ?? NullLogger<KnowledgeRetriever>.Instance;

    public RetrievalLimits Limits { get; } = limits ?? new RetrievalLimits();

    public const string NotAvailable = "is not available to you (not shared with you, in the trash or deleted), so it was not searched";

    /// <summary>The context of one turn; null when the agent has no knowledge bases (the turn is then exactly as without this).</summary>
    public async Task<KnowledgeContext?> RetrieveAsync(Actor actor, Guid organizationId, IReadOnlyList<Guid> knowledgeBaseIds, string message,
        CancellationToken ct = default)
    {
        var ids = knowledgeBaseIds.Distinct().ToList();
        if (ids.Count == 0) return null;
        var knowledge = services.GetRequiredService<KnowledgeBaseService>();
        var started = Stopwatch.GetTimestamp();
        var notes = new List<string>();
        var query = message.Trim();
        if (query.Length > TableVectorIndex.MaxQueryLength)
        {
            query = query[..TableVectorIndex.MaxQueryLength];
            notes.Add($"The search used the first {TableVectorIndex.MaxQueryLength:N0} characters of the message.");
        }
        var searched = new List<KnowledgeBaseHits>();
        for (var i = 0; i < ids.Count && query.Length > 0; i++)
        {
            SearchableKnowledgeBase kb;
            try
            {
                kb = await knowledge.OpenForSearchAsync(actor, organizationId, ids[i], ct);
            }
            catch (DomainException)
            {
                // Not found, forbidden or not searchable: the same note whatever the reason, naming no name.
                notes.Add(ids.Count == 1 ? $"The agent's knowledge base {NotAvailable}." : $"Knowledge base {i + 1} of {ids.Count} {NotAvailable}.");
                _logger.LogInformation("Chat retrieval skipped knowledge base {Position} of {Count}: not available to the person chatting", i + 1, ids.Count);
                continue;
            }
            try
            {
                var results = await knowledge.SearchAsync(kb, query, Limits.PerKnowledgeBase, ct);
                searched.Add(new KnowledgeBaseHits(kb.TableId, kb.Name, results.Results));
                if (results.Searched == 0) notes.Add($"{kb.Name} has no indexed passages yet: upload documents to it (or wait for their indexing to finish).");
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                notes.Add($"{kb.Name} could not be searched: {e.Message}");
                _logger.LogWarning("Chat retrieval in knowledge base {TableId} failed: {Error}", kb.TableId, e.GetType().Name);
            }
        }
        if (query.Length == 0) notes.Add("The message is empty: nothing was searched.");
        return KnowledgeContextBuilder.Build(query, searched, notes, Limits, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
