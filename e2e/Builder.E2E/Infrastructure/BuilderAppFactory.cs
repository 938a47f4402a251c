using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Builder.E2E.Infrastructure;

/// <summary>
/// The real Builder.Web (its Program) on Kestrel at 127.0.0.1 with a dynamic port, environment Development,
/// and the given configuration. Settings go into host configuration, so Program sees them before Build()
/// (ConfigureAppConfiguration would only apply after Build(); dotnet/aspnetcore#37680).
/// </summary>
sealed class BuilderAppFactory : WebApplicationFactory<Program>
{
    readonly IReadOnlyDictionary<string, string?> _settings;

    public BuilderAppFactory(IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        UseKestrel(0);
    }

    /// <summary>http://127.0.0.1:{port}, without a trailing slash. Valid after <see cref="WebApplicationFactory{T}.StartServer"/>.</summary>
    public string BaseUrl => ClientOptions.BaseAddress.ToString().TrimEnd('/');

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(_settings));
        return base.CreateHost(builder);
    }
}
