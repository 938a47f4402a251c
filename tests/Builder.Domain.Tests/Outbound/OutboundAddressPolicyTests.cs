using System.Net;
using Builder.Domain.Outbound;
using Microsoft.Extensions.Configuration;

namespace Builder.Domain.Tests.Outbound;

public class OutboundAddressPolicyTests
{
    static readonly OutboundAddressPolicy Production = new(allowLoopback: false);
    static readonly OutboundAddressPolicy Development = new(allowLoopback: true);

    [Theory]
    // loopback
    [InlineData("127.0.0.1", AddressCategory.Loopback)]
    [InlineData("127.255.255.254", AddressCategory.Loopback)]
    [InlineData("::1", AddressCategory.Loopback)]
    // unspecified
    [InlineData("0.0.0.0", AddressCategory.Unspecified)]
    [InlineData("0.1.2.3", AddressCategory.Unspecified)]
    [InlineData("::", AddressCategory.Unspecified)]
    // link-local and cloud metadata
    [InlineData("169.254.0.1", AddressCategory.LinkLocal)]
    [InlineData("169.254.255.255", AddressCategory.LinkLocal)]
    [InlineData("169.254.169.254", AddressCategory.CloudMetadata)]
    [InlineData("fd00:ec2::254", AddressCategory.CloudMetadata)]
    [InlineData("fe80::1", AddressCategory.LinkLocal)]
    [InlineData("febf:ffff::1", AddressCategory.LinkLocal)]
    // private ranges
    [InlineData("10.0.0.5", AddressCategory.Private)]
    [InlineData("10.255.255.255", AddressCategory.Private)]
    [InlineData("172.16.0.1", AddressCategory.Private)]
    [InlineData("172.31.255.255", AddressCategory.Private)]
    [InlineData("192.168.1.1", AddressCategory.Private)]
    [InlineData("100.64.0.1", AddressCategory.Private)]
    [InlineData("100.127.255.255", AddressCategory.Private)]
    [InlineData("fc00::1", AddressCategory.Private)]
    [InlineData("fd12:3456:789a::1", AddressCategory.Private)]
    [InlineData("fec0::1", AddressCategory.Private)]
    // multicast and reserved
    [InlineData("224.0.0.1", AddressCategory.Multicast)]
    [InlineData("ff02::1", AddressCategory.Multicast)]
    [InlineData("255.255.255.255", AddressCategory.Reserved)]
    [InlineData("240.0.0.1", AddressCategory.Reserved)]
    // the edges just outside the ranges are public
    [InlineData("8.8.8.8", AddressCategory.Public)]
    [InlineData("172.15.255.255", AddressCategory.Public)]
    [InlineData("172.32.0.0", AddressCategory.Public)]
    [InlineData("100.63.255.255", AddressCategory.Public)]
    [InlineData("100.128.0.0", AddressCategory.Public)]
    [InlineData("169.253.255.255", AddressCategory.Public)]
    [InlineData("11.0.0.0", AddressCategory.Public)]
    [InlineData("192.169.0.1", AddressCategory.Public)]
    [InlineData("128.0.0.1", AddressCategory.Public)]
    [InlineData("2606:4700:4700::1111", AddressCategory.Public)]
    [InlineData("fe00::1", AddressCategory.Public)]
    public void Classifies_every_range(string address, AddressCategory expected)
        => Assert.Equal(expected, OutboundAddressPolicy.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1", AddressCategory.Loopback)]
    [InlineData("::ffff:10.0.0.5", AddressCategory.Private)]
    [InlineData("::ffff:172.16.0.1", AddressCategory.Private)]
    [InlineData("::ffff:192.168.0.1", AddressCategory.Private)]
    [InlineData("::ffff:100.64.0.1", AddressCategory.Private)]
    [InlineData("::ffff:169.254.169.254", AddressCategory.CloudMetadata)]
    [InlineData("::ffff:169.254.1.1", AddressCategory.LinkLocal)]
    [InlineData("::ffff:0.0.0.0", AddressCategory.Unspecified)]
    [InlineData("::ffff:7f00:1", AddressCategory.Loopback)]      // the same mapped loopback, written in hex
    [InlineData("::127.0.0.1", AddressCategory.Loopback)]        // IPv4-compatible (deprecated)
    [InlineData("64:ff9b::10.0.0.5", AddressCategory.Private)]   // NAT64
    [InlineData("2002:a9fe:a9fe::1", AddressCategory.CloudMetadata)] // 6to4 of 169.254.169.254
    [InlineData("::ffff:8.8.8.8", AddressCategory.Public)]
    public void Judges_ipv6_forms_by_the_ipv4_address_they_carry(string address, AddressCategory expected)
        => Assert.Equal(expected, OutboundAddressPolicy.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("172.20.1.1")]
    [InlineData("192.168.0.10")]
    [InlineData("100.64.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("169.254.10.10")]
    [InlineData("fe80::1")]
    [InlineData("fc00::5")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("::ffff:10.0.0.5")]
    public void Production_refuses_internal_addresses(string address)
        => Assert.NotNull(Production.Check("model.example", IPAddress.Parse(address)));

    [Fact]
    public void Production_allows_public_addresses()
    {
        Assert.Null(Production.Check("api.openai.com", IPAddress.Parse("104.18.6.192")));
        Assert.Null(Production.Check("api.openai.com", IPAddress.Parse("2606:4700::6812:6c0")));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.1.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Development_allows_loopback(string address)
        => Assert.Null(Development.Check("localhost", IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("0.0.0.0")]
    public void Development_still_refuses_private_link_local_and_metadata_addresses(string address)
        => Assert.NotNull(Development.Check("model.example", IPAddress.Parse(address)));

    [Fact]
    public void A_listed_host_may_reach_a_private_address_but_others_may_not()
    {
        var policy = new OutboundAddressPolicy(false, ["ollama.internal", "*.corp.example", "10.1.2.3"]);
        Assert.Null(policy.Check("ollama.internal", IPAddress.Parse("10.0.0.5")));
        Assert.Null(policy.Check("OLLAMA.internal.", IPAddress.Parse("10.0.0.5")));
        Assert.Null(policy.Check("gpu1.corp.example", IPAddress.Parse("192.168.3.4")));
        Assert.Null(policy.Check("10.1.2.3", IPAddress.Parse("10.1.2.3")));
        Assert.NotNull(policy.Check("corp.example", IPAddress.Parse("192.168.3.4")));        // the wildcard covers subdomains only
        Assert.NotNull(policy.Check("evil-corp.example", IPAddress.Parse("192.168.3.4")));
        Assert.NotNull(policy.Check("other.internal", IPAddress.Parse("10.0.0.5")));
        Assert.NotNull(policy.Check("ollama.internal.evil.example", IPAddress.Parse("10.0.0.5")));
    }

    [Fact]
    public void The_refusal_names_address_host_category_and_the_setting()
    {
        var refusal = Production.Check("x", IPAddress.Parse("10.0.0.5"));
        Assert.NotNull(refusal);
        Assert.Equal("the address 10.0.0.5 of host x is private; add the host to Outbound:AllowedHosts to allow it", refusal.Message);
        Assert.Equal(AddressCategory.Private, refusal.Category);
        Assert.Contains("is a cloud metadata address", Production.Check("m", IPAddress.Parse("169.254.169.254"))!.Message);
        Assert.Contains("is a loopback address", Production.Check("localhost", IPAddress.Parse("127.0.0.1"))!.Message);
    }

    [Fact]
    public void Allowed_hosts_come_from_configuration_as_an_array_or_a_list()
    {
        var array = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Outbound:AllowedHosts:0"] = "ollama.internal",
            ["Outbound:AllowedHosts:1"] = " *.corp.example ",
        }).Build();
        Assert.Equal(["ollama.internal", "*.corp.example"], OutboundHttp.ReadOptions(array).AllowedHosts);

        var list = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Outbound:AllowedHosts"] = "a.example, b.example;c.example",
            ["Outbound:ConnectTimeoutSeconds"] = "3",
        }).Build();
        var options = OutboundHttp.ReadOptions(list);
        Assert.Equal(["a.example", "b.example", "c.example"], options.AllowedHosts);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ConnectTimeout);
    }

    [Fact]
    public async Task The_connect_callback_refuses_a_name_that_resolves_to_loopback_before_connecting()
    {
        var refused = await Assert.ThrowsAsync<OutboundAddressRefusedException>(async () =>
            await OutboundHttp.ConnectAsync(Production, new DnsEndPoint("localhost", 9), CancellationToken.None));
        Assert.Equal(AddressCategory.Loopback, refused.Category);
        Assert.Equal("localhost", refused.Host);
    }

    [Fact]
    public void The_handler_follows_no_redirects_and_uses_no_proxy()
    {
        using var handler = OutboundHttp.CreateHandler(Production, new OutboundOptions());
        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseProxy);
        Assert.NotNull(handler.ConnectCallback);
        Assert.Equal(TimeSpan.FromSeconds(10), handler.ConnectTimeout);
    }
}
