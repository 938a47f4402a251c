namespace Builder.Web.Features.Workflows.Canvas;

/// <summary>
/// Undo and redo over immutable snapshots: before every edit the current state is recorded with the edit's name.
/// Snapshots of a canvas are arrays of immutable node records, so one costs a pointer per node.
/// </summary>
public sealed class CanvasHistory<TState>(int capacity = 200)
{
    private readonly LinkedList<(string Label, TState State)> _undo = new();
    private readonly Stack<(string Label, TState State)> _redo = new();

    public bool CanUndo => _undo.Count > 0;
    public bool CanRedo => _redo.Count > 0;
    public string? UndoLabel => _undo.Last?.Value.Label;
    public string? RedoLabel => _redo.Count > 0 ? _redo.Peek().Label : null;

    /// <summary>Records the state before an edit named <paramref name="label"/>; a new edit clears the redo stack.</summary>
    public void Record(string label, TState before)
    {
        _undo.AddLast((label, before));
        if (_undo.Count > capacity) _undo.RemoveFirst();
        _redo.Clear();
    }

    /// <summary>Returns the state before the last edit, remembering <paramref name="current"/> for redo.</summary>
    public bool TryUndo(TState current, out TState previous, out string label)
    {
        (previous, label) = (current, "");
        if (_undo.Last is not { } last) return false;
        _undo.RemoveLast();
        _redo.Push((last.Value.Label, current));
        (previous, label) = (last.Value.State, last.Value.Label);
        return true;
    }

    /// <summary>Returns the state after the last undone edit, remembering <paramref name="current"/> for undo.</summary>
    public bool TryRedo(TState current, out TState next, out string label)
    {
        (next, label) = (current, "");
        if (_redo.Count == 0) return false;
        var (redoLabel, state) = _redo.Pop();
        _undo.AddLast((redoLabel, current));
        (next, label) = (state, redoLabel);
        return true;
    }

    public void Clear()
    {
        _undo.Clear();
        _redo.Clear();
    }
}
