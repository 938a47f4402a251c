using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.Web.Components.Shared;
using Builder.Web.Features.Workflows.Canvas;
using Builder.Web.Features.Workflows.Editor;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Builder.Web.Features.Workflows;

/// <summary>
/// The workflow editor: loads the workflow and the entity library, keeps the canvas model, saves with the version
/// (a stale save opens the conflict dialog and keeps the local edits), autosaves a draft in the browser, and dry-runs
/// the unsaved tree.
/// </summary>
public sealed partial class WorkflowEditorPage
{
    private WorkflowView? _workflow;
    private string _environmentName = "";
    private Guid _version;
    private CanvasModel? _model;
    private WorkflowCanvas? _canvas;
    private EntityTypeStyles _styles = new([]);
    private Dictionary<Guid, string> _entityTypes = [];
    private Dictionary<Guid, string> _entityNames = [];
    private Dictionary<Guid, WorkflowEntitySummary> _entities = [];
    private IReadOnlyList<WorkflowEntitySummary> _palette = [];
    private CanvasProblems _problems = CanvasProblems.Empty;
    private string _savedFingerprint = "";
    private WorkflowDraftStore? _drafts;
    private WorkflowDraft? _draft;
    private bool _draftChecked, _saving;
    private CanvasNode[]? _keptLocal;
    private IReadOnlyList<string> _saveErrors = [];
    private DryRunResult? _dryRun;
    private IReadOnlyDictionary<string, string>? _dryStates;

    [Inject] private WorkflowService Workflows { get; set; } = default!;
    [Inject] private WorkflowEntityService Entities { get; set; } = default!;
    [Inject] private WorkflowEntityTypeService EntityTypes { get; set; } = default!;
    [Inject] private EnvironmentService Environments { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Parameter] public Guid EnvId { get; set; }
    [Parameter] public Guid WorkflowId { get; set; }

    protected override object ScopeKey => (OrgId, EnvId, WorkflowId);
    private bool ReadOnly => !Can(Permissions.WorkflowsUpdate);
    private bool Interactive => RendererInfo.IsInteractive;
    private CanvasNode? Selected => _model?.SingleSelected;
    private bool Dirty => _model is not null && WorkflowDraftStore.Fingerprint(_model.Nodes) != _savedFingerprint;

    protected override async Task LoadScopeAsync()
    {
        _model = null;
        var workflow = await Workflows.GetAsync(Actor!, WorkflowId);
        if (workflow.OrganizationId != OrgId || workflow.EnvironmentId != EnvId) throw new NotFoundException("Workflow not found");
        _environmentName = (await Environments.GetAsync(Actor!, EnvId)).Name;
        _styles = new EntityTypeStyles((await EntityTypes.ListAsync(Actor!, new PageRequest(1, PageRequest.MaxLimit))).Items);
        await LoadEntitiesAsync();
        _palette = _entities.Values.OrderBy(e => e.Name).Take(PageRequest.MaxLimit).ToList();
        _drafts = new WorkflowDraftStore(JS, WorkflowId);
        Show(workflow);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_draftChecked || _model is null || _drafts is null || !RendererInfo.IsInteractive) return;
        _draftChecked = true;
        var draft = await _drafts.LoadAsync();
        if (draft is not null && WorkflowDraftStore.Fingerprint(draft.Nodes) != _savedFingerprint && !ReadOnly)
        {
            _draft = draft;
            StateHasChanged();
        }
    }

    private async Task LoadEntitiesAsync()
    {
        var all = new List<WorkflowEntitySummary>();
        for (var page = 1; ; page++)
        {
            var batch = await Entities.ListAsync(Actor!, new WorkflowEntityFilter(OrgId, null), new PageRequest(page, PageRequest.MaxLimit, Sort: "name"));
            all.AddRange(batch.Items);
            if (page >= batch.TotalPages) break;
        }
        _entities = all.ToDictionary(e => e.Id);
        _entityTypes = all.ToDictionary(e => e.Id, e => e.EntityType);
        _entityNames = all.ToDictionary(e => e.Id, e => e.Name);
    }

    private void Show(WorkflowView workflow)
    {
        _workflow = workflow;
        _version = workflow.Version;
        var nodes = WorkflowJson.Read(workflow.WorkflowData);
        _savedFingerprint = WorkflowDraftStore.Fingerprint(nodes);
        if (_model is null)
        {
            _model = new CanvasModel(nodes);
            _model.Changed += OnModelChanged;
        }
        else _model.Replace("Reload saved version", nodes);
        _problems = CanvasProblems.Check(_model.Nodes, _entityTypes);
    }

    private void OnModelChanged()
    {
        _problems = CanvasProblems.Check(_model!.Nodes, _entityTypes);
        if (_dryRun is not null) ClearDryRun();
        if (_drafts is null || ReadOnly || !RendererInfo.IsInteractive) return;
        _ = Dirty ? _drafts.SaveAsync(new WorkflowDraft(_version, DateTime.UtcNow, [.. _model.Nodes])) : _drafts.ClearAsync();
    }

    private async Task SaveAsync()
    {
        var roots = _model!.Roots.Count();
        if (roots != 1)
        {
            Feedback.Failure(roots == 0 ? "Not saved: the workflow is empty." : $"Not saved: {roots} nodes have no parent. Connect them so one root remains.");
            return;
        }
        _saving = true;
        _saveErrors = [];
        try
        {
            var input = new WorkflowInput(_workflow!.Name, _workflow.Description, WorkflowJson.Write(_model.Nodes));
            var saved = await Workflows.UpdateAsync(Actor!, WorkflowId, input, _version);
            (_workflow, _version) = (saved, saved.Version);
            _savedFingerprint = WorkflowDraftStore.Fingerprint(_model.Nodes);
            _keptLocal = null;
            if (_drafts is not null) await _drafts.ClearAsync();
            Feedback.Success($"Workflow {saved.Name} saved");
        }
        catch (ValidationException invalid)
        {
            _saveErrors = invalid.Errors.SelectMany(e => e.Value).ToList();
            Feedback.Failure($"Not saved: {_saveErrors.Count} problem{(_saveErrors.Count == 1 ? "" : "s")} to fix.");
        }
        catch (ConcurrencyException conflict)
        {
            if (await Feedback.ShowConflictAsync(conflict)) await ReloadKeepingLocalAsync();
        }
        catch (Exception exception)
        {
            Feedback.Error(exception);
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>Shows the saved version and keeps the local edits aside, to restore deliberately (then Save overwrites).</summary>
    private async Task ReloadKeepingLocalAsync()
    {
        var local = _model!.Nodes.ToArray();
        await Feedback.RunAsync(async () => Show(await Workflows.GetAsync(Actor!, WorkflowId)), null);
        _keptLocal = local;
    }

    private void RestoreLocalAsync()
    {
        if (_keptLocal is { } local) _model!.Replace("Restore my edits", local);
        _keptLocal = null;
    }

    private void RestoreDraftAsync()
    {
        if (_draft is { } draft) _model!.Replace("Restore draft", draft.Nodes);
        _draft = null;
    }

    private async Task DiscardDraftAsync()
    {
        _draft = null;
        if (_drafts is not null) await _drafts.ClearAsync();
    }

    private async Task SearchAsync(string? search)
    {
        var text = search?.Trim() ?? "";
        _palette = _entities.Values.Where(e => text.Length == 0 || e.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                                                || e.EntityType.Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.Name).Take(PageRequest.MaxLimit).ToList();
        await Task.CompletedTask;
    }

    private async Task AddFromPaletteAsync(WorkflowEntitySummary entity)
    {
        var wasEmpty = _model!.Nodes.Count == 0;
        var shape = _styles.Shape(entity.EntityType);
        if (_model.SingleSelected is { } parent) _model.AddChild(parent.Id, entity.Name, entity.Id, entity.EntityType, shape);
        else
        {
            var x = wasEmpty ? 0 : _model.Nodes.Max(n => n.X) + TreeLayout.ColumnWidth;
            var y = wasEmpty ? 0 : _model.Nodes.Min(n => n.Y);
            _model.AddNode(entity.Name, entity.Id, entity.EntityType, shape, x, y);
        }
        StateHasChanged();
        if (_canvas is not null && (wasEmpty || _model.SingleSelected is not null)) await _canvas.FocusNodeAsync(_model.SingleSelected!.Id);
    }

    private Task DropAsync(PaletteDrop drop)
    {
        if (_entities.GetValueOrDefault(drop.EntityId) is { } entity)
            _model!.AddNode(entity.Name, entity.Id, entity.EntityType, _styles.Shape(entity.EntityType), drop.X, drop.Y);
        return Task.CompletedTask;
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

    private void RenameAsync(string name)
    {
        if (Selected is { } node && !string.IsNullOrWhiteSpace(name)) _model!.Rename(node.Id, name.Trim());
    }

    private void DetachAsync()
    {
        if (Selected is { } node) _model!.Detach(node.Id);
    }

    private void DeleteAsync() => _model!.DeleteSelection();

    private Task OpenPropertiesAsync() => _canvas?.FocusElementAsync("#wf-node-name") ?? Task.CompletedTask;

    private async Task DryRunAsync(JsonNode? message)
    {
        try
        {
            var tree = WorkflowJson.Write(_model!.Nodes);
            _dryRun = await Workflows.DryRunAsync(Actor!, WorkflowId, message, tree);
            _dryStates = _dryRun.Steps.Where(s => s.NodeId is not null).GroupBy(s => s.NodeId!).ToDictionary(g => g.Key, g => g.Last().Outcome switch
            {
                DryRunOutcome.Continued => "on-path",
                DryRunOutcome.Stopped => "stopped",
                _ => "failed",
            });
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
