namespace Builder.Domain.Workflows;

/// <summary>
/// The built-in workflow entity type names. Entity types are data and may be extended, so the engines accept
/// any non-empty type name; only <see cref="Result"/> has a rule of its own (a Result node is a leaf).
/// Type names compare case-insensitively.
/// </summary>
public static class WorkflowEntityTypes
{
    /// <summary>Starts a workflow when a message arrives.</summary>
    public const string Event = "event";
    /// <summary>Calls a model with a prompt.</summary>
    public const string Prompt = "prompt";
    /// <summary>Does something, e.g. calls a tool.</summary>
    public const string Action = "action";
    /// <summary>Ends a branch; it may have no children.</summary>
    public const string Result = "result";

    /// <summary>The four built-in type names.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [Event, Prompt, Action, Result];

    /// <summary>True when both names denote the same type (trimmed, case-insensitive).</summary>
    public static bool AreSame(string? a, string? b) =>
        string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="typeName"/> is the Result type.</summary>
    public static bool IsResult(string? typeName) => AreSame(typeName, Result);
}
