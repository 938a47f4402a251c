using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Common;
using Microsoft.AspNetCore.Components;

namespace Builder.Web.Features.Approvals;

/// <summary>
/// Which rows of a list page wait for an approved deletion: one query per loaded page (never one per row), and the small
/// "Deletion requested" chip a row shows until the request is decided. A list's Load wraps its service call in
/// <see cref="LoadAsync{T}"/>; a cell renders <see cref="Chip"/>.
/// </summary>
public sealed class PendingDeletions(string resourceType)
{
    private IReadOnlySet<Guid> _pending = new HashSet<Guid>();

    /// <summary>Loads a page, then which of its rows have a pending deletion request.</summary>
    public async Task<PagedResult<T>> LoadAsync<T>(ApprovalService approvals, Actor actor, Task<PagedResult<T>> load, Func<T, Guid> id,
        CancellationToken ct)
    {
        var page = await load;
        _pending = await approvals.PendingAsync(actor, ApprovalOperations.Delete, resourceType, page.Items.Select(id).ToList(), ct);
        return page;
    }

    public bool Has(Guid id) => _pending.Contains(id);

    /// <summary>The chip for a row with a pending deletion; nothing for any other row.</summary>
    public RenderFragment Chip(Guid id) => b =>
    {
        if (!_pending.Contains(id)) return;
        b.OpenElement(0, "span");
        b.AddAttribute(1, "class", "deletion-requested");
        b.AddAttribute(2, "title", "A reviewer has to approve the deletion; until then it stays.");
        b.AddContent(3, "Deletion requested");
        b.CloseElement();
    };
}
