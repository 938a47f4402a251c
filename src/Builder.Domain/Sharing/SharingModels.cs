namespace Builder.Domain.Sharing;

/// <summary>Who besides the owner sees an owned resource: the owner and the organization's Admins only, or every member.</summary>
public enum SharingLevel
{
    /// <summary>The owner, the organization's Admins and the members it is shared with explicitly.</summary>
    Private = 0,

    /// <summary>Every member of the organization, at the resource's company permission level.</summary>
    Company = 1,
}

/// <summary>
/// What a person may do with one owned resource, in ascending order: see it, change it, or manage it (ask to delete it, change
/// its sharing, transfer its ownership). The reference spells them VIEW, EDIT and ADMIN.
/// </summary>
public enum AccessLevel
{
    None = 0,
    View = 1,
    Edit = 2,
    Admin = 3,
}

/// <summary>The permission names of the role matrix that bound each access level of a resource type.</summary>
public sealed record ResourcePermissions(string Read, string Update, string Delete);

/// <summary>
/// The sharing of one owned resource: its owner (a member of its organization), the level, the permission every member gets
/// when it is shared company-wide, and the explicit shares by user id.
/// </summary>
public sealed record ResourceSharing(Guid OwnerId, SharingLevel Level, AccessLevel CompanyPermission, IReadOnlyDictionary<Guid, AccessLevel> Shares)
{
    private static readonly IReadOnlyDictionary<Guid, AccessLevel> NoShares = new Dictionary<Guid, AccessLevel>();

    /// <summary>
    /// What an existing record gets when ownership arrives: shared company-wide at EDIT, so that nothing changes for anyone
    /// until someone restricts it.
    /// </summary>
    public static ResourceSharing CompanyEdit(Guid ownerId) => new(ownerId, SharingLevel.Company, AccessLevel.Edit, NoShares);

    /// <summary>Only the owner and the organization's Admins.</summary>
    public static ResourceSharing Private(Guid ownerId) => new(ownerId, SharingLevel.Private, AccessLevel.View, NoShares);

    /// <summary>The explicit share of one person, or None.</summary>
    public AccessLevel ShareOf(Guid userId) => Shares.TryGetValue(userId, out var level) ? level : AccessLevel.None;
}
