using Builder.Domain.Common;

namespace Builder.Domain.Outbound;

/// <summary>
/// The one rule for write-only credentials stored beside a URL (a model's token and keys, an MCP server's header values, a
/// tool's secret headers, a connector's credentials): they go wherever the URL points. An edit that moves the URL to another
/// origin (<see cref="UrlOrigin"/>: scheme, host or port) while keeping a stored credential would send it to whoever chose
/// the new URL — a write-only value read back. So every kept credential must be entered again, or let go, in the same edit;
/// a new path or query on the same origin keeps them. One message shape for all of them, naming what to enter again.
/// </summary>
public static class CredentialsFollowOrigin
{
    /// <summary>True when <paramref name="next"/> points to another origin than <paramref name="stored"/> (a change to or from no URL too).</summary>
    public static bool Moves(string? stored, string? next) =>
        !string.Equals(stored ?? "", next ?? "", StringComparison.Ordinal) && !UrlOrigin.Same(stored, next);

    /// <summary>
    /// Why the edit is refused, or null when it is fine: the URL stays on its origin, or no stored credential is
    /// <paramref name="kept"/> (each was entered again or let go in the same edit).
    /// </summary>
    /// <param name="label">How the message names the URL: "URL", "model URL", "Host URL".</param>
    /// <param name="kept">The stored credentials the edit keeps, by the names the caller sends them under.</param>
    /// <param name="letGo">The verb that removes one: "clear" (a clear flag), "remove" (leaving it out of a list); null when none of them may be removed (required).</param>
    public static string? Refusal(string label, string? stored, string? next, IEnumerable<string> kept, string? letGo = "clear")
    {
        if (!Moves(stored, next)) return null;
        var names = kept.ToList();
        if (names.Count == 0) return null;
        var them = names.Count == 1 ? "it" : "them";
        return $"The new {label} is on another origin (scheme, host or port), and the stored {(names.Count == 1 ? "value" : "values")} of " +
               $"{Join(names)} would be sent there: enter {them} again{(letGo is null ? "" : $", or {letGo} {them},")} in the same edit.";
    }

    /// <summary>Throws the <see cref="Refusal"/> as a 400 on <paramref name="field"/>, if there is one.</summary>
    public static void Ensure(string field, string label, string? stored, string? next, IEnumerable<string> kept, string letGo = "clear")
    {
        if (Refusal(label, stored, next, kept, letGo) is { } message) throw new ValidationException(field, message);
    }

    /// <summary>
    /// The same rule for a rollback, which cannot enter anything again: publishing version <paramref name="versionNumber"/>
    /// again (its URL <paramref name="next"/>) while credentials are stored is refused when it moves the published URL
    /// (<paramref name="stored"/>) to another origin.
    /// </summary>
    public static void EnsureRollback(string field, int versionNumber, string? stored, string? next, IEnumerable<string> kept)
    {
        var names = kept.ToList();
        if (names.Count == 0 || !Moves(stored, next)) return;
        throw new ValidationException(field,
            $"Version {versionNumber} sends its requests to another origin (scheme, host or port) than the published version, and the stored " +
            $"{(names.Count == 1 ? "value" : "values")} of {Join(names)} would be sent there: clear {(names.Count == 1 ? "it" : "them")} first, roll back, then enter {(names.Count == 1 ? "it" : "them")} again.");
    }

    private static string Join(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
}
