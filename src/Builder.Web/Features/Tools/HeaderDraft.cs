using Builder.Domain.Tools;
using Builder.Web.Components.Shared;

namespace Builder.Web.Features.Tools;

/// <summary>A plain header of the HTTP template being edited (name and value, placeholders allowed).</summary>
public sealed class HeaderDraft
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

/// <summary>
/// A write-only secret header being edited: a stored one (<see cref="Stored"/>: kept, replaced or cleared through the secret
/// field) or a new one (a name and a value). The stored value never reaches the page.
/// </summary>
public sealed class SecretHeaderDraft
{
    public string? Name { get; set; }
    public bool Stored { get; init; }
    public SecretMode Mode { get; set; }
    public string? Value { get; set; }

    /// <summary>What a save sends for it; null when it sends nothing (a stored header kept, a new one left empty).</summary>
    public SecretHeaderInput? ToInput()
    {
        var (value, clear) = SecretField.Change(!Stored, Mode, Value);
        if (!Stored && string.IsNullOrWhiteSpace(Name) && value is null) return null;
        return value is null && !clear ? (Stored ? null : new SecretHeaderInput(Name, null)) : new SecretHeaderInput(Name, value, clear);
    }
}
