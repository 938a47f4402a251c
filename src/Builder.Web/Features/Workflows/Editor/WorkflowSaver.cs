using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Workflows;
using Builder.Web.Components.Shared;
using Builder.Web.Features.Workflows.Canvas;

namespace Builder.Web.Features.Workflows.Editor;

/// <summary>
/// Saving the canvas: with the version it was read at, so a stale save opens the conflict dialog instead of overwriting;
/// after "Reload" the saved version shows and the local edits are kept aside to restore deliberately. Also knows what
/// was last saved, so the editor can tell whether there are unsaved edits.
/// </summary>
public sealed class WorkflowSaver(WorkflowService workflows, UiFeedback feedback, Actor actor, Guid workflowId)
{
    private CanvasNode[] _saved = [];

    public WorkflowView Workflow { get; private set; } = default!;
    public Guid Version => Workflow.Version;
    public bool Saving { get; private set; }
    /// <summary>Why the last save was refused (the validator's messages), empty when none.</summary>
    public IReadOnlyList<string> Errors { get; set; } = [];
    /// <summary>The local edits set aside by a conflict's reload, until restored or dismissed.</summary>
    public CanvasNode[]? KeptLocal { get; set; }

    /// <summary>Takes <paramref name="workflow"/> as the saved state and returns its nodes.</summary>
    public List<CanvasNode> Show(WorkflowView workflow)
    {
        Workflow = workflow;
        var nodes = WorkflowJson.Read(workflow.WorkflowData);
        _saved = [.. nodes];
        return nodes;
    }

    public bool IsDirty(IReadOnlyList<CanvasNode> nodes) => !nodes.SequenceEqual(_saved);

    /// <summary>Saves <paramref name="model"/>; on a conflict the person may reload, which calls <paramref name="reloaded"/> with the saved version.</summary>
    public async Task SaveAsync(CanvasModel model, Func<WorkflowView, Task> reloaded)
    {
        var roots = model.Roots.Count();
        if (roots != 1)
        {
            feedback.Failure(roots == 0 ? "Not saved: the workflow is empty." : $"Not saved: {roots} nodes have no parent. Connect them so one root remains.");
            return;
        }
        Saving = true;
        Errors = [];
        try
        {
            var nodes = model.Nodes.ToArray();
            var saved = await workflows.UpdateAsync(actor, workflowId, new WorkflowInput(Workflow.Name, Workflow.Description, WorkflowJson.Write(nodes)), Version);
            (Workflow, _saved, KeptLocal) = (saved, nodes, null);
            feedback.Success($"Workflow {saved.Name} saved");
        }
        catch (ValidationException invalid)
        {
            Errors = invalid.Errors.SelectMany(e => e.Value).ToList();
            feedback.Failure($"Not saved: {Errors.Count} problem{(Errors.Count == 1 ? "" : "s")} to fix.");
        }
        catch (ConcurrencyException conflict)
        {
            if (await feedback.ShowConflictAsync(conflict))
            {
                var local = model.Nodes.ToArray();
                await feedback.RunAsync(async () => await reloaded(await workflows.GetAsync(actor, workflowId)), null);
                KeptLocal = local;
            }
        }
        catch (Exception exception)
        {
            feedback.Error(exception);
        }
        finally
        {
            Saving = false;
        }
    }
}
