using Builder.Data;
using Builder.Domain.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Persistence;

/// <summary>The key ring lives in the database, so a value encrypted by one server instance is readable by another.</summary>
public class DataProtectionKeyRingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("builder-keys-").FullName;

    private ServiceProvider Instance()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Builder"] = $"Data Source={Path.Combine(_folder, "builder.db")};Pooling=False",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddBuilderData(configuration, _folder);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Two_instances_sharing_a_database_share_the_keys()
    {
        string encrypted;
        await using (var first = Instance())
        {
            await first.InitializeDatabaseAsync(seed: false);
            encrypted = first.GetRequiredService<ISecretProtector>().Protect("shared secret");
        }
        await using var second = Instance();
        Assert.Equal("shared secret", second.GetRequiredService<ISecretProtector>().Unprotect(encrypted));
    }

    [Fact]
    public void An_unknown_provider_is_refused_by_name()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
        }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => { new ServiceCollection().AddBuilderData(configuration, _folder); });
        Assert.Contains("'Sqlite' or 'SqlServer'", error.Message);
    }

    [Fact]
    public void SqlServer_requires_a_connection_string()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
        }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => { new ServiceCollection().AddBuilderData(configuration, _folder); });
        Assert.Contains("ConnectionStrings:Builder", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
