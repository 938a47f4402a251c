using Builder.Domain.Common;

namespace Builder.Web.Components.Shared;

/// <summary>
/// The server's field messages for a form: a <see cref="ValidationException"/> keyed by field name ("name", "email", …)
/// becomes the Error/ErrorText of the matching input, and so does a conflict (a duplicate name) when <see cref="ConflictField"/> names its field. Messages for fields the form does not show are kept in <see cref="Other"/>.
/// </summary>
public sealed class FieldErrors
{
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private readonly HashSet<string> _shown;

    public FieldErrors(params string[] shownFields) => _shown = new HashSet<string>(shownFields, StringComparer.OrdinalIgnoreCase);

    public bool Has(string field) => _errors.ContainsKey(field);

    public string? Text(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public string? Other => _errors.Where(e => !_shown.Contains(e.Key) && !UnderShownList(e.Key)).SelectMany(e => e.Value) is var rest && rest.Any()
        ? string.Join(" ", rest)
        : null;

    /// <summary>
    /// Lists the form shows as one input with their items' messages ("toolIds" for "toolIds" and "toolIds[2]", "http.headers"
    /// for "http.headers.Accept"): <see cref="TextUnder"/> reads them, and <see cref="Other"/> leaves them out.
    /// </summary>
    public IReadOnlyCollection<string> ShownLists { get; init; } = [];

    /// <summary>The messages of a field and of its items or sub-fields (<c>field[i]…</c>, <c>field.x</c>); null when there are none.</summary>
    public string? TextUnder(string field) => _errors.Where(e => Under(e.Key, field)).SelectMany(e => e.Value).ToList() is { Count: > 0 } messages
        ? string.Join(" ", messages)
        : null;

    private bool UnderShownList(string key) => ShownLists.Any(list => Under(key, list));

    private static bool Under(string key, string field) => string.Equals(key, field, StringComparison.OrdinalIgnoreCase)
        || key.Length > field.Length && key.StartsWith(field, StringComparison.OrdinalIgnoreCase) && key[field.Length] is '[' or '.';

    public void Set(ValidationException exception) =>
        _errors = new Dictionary<string, string[]>(exception.Errors, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The field a conflict (409) is about, e.g. "name" in a form whose only conflict is a duplicate name.
    /// When set, <see cref="UiFeedback.RunAsync"/> shows the conflict's message on that field instead of in a snackbar.
    /// </summary>
    public string? ConflictField { get; init; }

    public void Set(ConflictException conflict)
    {
        var field = ConflictField ?? throw new InvalidOperationException("This form has no field for conflicts.");
        var message = conflict.Details is { } details ? $"{conflict.Message}. {details}" : $"{conflict.Message}.";
        _errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { [field] = [message] };
    }

    public void Clear() => _errors = new Dictionary<string, string[]>();
}
