using System.Text.RegularExpressions;
using Builder.Domain.Common;

namespace Builder.Domain.Variables;

/// <summary>
/// An environment-scoped secret such as OPENAI_API_KEY. Its value is write-only: stored encrypted in
/// <see cref="ProtectedValue"/> and never returned — views carry <c>HasValue</c> instead.
/// </summary>
public sealed partial class Variable : TrackedEntity, IOrganizationOwned, INamedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const int NameMax = 128;
    public const int ValueMax = 32 * 1024;

    public Guid OrganizationId { get; set; }
    public Guid EnvironmentId { get; set; }
    public string Name { get; set; } = "";
    public string? ProtectedValue { get; set; }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.NonBacktracking)]
    public static partial Regex IdentifierPattern();
}

public sealed record VariableView(Guid Id, Guid OrganizationId, Guid EnvironmentId, string Name, bool HasValue,
    DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Version);

/// <summary>
/// A variable edit. <see cref="Value"/> null keeps the stored value (on create: no value); a non-empty value
/// sets or replaces it; <see cref="ClearValue"/> removes it.
/// </summary>
public sealed record VariableInput(string? Name, string? Value = null, bool ClearValue = false);

public sealed record VariableFilter(Guid? OrganizationId, Guid? EnvironmentId);
