using System.Text.Json;
using Builder.Web.Features.Workflows.Canvas;
using Microsoft.JSInterop;

namespace Builder.Web.Features.Workflows.Editor;

/// <summary>An autosaved copy of the canvas in the browser's localStorage, so a reload or a dropped connection loses no work.</summary>
public sealed record WorkflowDraft(Guid Version, DateTime SavedAt, CanvasNode[] Nodes);

/// <summary>Reads and writes drafts through the canvas JS module; every failure is treated as "no draft".</summary>
public sealed class WorkflowDraftStore(IJSRuntime js, Guid workflowId)
{
    private IJSObjectReference? _module;
    private string Key => $"builder.workflow-draft.{workflowId}";

    public async Task SaveAsync(WorkflowDraft draft)
    {
        try { await (await ModuleAsync()).InvokeVoidAsync("saveDraft", Key, JsonSerializer.Serialize(draft)); }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException) { }
    }

    public async Task<WorkflowDraft?> LoadAsync()
    {
        try
        {
            var json = await (await ModuleAsync()).InvokeAsync<string?>("loadDraft", Key);
            return json is null ? null : JsonSerializer.Deserialize<WorkflowDraft>(json);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or JsonException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    public async Task ClearAsync()
    {
        try { await (await ModuleAsync()).InvokeVoidAsync("clearDraft", Key); }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException or InvalidOperationException) { }
    }

    /// <summary>The kept draft when there is one that differs from <paramref name="saved"/>, else null.</summary>
    public async Task<WorkflowDraft?> OfferAsync(IReadOnlyList<CanvasNode> saved) =>
        await LoadAsync() is { } draft && !draft.Nodes.SequenceEqual(saved) ? draft : null;

    private async Task<IJSObjectReference> ModuleAsync() =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/workflow-canvas.js");
}
