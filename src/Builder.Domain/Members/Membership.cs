using Builder.Domain.Access;
using Builder.Domain.Common;

namespace Builder.Domain.Members;

/// <summary>
/// A person's role in an organization. Created as an invitation by email (<see cref="UserId"/> null) and
/// linked to the user when that person first signs in.
/// </summary>
public sealed class Membership : TrackedEntity, IOrganizationOwned, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public Guid OrganizationId { get; set; }
    public string Email { get; set; } = "";
    public Guid? UserId { get; set; }
    public Role Role { get; set; }
    public DateTime? AcceptedAt { get; set; }

    /// <summary>The reviewer capability: this member may approve or reject approval requests without being an Admin.</summary>
    public bool IsReviewer { get; set; }

    public bool IsActive => UserId is not null;
}

/// <summary>A member as lists and the API show it; <see cref="IsReviewer"/>: the reviewer capability (decides on approval requests).</summary>
public sealed record MemberView(Guid Id, Guid OrganizationId, string Email, string? Name, Role Role, bool IsActive,
    DateTime CreatedAt, DateTime UpdatedAt, string UpdatedBy, Guid Version, bool IsReviewer = false);

public sealed record InviteInput(string? Email, Role? Role);

/// <summary>The answer to "may this role change (or removal) happen?", asked before the console asks the person to confirm.</summary>
public sealed record RoleChangeCheck(string? Refusal, string? Hint)
{
    public static RoleChangeCheck Allowed { get; } = new(null, null);

    public bool IsAllowed => Refusal is null;
}
