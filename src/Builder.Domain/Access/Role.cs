namespace Builder.Domain.Access;

/// <summary>Roles in ascending order of power. System is a platform-wide user flag, the others are per-organization memberships.</summary>
public enum Role
{
    Guest = 0,
    User = 1,
    Admin = 2,
    System = 3,
}
