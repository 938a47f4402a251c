using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Builder.Domain.Outbound;

/// <summary>Settings of the one outbound HTTP client (section <c>Outbound</c>).</summary>
public sealed class OutboundOptions
{
    /// <summary>Hosts that may resolve to loopback, private, link-local or metadata addresses, e.g. "ollama.internal" or "*.corp.example".</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>How long a TCP connect (with its DNS lookup) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The backstop for one whole request, when the caller gives no shorter timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>The longest answer read from any outbound call, after decompression (default 4 MB); past it the call fails.</summary>
    public long MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Resolves a host name to its addresses (DNS by default; tests substitute names that resolve to chosen addresses).</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> ResolveHost { get; set; } = Dns.GetHostAddressesAsync;
}

/// <summary>
/// The one HTTP client setup every outbound call of the Builder uses: <c>IHttpClientFactory.CreateClient(OutboundHttp.ClientName)</c>.
/// Its <see cref="SocketsHttpHandler"/> resolves DNS itself and checks every address it connects to against the
/// <see cref="OutboundAddressPolicy"/> (in the ConnectCallback, so neither DNS rebinding nor a proxy nor a redirect gets
/// around it), follows no redirects, uses no proxy, and has connect and request timeouts. The factory's request logging
/// is removed: callers log what they need, without URLs' query strings or headers.
/// </summary>
public static class OutboundHttp
{
    public const string ClientName = "Builder.Outbound";

    /// <summary>The setting that caps an outbound answer's size.</summary>
    public const string MaxResponseBytesKey = "Outbound:MaxResponseBytes";

    /// <summary>Registers the address policy (loopback allowed in Development only) and the named outbound client.</summary>
    public static IServiceCollection AddOutboundHttp(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
        => services.AddOutboundHttp(configuration, environment.IsDevelopment());

    public static IServiceCollection AddOutboundHttp(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.TryAddSingleton(_ => ReadOptions(configuration));
        services.TryAddSingleton(sp => new OutboundAddressPolicy(allowLoopback: isDevelopment, sp.GetRequiredService<OutboundOptions>().AllowedHosts));
        services.AddHttpClient(ClientName, (sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<OutboundOptions>().RequestTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Builder/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<OutboundAddressPolicy>(), sp.GetRequiredService<OutboundOptions>()))
            .AddHttpMessageHandler(sp => new ResponseSizeLimitHandler(sp.GetRequiredService<OutboundOptions>().MaxResponseBytes))
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>
    /// Reads the Outbound section. AllowedHosts may be an array (<c>Outbound:AllowedHosts:0</c>, JSON arrays) or one string
    /// separated by commas, semicolons or spaces (<c>Outbound__AllowedHosts="a.example,b.example"</c>).
    /// </summary>
    public static OutboundOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection("Outbound");
        var options = new OutboundOptions();
        var hosts = section.GetSection("AllowedHosts");
        if (!string.IsNullOrWhiteSpace(hosts.Value))
            options.AllowedHosts.AddRange(hosts.Value.Split([',', ';', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        foreach (var child in hosts.GetChildren())
            if (!string.IsNullOrWhiteSpace(child.Value)) options.AllowedHosts.Add(child.Value.Trim());
        if (double.TryParse(section["ConnectTimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var connect) && connect > 0)
            options.ConnectTimeout = TimeSpan.FromSeconds(connect);
        if (double.TryParse(section["RequestTimeoutSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var request) && request > 0)
            options.RequestTimeout = TimeSpan.FromSeconds(request);
        if (long.TryParse(section["MaxResponseBytes"], System.Globalization.CultureInfo.InvariantCulture, out var maxBytes) && maxBytes > 0)
            options.MaxResponseBytes = maxBytes;
        return options;
    }

    /// <summary>The primary handler: the address policy in the ConnectCallback, no redirects, no proxy, no cookies.</summary>
    public static SocketsHttpHandler CreateHandler(OutboundAddressPolicy policy, OutboundOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = options.ConnectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.All,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(policy, context.DnsEndPoint, cancellationToken, options.ResolveHost),
    };

    /// <summary>
    /// Resolves the host, refuses the addresses the policy refuses and connects to the first allowed one that answers.
    /// When every address is refused, throws the refusal of the first; when none answers, the last socket error.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(OutboundAddressPolicy policy, DnsEndPoint endpoint, CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolveHost = null)
    {
        resolveHost ??= Dns.GetHostAddressesAsync;
        var host = OutboundAddressPolicy.NormalizeHost(endpoint.Host);
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal)) addresses = [literal];
        else
        {
            try { addresses = await resolveHost(host, cancellationToken); }
            catch (SocketException e) { throw new OutboundConnectException($"could not resolve the host {host} ({e.SocketErrorCode})", e); }
            if (addresses.Length == 0) throw new OutboundConnectException($"could not resolve the host {host}");
        }

        OutboundAddressRefusedException? firstRefusal = null;
        Exception? lastError = null;
        foreach (var address in addresses)
        {
            if (policy.Check(host, address) is { } refusal)
            {
                firstRefusal ??= refusal;
                continue;
            }
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        if (lastError is SocketException socketError)
            throw new OutboundConnectException($"could not connect to {host}:{endpoint.Port} ({Describe(socketError.SocketErrorCode)})", socketError);
        throw (Exception?)firstRefusal ?? new OutboundConnectException($"could not connect to {host}:{endpoint.Port}");
    }

    static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "timed out",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        _ => error.ToString(),
    };
}

/// <summary>A connection that could not be made: the host did not resolve or no address answered. Names host and port only.</summary>
public sealed class OutboundConnectException(string message, Exception? inner = null) : IOException(message, inner);
