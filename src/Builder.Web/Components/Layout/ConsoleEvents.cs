namespace Builder.Web.Components.Layout;

/// <summary>
/// Lets a page tell the shell that what the switcher lists has changed (an organization or environment was
/// created, renamed or deleted), so the app bar reloads it. One per circuit.
/// </summary>
public sealed class ConsoleEvents
{
    public event Func<Task>? ScopeListsChanged;

    public Task NotifyScopeListsChangedAsync() => ScopeListsChanged?.Invoke() ?? Task.CompletedTask;
}
