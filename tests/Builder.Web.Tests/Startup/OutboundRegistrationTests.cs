using Builder.Domain.Models;
using Builder.TestServers;
using Builder.Web.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Startup;

/// <summary>
/// The app registers the model gateway on the one outbound client with the environment's address policy: in Development
/// it reaches the local model server on loopback; in Production loopback is refused unless the host is in Outbound:AllowedHosts.
/// </summary>
public sealed class OutboundRegistrationTests : IAsyncLifetime
{
    LocalOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await LocalOpenAiServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    ModelEndpoint Endpoint() => new() { ModelUrl = _server.ChatCompletionsUrl, ModelName = "registration", Token = LocalOpenAiServer.DefaultToken };

    [Fact]
    public async Task Development_reaches_a_model_on_loopback()
    {
        await using var factory = new BuilderApiFactory();
        _ = factory.Server;
        var result = await factory.Services.GetRequiredService<IModelGateway>().TestAsync(Endpoint());

        Assert.True(result.Ok, result.Reason);
        Assert.Equal(LocalOpenAiServer.DefaultReply, result.Reply);
    }

    [Fact]
    public async Task Production_refuses_loopback_unless_the_host_is_allowed()
    {
        await using (var production = new Production(allowedHosts: ""))
        {
            _ = production.Server;
            var refused = await production.Services.GetRequiredService<IModelGateway>().TestAsync(Endpoint());
            Assert.False(refused.Ok);
            Assert.Equal(ModelFailure.RefusedByPolicy, refused.Failure);
            Assert.Equal("refused by the address policy: the address 127.0.0.1 of host 127.0.0.1 is a loopback address; add the host to Outbound:AllowedHosts to allow it", refused.Reason);
        }
        Assert.Empty(_server.Requests);

        await using var allowed = new Production(allowedHosts: "127.0.0.1");
        _ = allowed.Server;
        var result = await allowed.Services.GetRequiredService<IModelGateway>().TestAsync(Endpoint());
        Assert.True(result.Ok, result.Reason);
    }

    sealed class Production(string allowedHosts) : WebApplicationFactory<Program>
    {
        readonly string _directory = Directory.CreateTempSubdirectory("builder-outbound-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Builder", $"Data Source={Path.Combine(_directory, "builder.db")}");
            builder.UseSetting("Auth0:Domain", "https://tenant.example.invalid");
            builder.UseSetting("Auth0:ClientId", "configured-value");
            builder.UseSetting("Auth0:ClientSecret", "configured-value");
            builder.UseSetting("DataProtection:KeyEncryptionKey", Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()));
            builder.UseSetting("Outbound:AllowedHosts", allowedHosts);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }
}
