namespace Builder.Domain.Users;

/// <summary>A person who has signed in (or been seeded). Keyed by the identity provider's <see cref="Subject"/> once known.</summary>
public sealed class User
{
    public const int EmailMax = 256;
    public const int NameMax = 200;

    public Guid Id { get; set; } = Guid.NewGuid();
    public string? Subject { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public bool IsSystem { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }

    /// <summary>Changes when the user signs out: a session cookie carrying an older stamp no longer works.</summary>
    public Guid SessionStamp { get; set; } = Guid.NewGuid();

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}

public sealed record SessionOrganization(Guid Id, string Name, string Role);

public sealed record SessionView(Guid UserId, string Email, string Name, bool IsSystem, IReadOnlyList<SessionOrganization> Organizations);
