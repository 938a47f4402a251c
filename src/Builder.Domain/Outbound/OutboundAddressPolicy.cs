using System.Net;
using System.Net.Sockets;

namespace Builder.Domain.Outbound;

/// <summary>What kind of address an outbound connection would reach.</summary>
public enum AddressCategory
{
    Public,
    Loopback,
    LinkLocal,
    CloudMetadata,
    Unspecified,
    Private,
    Multicast,
    Reserved,
}

/// <summary>
/// Decides which addresses the Builder's outbound calls (models, and later MCP servers, tools and webhooks) may connect to.
/// Public addresses always; loopback only in Development; loopback, link-local, cloud metadata, unspecified, private,
/// multicast and reserved addresses otherwise only when the host is listed in <c>Outbound:AllowedHosts</c>.
/// IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4 (2002::/16) IPv6 forms are judged by the IPv4 address they carry.
/// The check runs on every address actually connected to (<see cref="OutboundHttp"/>), so DNS rebinding and redirects
/// cannot reach a refused address.
/// </summary>
public sealed class OutboundAddressPolicy
{
    public const string AllowedHostsKey = "Outbound:AllowedHosts";

    static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");

    readonly HashSet<string> _exactHosts = new(StringComparer.OrdinalIgnoreCase);
    readonly List<string> _wildcardSuffixes = [];

    public OutboundAddressPolicy(bool allowLoopback, IEnumerable<string>? allowedHosts = null)
    {
        AllowLoopback = allowLoopback;
        foreach (var raw in allowedHosts ?? [])
        {
            var host = NormalizeHost(raw);
            if (host.Length == 0) continue;
            if (host.StartsWith("*.", StringComparison.Ordinal)) _wildcardSuffixes.Add(host[1..]);
            else _exactHosts.Add(host);
        }
    }

    /// <summary>True in Development: loopback addresses (127.0.0.0/8, ::1) are allowed without listing the host.</summary>
    public bool AllowLoopback { get; }

    public IReadOnlyCollection<string> AllowedHosts => [.. _exactHosts, .. _wildcardSuffixes.Select(s => "*" + s)];

    /// <summary>Whether the host is listed in Outbound:AllowedHosts (exactly, or under a "*.example.com" entry).</summary>
    public bool IsHostAllowed(string host)
    {
        host = NormalizeHost(host);
        if (_exactHosts.Contains(host)) return true;
        foreach (var suffix in _wildcardSuffixes)
            if (host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && host.Length > suffix.Length) return true;
        return false;
    }

    /// <summary>Null when the connection may go ahead; otherwise the refusal to throw.</summary>
    public OutboundAddressRefusedException? Check(string host, IPAddress address)
    {
        var category = Classify(address);
        if (category == AddressCategory.Public) return null;
        if (category == AddressCategory.Loopback && AllowLoopback) return null;
        if (IsHostAllowed(host)) return null;
        return new OutboundAddressRefusedException(NormalizeHost(host), address, category);
    }

    public void EnsureAllowed(string host, IPAddress address)
    {
        if (Check(host, address) is { } refusal) throw refusal;
    }

    /// <summary>The category of an address; IPv6 forms that carry an IPv4 address are judged by that address.</summary>
    public static AddressCategory Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork) return ClassifyV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return AddressCategory.Reserved;

        if (address.IsIPv4MappedToIPv6) return ClassifyV4(address.MapToIPv4().GetAddressBytes());
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any)) return AddressCategory.Unspecified;
        if (address.Equals(IPAddress.IPv6Loopback)) return AddressCategory.Loopback;
        if (new IPAddress(b).Equals(AwsMetadataV6)) return AddressCategory.CloudMetadata; // ignores a scope id
        // IPv4-compatible ::a.b.c.d (deprecated) and NAT64 64:ff9b::a.b.c.d carry an IPv4 address in the last 4 bytes.
        if (AllZero(b, 0, 12) || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && AllZero(b, 4, 8)))
            return ClassifyV4(b[12..16]);
        // 6to4 2002:AABB:CCDD::/48 carries a.b.c.d in bytes 2..5.
        if (b[0] == 0x20 && b[1] == 0x02) return ClassifyV4(b[2..6]);
        if (b[0] == 0xff) return AddressCategory.Multicast;                          // ff00::/8
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressCategory.LinkLocal;  // fe80::/10
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressCategory.Private;    // fec0::/10 site-local (deprecated)
        if ((b[0] & 0xfe) == 0xfc) return AddressCategory.Private;                    // fc00::/7 unique local
        if (AllZero(b, 0, 8) || b[0] == 0x01 && AllZero(b, 1, 7)) return AddressCategory.Reserved; // ::/64 leftovers, 100::/64 discard
        return AddressCategory.Public;
    }

    static AddressCategory ClassifyV4(byte[] b)
    {
        if (b[0] == 169 && b[1] == 254 && b[2] == 169 && b[3] == 254) return AddressCategory.CloudMetadata;
        if (b[0] == 0) return AddressCategory.Unspecified;                                 // 0.0.0.0/8
        if (b[0] == 127) return AddressCategory.Loopback;                                  // 127.0.0.0/8
        if (b[0] == 169 && b[1] == 254) return AddressCategory.LinkLocal;                  // 169.254.0.0/16
        if (b[0] == 10) return AddressCategory.Private;                                    // 10.0.0.0/8
        if (b[0] == 172 && (b[1] & 0xf0) == 16) return AddressCategory.Private;            // 172.16.0.0/12
        if (b[0] == 192 && b[1] == 168) return AddressCategory.Private;                    // 192.168.0.0/16
        if (b[0] == 100 && (b[1] & 0xc0) == 64) return AddressCategory.Private;            // 100.64.0.0/10 (carrier-grade NAT)
        if (b[0] == 198 && (b[1] & 0xfe) == 18) return AddressCategory.Private;            // 198.18.0.0/15 (benchmarking)
        if (b[0] == 192 && b[1] == 0 && b[2] == 0) return AddressCategory.Private;         // 192.0.0.0/24 (IETF protocol assignments)
        if (b[0] >= 224 && b[0] <= 239) return AddressCategory.Multicast;                  // 224.0.0.0/4
        if (b[0] >= 240) return AddressCategory.Reserved;                                  // 240.0.0.0/4 and broadcast
        return AddressCategory.Public;
    }

    static bool AllZero(byte[] b, int start, int count)
    {
        for (var i = start; i < start + count; i++) if (b[i] != 0) return false;
        return true;
    }

    /// <summary>Lower case, without brackets around an IPv6 literal or a trailing dot.</summary>
    public static string NormalizeHost(string host)
    {
        host = host.Trim();
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        return host.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>How a category reads in a refusal: "the address 10.0.0.5 of host x is {description}".</summary>
    public static string Describe(AddressCategory category) => category switch
    {
        AddressCategory.Loopback => "a loopback address",
        AddressCategory.LinkLocal => "link-local",
        AddressCategory.CloudMetadata => "a cloud metadata address",
        AddressCategory.Unspecified => "unspecified",
        AddressCategory.Private => "private",
        AddressCategory.Multicast => "multicast",
        AddressCategory.Reserved => "reserved",
        _ => "public",
    };
}

/// <summary>An outbound connection the address policy refused. Its message names the host and address, never a credential.</summary>
public sealed class OutboundAddressRefusedException(string host, IPAddress address, AddressCategory category)
    : Exception($"the address {address} of host {host} is {OutboundAddressPolicy.Describe(category)}; add the host to {OutboundAddressPolicy.AllowedHostsKey} to allow it")
{
    public string Host { get; } = host;
    public IPAddress Address { get; } = address;
    public AddressCategory Category { get; } = category;
}
