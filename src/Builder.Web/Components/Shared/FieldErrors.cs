using Builder.Domain.Common;

namespace Builder.Web.Components.Shared;

/// <summary>
/// The server's field messages for a form: a <see cref="ValidationException"/> keyed by field name ("name", "email", …)
/// becomes the Error/ErrorText of the matching input. Messages for fields the form does not show are kept in <see cref="Other"/>.
/// </summary>
public sealed class FieldErrors
{
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private readonly HashSet<string> _shown;

    public FieldErrors(params string[] shownFields) => _shown = new HashSet<string>(shownFields, StringComparer.OrdinalIgnoreCase);

    public bool Has(string field) => _errors.ContainsKey(field);

    public string? Text(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public string? Other => _errors.Where(e => !_shown.Contains(e.Key)).SelectMany(e => e.Value) is var rest && rest.Any()
        ? string.Join(" ", rest)
        : null;

    public void Set(ValidationException exception) =>
        _errors = new Dictionary<string, string[]>(exception.Errors, StringComparer.OrdinalIgnoreCase);

    public void Clear() => _errors = new Dictionary<string, string[]>();
}
