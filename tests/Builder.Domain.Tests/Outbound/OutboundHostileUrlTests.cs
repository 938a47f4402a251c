using System.Net;
using Builder.Domain.Outbound;

namespace Builder.Domain.Tests.Outbound;

/// <summary>
/// URLs a hostile model owner would try, sent through the real outbound handler with the Production policy (loopback not
/// allowed, nothing listed): every one is refused before a socket is opened, whatever form the address takes.
/// </summary>
public sealed class OutboundHostileUrlTests
{
    static async Task<Exception> SendAsync(string url, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        var options = new OutboundOptions { ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (resolve is not null) options.ResolveHost = resolve;
        using var client = new HttpClient(OutboundHttp.CreateHandler(new OutboundAddressPolicy(allowLoopback: false), options));
        return await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync(url));
    }

    static void AssertRefused(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is OutboundAddressRefusedException) return;
        Assert.Fail($"not refused by the policy: {error}");
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://[::ffff:a9fe:a9fe]/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://017700000001/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://127.1/")]
    [InlineData("http://2852039166/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::]/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[fe80::1%25lo]/")]
    [InlineData("http://[fe80::1%251]/")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://[::127.0.0.1]/")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/")]
    [InlineData("http://[2002:7f00:1::]/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://192.168.1.1:8080/")]
    [InlineData("http://127.0.0.1./")]
    [InlineData("https://127.0.0.1:443/")]
    [InlineData("http://user:pass@127.0.0.1/")]
    public async Task Internal_addresses_in_any_form_are_refused(string url) => AssertRefused(await SendAsync(url));

    [Theory]
    [InlineData("localhost")]
    [InlineData("metadata.google.internal")]
    [InlineData("rebind.example")]
    public async Task A_name_that_resolves_to_an_internal_address_is_refused(string host)
    {
        var error = await SendAsync($"http://{host}/v1/chat/completions",
            (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254"), IPAddress.Loopback, IPAddress.Parse("::ffff:10.0.0.1") }));
        AssertRefused(error);
    }
}
