using Builder.Domain.Audit;

namespace Builder.Domain.Common;

/// <summary>
/// A write-only secret field (a variable's value, a model credential's key): stored encrypted, never returned, compared
/// or logged. An edit sends a new value (set or replace), asks to clear it, or leaves it alone (no value, no clear).
/// The audit record names the field ("value"), or "value:cleared" when it was removed.
/// </summary>
/// <param name="Field">The field's name in requests and audit records, e.g. "value".</param>
/// <param name="Label">How messages name it, e.g. "Value".</param>
/// <param name="ClearField">The request flag that clears it, e.g. "clearValue".</param>
/// <param name="MaxLength">The longest plaintext accepted.</param>
public sealed record WriteOnlySecret(string Field, string Label, string ClearField, int MaxLength)
{
    /// <summary>Adds the rules of an edit: not too long, not empty, not both a value and a clear, nothing to clear on a new record.</summary>
    public Validator Check(Validator validator, string? value, bool clear, bool creating, string resource)
    {
        validator
            .Optional(Field, value, Label, MaxLength)
            .Check(!(clear && value is not null), Field, $"Send either a new {Field} or {ClearField}, not both.")
            .Check(value is null || value.Length > 0, Field, $"{Label} cannot be empty; to remove the {Field}, clear it.");
        if (creating) validator.Check(!clear, ClearField, $"A new {resource} has no {Field} to clear.");
        return validator;
    }

    /// <summary>
    /// Applies a checked edit to the stored (protected) value and returns the new stored value: the value protected when one
    /// was sent, null when cleared, the stored one otherwise. Marks the change, by name only, on <paramref name="changes"/>.
    /// </summary>
    public string? Apply(string? storedProtected, string? value, bool clear, ISecretProtector protector, ChangeSet changes)
    {
        if (clear)
        {
            if (storedProtected is null) return null;
            changes.Mark(AuditFields.Cleared(Field));
            return null;
        }
        if (value is null) return storedProtected;
        changes.Mark(Field);
        return protector.Protect(value);
    }
}
