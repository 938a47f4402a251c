using MudBlazor;
using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.Web.Features.Workflows.Canvas;
using Builder.Web.Features.Workflows.Editor;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Builder.Web.Features.Workflows;

/// <summary>
/// The workflow editor: wires the canvas model to its helpers — the palette (server-side search), the entities the
/// nodes use (<see cref="NodeEntities"/>), saving with conflicts (<see cref="WorkflowSaver"/>), the browser draft
/// (<see cref="WorkflowDraftStore"/>) and the dry-run overlay (<see cref="DryRunOverlay"/>).
/// </summary>
public sealed partial class WorkflowEditorPage
{
    private string _environmentName = "";
    private CanvasModel? _model;
    private WorkflowCanvas? _canvas;
    private EntityPalette? _palette;
    private EntityTypeStyles _styles = new([]);
    private NodeEntities? _entities;
    private WorkflowSaver? _saver;
    private CanvasProblems _problems = CanvasProblems.Empty;
    private WorkflowDraftStore? _drafts;
    private WorkflowDraft? _draft;
    private bool _draftChecked;
    private bool _draftDue;
    private DryRunResult? _dryRun;
    private IReadOnlyDictionary<string, string>? _dryStates;
    private readonly EditorPanes _panes = new();

    [Inject] private WorkflowService Workflows { get; set; } = default!;
    [Inject] private WorkflowEntityService Entities { get; set; } = default!;
    [Inject] private WorkflowEntityTypeService EntityTypes { get; set; } = default!;
    [Inject] private EnvironmentService Environments { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Parameter] public Guid EnvId { get; set; }
    [Parameter] public Guid WorkflowId { get; set; }

    protected override object ScopeKey => (OrgId, EnvId, WorkflowId);
    /// <summary>Without the role's update permission, or when the workflow is shared with this person at VIEW only.</summary>
    private bool ReadOnly => !Can(Permissions.WorkflowsUpdate) || _saver?.Workflow.Ownership?.Access < Builder.Domain.Sharing.AccessLevel.Edit;

    /// <summary>Asks a reviewer to delete the saved workflow (the version last saved); once deleted at once, back to the list.</summary>
    private async Task RequestDeletionAsync()
    {
        var request = await Approvals.RequestApprovalDialog.ShowDeletionAsync(Dialogs, Actor!, Builder.Domain.Audit.ResourceTypes.Workflow, WorkflowId,
            _saver!.Workflow.Name, _saver.Version, OrgId);
        if (request?.Status == Builder.Domain.Approvals.ApprovalStatus.Executed) Navigation.NavigateTo(WorkflowLinks.List(OrgId, EnvId));
    }
    private bool Interactive => RendererInfo.IsInteractive;
    private CanvasNode? Selected => _model?.SingleSelected;
    private bool Dirty => _model is not null && _saver is not null && _saver.IsDirty(_model.Nodes);

    protected override async Task LoadScopeAsync()
    {
        _model = null;
        var workflow = await Workflows.GetAsync(Actor!, WorkflowId);
        if (workflow.OrganizationId != OrgId || workflow.EnvironmentId != EnvId) throw new NotFoundException("Workflow not found");
        _environmentName = (await Environments.GetAsync(Actor!, EnvId)).Name;
        _styles = new EntityTypeStyles((await EntityTypes.ListAsync(Actor!, new PageRequest(1, PageRequest.MaxLimit))).Items);
        _entities = new NodeEntities(Entities, Actor!, OrgId);
        _saver = new WorkflowSaver(Workflows, Feedback, Actor!, WorkflowId);
        _drafts = new WorkflowDraftStore(JS, WorkflowId);
        await ShowAsync(workflow);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_draftDue) await SaveDraftAsync();
        if (_draftChecked || _model is null || _drafts is null || _saver is null || !RendererInfo.IsInteractive) return;
        _draftChecked = true;
        if (ReadOnly) return;
        _draft = await _drafts.OfferAsync(WorkflowJson.Read(_saver.Workflow.WorkflowData));
        if (_draft is not null) StateHasChanged();
    }

    /// <summary>Shows a saved version (the first load, or a reload after a conflict).</summary>
    private async Task ShowAsync(WorkflowView workflow)
    {
        var nodes = _saver!.Show(workflow);
        await _entities!.EnsureAsync(nodes);
        if (_model is null)
        {
            _model = new CanvasModel(nodes);
            _model.Changed += OnModelChanged;
            Check();
        }
        else _model.Replace("Reload saved version", nodes);
    }

    private void Check() => _problems = CanvasProblems.Check(_model!.Nodes, _entities!.Types);

    private void OnModelChanged()
    {
        Check();
        if (_dryRun is not null) ClearDryRun();
        if (_drafts is null || ReadOnly || !RendererInfo.IsInteractive) return;
        // The draft (the whole canvas as JSON: about 600 KB at 2,000 nodes) is written after the render that shows the
        // change has reached the browser (OnAfterRenderAsync runs once the browser has applied it), not before it: sent
        // first, it delayed every edit's render by its own size. Several changes before that render make one write.
        _draftDue = true;
        StateHasChanged();
    }

    private Task SaveDraftAsync()
    {
        _draftDue = false;
        if (_drafts is null || _model is null || _saver is null) return Task.CompletedTask;
        return Dirty ? _drafts.SaveAsync(new WorkflowDraft(_saver.Version, DateTime.UtcNow, [.. _model.Nodes])) : _drafts.ClearAsync();
    }

    private async Task SaveAsync()
    {
        await _saver!.SaveAsync(_model!, ShowAsync);
        if (!Dirty && _drafts is not null) await _drafts.ClearAsync();
    }

    private async Task RestoreLocal()
    {
        if (_saver!.KeptLocal is { } local) await ReplaceAsync("Restore my edits", local);
        _saver.KeptLocal = null;
    }

    private async Task RestoreDraft()
    {
        if (_draft is { } draft) await ReplaceAsync("Restore draft", draft.Nodes);
        _draft = null;
    }

    /// <summary>Puts kept nodes back, reading the entities they use first (they may name entities not shown yet).</summary>
    private async Task ReplaceAsync(string label, IReadOnlyList<CanvasNode> nodes)
    {
        await _entities!.EnsureAsync(nodes);
        _model!.Replace(label, nodes);
    }

    private async Task DiscardDraftAsync()
    {
        _draft = null;
        if (_drafts is not null) await _drafts.ClearAsync();
    }

    private async Task AddFromPaletteAsync(WorkflowEntitySummary entity)
    {
        _entities!.Remember(entity);
        var wasEmpty = _model!.Nodes.Count == 0;
        var shape = _styles.Shape(entity.EntityType);
        if (_model.SingleSelected is { } parent) _model.AddChild(parent.Id, entity.Name, entity.Id, entity.EntityType, shape);
        else
        {
            var x = wasEmpty ? 0 : _model.Nodes.Max(n => n.X) + TreeLayout.ColumnWidth;
            var y = wasEmpty ? 0 : _model.Nodes.Min(n => n.Y);
            _model.AddNode(entity.Name, entity.Id, entity.EntityType, shape, x, y);
        }
        _panes.CloseDrawer();
        StateHasChanged();
        if (_canvas is not null && (wasEmpty || _model.SingleSelected is not null)) await _canvas.FocusNodeAsync(_model.SingleSelected!.Id);
    }

    /// <summary>An entity dropped from the palette: the palette has it; else (a drag from another tab) it is read by id.</summary>
    private async Task DropAsync(PaletteDrop drop)
    {
        var entity = _palette?.Find(drop.EntityId) ?? (await Entities.FindAsync(Actor!, OrgId, [drop.EntityId])).FirstOrDefault();
        if (entity is null) return;
        _entities!.Remember(entity);
        _model!.AddNode(entity.Name, entity.Id, entity.EntityType, _styles.Shape(entity.EntityType), drop.X, drop.Y);
    }

    private void UndoAsync() => _model!.Undo();
    private void RedoAsync() => _model!.Redo();

    private async Task LayoutAsync()
    {
        _model!.Layout();
        StateHasChanged();
        await Task.Yield();
        if (_canvas is not null) await _canvas.FitAsync();
    }

    private void Rename(string name)
    {
        if (Selected is { } node && !string.IsNullOrWhiteSpace(name)) _model!.Rename(node.Id, name.Trim());
    }

    private void Detach()
    {
        if (Selected is { } node) _model!.Detach(node.Id);
    }

    private void Delete() => _model!.DeleteSelection();

    private Task OpenPropertiesAsync()
    {
        _panes.ShowProperties();
        StateHasChanged();
        return _canvas?.FocusElementAsync("#wf-node-name") ?? Task.CompletedTask;
    }

    private async Task DryRunAsync(JsonNode? message)
    {
        try
        {
            _dryRun = await Workflows.DryRunAsync(Actor!, WorkflowId, message, WorkflowJson.Write(_model!.Nodes));
            _dryStates = DryRunOverlay.States(_dryRun);
        }
        catch (ValidationException invalid)
        {
            Feedback.Failure("The dry run could not start: " + string.Join(" ", invalid.Errors.SelectMany(e => e.Value).Take(3)));
        }
        catch (Exception exception)
        {
            Feedback.Error(exception);
        }
        StateHasChanged();
    }

    private void ClearDryRun() => (_dryRun, _dryStates) = (null, null);
}
