using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Builder.TestServers;

/// <summary>
/// The start-up every local test server shares: a slim web app on a free loopback port (port 0, so parallel tests never
/// clash), quiet logs, and the port it got once started.
/// </summary>
public static class LoopbackApp
{
    /// <summary>
    /// A slim app for the server type <typeparamref name="TServer"/>, listening on 127.0.0.1 at a port the OS picks, with the
    /// server's own services added (an MCP server's, for one).
    /// </summary>
    public static WebApplication Build<TServer>(Action<KestrelServerOptions>? kestrel = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(TServer).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            kestrel?.Invoke(k);
        });
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Starts the app (its routes mapped) and answers the port it listens on.</summary>
    public static async Task<int> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address).Port;
    }
}
