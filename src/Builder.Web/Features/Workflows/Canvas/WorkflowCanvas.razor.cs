using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>Turns the JS module's end-of-gesture reports and key presses into model operations.</summary>
public sealed partial class WorkflowCanvas
{
    private ElementReference _host;
    private IJSObjectReference? _module;
    private DotNetObjectReference<WorkflowCanvas>? _self;
    private IReadOnlyList<CanvasNode> _clipboard = [];

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired] public CanvasModel Model { get; set; } = default!;
    [Parameter, EditorRequired] public EntityTypeStyles Styles { get; set; } = default!;
    [Parameter] public CanvasProblems Problems { get; set; } = CanvasProblems.Empty;
    /// <summary>Node id → dry-run state (on-path, stopped, failed) while a dry run is shown.</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? DryRunStates { get; set; }
    [Parameter] public bool ReadOnly { get; set; }
    /// <summary>After every change the canvas made to the model or its selection.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }
    [Parameter] public EventCallback OnOpenProperties { get; set; }
    [Parameter] public EventCallback<PaletteDrop> OnDropEntity { get; set; }

    /// <summary>Why the last connection attempt was refused, shown over the canvas until the next action.</summary>
    public string? Refusal { get; private set; }
    private IReadOnlyList<CanvasNode>? _refusedAt;

    private object? _renderedKey;
    private string[] _renderedSelection = [];

    // An edit made outside the canvas (the palette, the toolbar's undo, the properties panel) is the next action too.
    protected override void OnParametersSet()
    {
        if (Refusal is not null && !ReferenceEquals(_refusedAt, Model.Nodes)) Refusal = null;
    }

    // The editor page re-renders for many reasons unrelated to the canvas (palette search, properties typing, the save
    // status): skip the node layer unless something it draws changed. The model replaces its node array on every edit,
    // so a reference comparison is enough for the nodes; the selection is a mutable set and is compared by content.
    protected override bool ShouldRender() =>
        !Equals(RenderKey, _renderedKey) || !Model.Selection.SetEquals(_renderedSelection);

    private object RenderKey => (Model, Model.Nodes, Styles, Problems, DryRunStates, ReadOnly, Refusal, RendererInfo.IsInteractive);

    /// <summary>Called from the markup, so it records exactly what each render drew.</summary>
    private void RememberRendered() => (_renderedKey, _renderedSelection) = (RenderKey, [.. Model.Selection]);

    private ValueTask<IJSObjectReference>? _import;

    // Interactive: start loading the JS module now, so it downloads while the first render (every node) is built, sent and
    // applied, instead of after it. During prerendering there is no JS to call.
    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive) _import = JS.InvokeAsync<IJSObjectReference>("import", "./js/workflow-canvas.js");
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _module = await (_import ?? JS.InvokeAsync<IJSObjectReference>("import", "./js/workflow-canvas.js"));
        _self = DotNetObjectReference.Create(this);
        await _module.InvokeVoidAsync("init", _host, _self, CanvasGeometry.ForScript);
    }

    public async Task FitAsync() { if (_module is not null) await _module.InvokeVoidAsync("fit", _host); }

    public async Task FocusNodeAsync(string id) { if (_module is not null) await _module.InvokeVoidAsync("focusNode", _host, id); }

    public async Task FocusElementAsync(string selector) { if (_module is not null) await _module.InvokeVoidAsync("focusElement", selector); }

    [JSInvokable]
    public Task OnNodesMoved(NodePosition[] moves, string grabbedId)
    {
        Refusal = null;
        if (ReadOnly) return ChangedAsync();
        if (!Model.Selection.Contains(grabbedId)) Model.Select(grabbedId);
        Model.Move(moves);
        return ChangedAsync();
    }

    [JSInvokable]
    public Task OnNodeClicked(string id, bool additive)
    {
        Refusal = null;
        Model.Select(id, additive);
        return ChangedAsync();
    }

    [JSInvokable]
    public Task OnLasso(string[] ids, bool additive)
    {
        Refusal = null;
        Model.SelectMany(ids, additive);
        return ChangedAsync();
    }

    [JSInvokable]
    public Task OnBackgroundClick()
    {
        Refusal = null;
        Model.Selection.Clear();
        return ChangedAsync();
    }

    [JSInvokable]
    public Task OnConnect(string parentId, string childId)
    {
        if (ReadOnly) return Task.CompletedTask;
        (Refusal, _refusedAt) = (Model.Connect(parentId, childId), Model.Nodes);
        return ChangedAsync();
    }

    [JSInvokable]
    public Task OnDrop(string entityId, double x, double y)
    {
        Refusal = null;
        return ReadOnly || !Guid.TryParse(entityId, out var id) ? Task.CompletedTask : OnDropEntity.InvokeAsync(new PaletteDrop(id, x, y));
    }

    [JSInvokable]
    public async Task OnKey(string key, bool ctrl, bool shift, string? nodeId)
    {
        Refusal = null;
        switch (key)
        {
            case "ArrowUp" or "ArrowDown" or "ArrowLeft" or "ArrowRight":
                if (CanvasNavigation.Next(Model.Nodes, nodeId ?? Model.SingleSelected?.Id, key) is not { } next) return;
                Model.Select(next);
                await ChangedAsync();
                await FocusNodeAsync(next);
                return;
            case "Enter":
                if (nodeId is not null && !Model.Selection.Contains(nodeId)) Model.Select(nodeId);
                await ChangedAsync();
                await OnOpenProperties.InvokeAsync();
                return;
            case "Escape":
                Model.Selection.Clear();
                break;
            case "a" when ctrl:
                Model.SelectMany(Model.Nodes.Select(n => n.Id), additive: false);
                break;
            case "c" when ctrl:
                _clipboard = Model.SelectedSubtrees();
                return;
        }
        if (!ReadOnly)
        {
            switch (key)
            {
                case "Delete" or "Backspace": Model.DeleteSelection(); break;
                case "z" when ctrl && shift: Model.Redo(); break;
                case "z" when ctrl: Model.Undo(); break;
                case "y" when ctrl: Model.Redo(); break;
                case "v" when ctrl: Model.Paste(_clipboard, Model.SingleSelected?.Id); break;
            }
        }
        await ChangedAsync();
    }

    private async Task ChangedAsync()
    {
        await OnChanged.InvokeAsync();
        StateHasChanged();
    }

    private void DismissRefusal() => Refusal = null;

    public async ValueTask DisposeAsync()
    {
        try { if (_module is not null) await _module.DisposeAsync(); }
        catch (JSDisconnectedException) { /* the circuit is gone */ }
        _self?.Dispose();
    }
}

/// <summary>An entity dropped from the palette at a canvas position.</summary>
public sealed record PaletteDrop(Guid EntityId, double X, double Y);
