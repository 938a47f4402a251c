using System.Security.Cryptography;
using System.Text;
using Builder.Domain.Common;

namespace Builder.Domain.ApiKeys;

/// <summary>
/// An admin API key, presented as <c>pwrusr:{KeyId}:{secret}</c>. Only a SHA-256 hash of the (high-entropy) secret
/// is stored; the whole key is shown once, when generated.
/// </summary>
public sealed class ApiKey : IOrganizationOwned, INamedResource, Trash.ITrashable
{
    /// <summary>When it went to the trash; null while it is in use (<see cref="Trash.ITrashable"/>).</summary>
    public DateTime? DeletedAt { get; set; }
    public Guid? TrashItemId { get; set; }

    public const string Prefix = "pwrusr";
    public const int NameMax = 100;

    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OrganizationId { get; set; }
    public Guid OwnerUserId { get; set; }
    public string OwnerEmail { get; set; } = "";
    public string Name { get; set; } = "";
    public string KeyId { get; set; } = "";
    public string SecretHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    public static string HashSecret(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public bool Matches(string secret) => Matches(SecretHash, secret);

    /// <summary>Whether <paramref name="secret"/> hashes to <paramref name="secretHash"/>, compared in constant time.</summary>
    public static bool Matches(string secretHash, string secret) => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(secretHash), Encoding.ASCII.GetBytes(HashSecret(secret)));

    /// <summary>Parses "pwrusr:{key_id}:{secret}"; null when the text is not in that form.</summary>
    public static (string KeyId, string Secret)? Parse(string? presented)
    {
        if (string.IsNullOrWhiteSpace(presented)) return null;
        var parts = presented.Trim().Split(':');
        if (parts.Length != 3 || parts[0] != Prefix || parts[1].Length == 0 || parts[2].Length == 0) return null;
        return (parts[1], parts[2]);
    }
}

public sealed record ApiKeyView(Guid Id, Guid OrganizationId, string Name, string KeyId, string OwnerEmail,
    DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt, string? RevokedBy);

/// <summary>A freshly generated key: <see cref="Token"/> is the only time the secret is ever available.</summary>
public sealed record GeneratedApiKey(ApiKeyView Key, string Token);
