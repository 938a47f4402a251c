namespace Builder.Domain.Audit;

/// <summary>Applies field changes and remembers the names of those that really changed, for the audit record.</summary>
public sealed class ChangeSet
{
    private readonly List<string> _fields = [];

    public IReadOnlyList<string> Fields => _fields;
    public bool Any => _fields.Count > 0;

    public void Set<T>(string field, T current, T proposed, Action<T> apply)
    {
        if (EqualityComparer<T>.Default.Equals(current, proposed)) return;
        apply(proposed);
        _fields.Add(field);
    }

    /// <summary>The fields a new record was created with: those given a value, for the audit record.</summary>
    public static IReadOnlyList<string> Given(params (string Field, string? Value)[] fields) =>
        fields.Where(f => f.Value is not null).Select(f => f.Field).ToList();

    /// <summary>Marks a field changed without touching a value, for secrets whose content must never be compared or logged.</summary>
    public void Mark(string field) => _fields.Add(field);
}
