using System.Text.RegularExpressions;

namespace Builder.Domain.Common;

/// <summary>Collects field messages and throws one <see cref="ValidationException"/> naming every problem.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> _errors = new();

    /// <summary>How many problems it has collected so far.</summary>
    public int Count => _errors.Sum(e => e.Value.Count);

    public Validator Required(string field, string? value, string label, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"{label} is required.");
        else if (value.Trim().Length > maxLength) Add(field, $"{label} must be at most {maxLength} characters.");
        return this;
    }

    public Validator Optional(string field, string? value, string label, int maxLength)
    {
        if (value is not null && value.Length > maxLength) Add(field, $"{label} must be at most {maxLength} characters.");
        return this;
    }

    public Validator Matches(string field, string? value, Regex pattern, string message)
    {
        // A field that already failed (too long, say) is not run through the pattern: length is checked before any regex.
        if (!string.IsNullOrWhiteSpace(value) && !_errors.ContainsKey(field) && !pattern.IsMatch(value.Trim())) Add(field, message);
        return this;
    }

    public Validator Check(bool ok, string field, string message)
    {
        if (!ok) Add(field, message);
        return this;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
