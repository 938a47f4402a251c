using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Builder.Domain.Files;

/// <summary>
/// The name of a stored file: the organization it belongs to and 128 random bits, written <c>{organization:N}/{32 hex}</c>.
/// Only the store makes new keys (<see cref="New"/>); anything a caller sends is read with <see cref="TryParse"/>, which
/// accepts exactly that shape (lower-case hex, one slash), so no key can name a path outside the store.
/// </summary>
public readonly struct BlobKey : IEquatable<BlobKey>
{
    private BlobKey(Guid organizationId, string id)
    {
        OrganizationId = organizationId;
        Id = id;
    }

    public Guid OrganizationId { get; }

    /// <summary>32 lower-case hex digits.</summary>
    public string Id { get; }

    public static BlobKey New(Guid organizationId) =>
        new(organizationId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));

    public static bool TryParse([NotNullWhen(true)] string? text, out BlobKey key)
    {
        key = default;
        if (text is not { Length: 65 } || text[32] != '/') return false;
        var organization = text.AsSpan(0, 32);
        var id = text.AsSpan(33);
        if (!IsLowerHex(organization) || !IsLowerHex(id)) return false;
        key = new BlobKey(Guid.ParseExact(organization, "N"), id.ToString());
        return true;
    }

    /// <summary>The key of a file cell, or null when it is not a key this store could have made.</summary>
    public static BlobKey? From(string? text) => TryParse(text, out var key) ? key : null;

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        return true;
    }

    public bool IsEmpty => Id is null;

    public override string ToString() => IsEmpty ? "" : $"{OrganizationId:N}/{Id}";

    public bool Equals(BlobKey other) => OrganizationId == other.OrganizationId && Id == other.Id;
    public override bool Equals(object? obj) => obj is BlobKey other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(OrganizationId, Id);
    public static bool operator ==(BlobKey left, BlobKey right) => left.Equals(right);
    public static bool operator !=(BlobKey left, BlobKey right) => !left.Equals(right);
}
