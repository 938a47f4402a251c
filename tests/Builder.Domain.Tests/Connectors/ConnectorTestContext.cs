using Builder.Data;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Connectors;
using Builder.Domain.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Connectors;

/// <summary>A real SQLite database with the domain registered as the app registers it, and the seeded actors.</summary>
public abstract class ConnectorTestContext : IAsyncLifetime
{
    protected FileTestDatabase Db = null!;
    private ServiceProvider _services = null!;
    protected Guid Acme, Globex;
    protected Actor System = null!, Admin = null!, Reviewer = null!, Builder = null!, Guest = null!, GlobexAdmin = null!, ApiKey = null!;
    protected readonly ISecretProtector Protector = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());

    public async Task InitializeAsync()
    {
        Db = await FileTestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBuilderDomain();
        services.AddSingleton<IBuilderDbContextFactory>(Db);
        services.AddSingleton(Protector);
        services.AddHttpClient();
        services.AddSingleton<Builder.Domain.Models.IModelGateway, Builder.Domain.Models.ModelGateway>();
        _services = services.BuildServiceProvider();
        Acme = await Db.OrganizationIdAsync("Acme Corp");
        Globex = await Db.OrganizationIdAsync("Globex");
        System = await Db.ActorAsync("system@builder.local");
        Admin = await Db.ActorAsync("admin@acme.test");
        Reviewer = await Db.ActorAsync("reviewer@acme.test");
        Builder = await Db.ActorAsync("builder@acme.test");
        Guest = await Db.ActorAsync("guest@acme.test");
        GlobexAdmin = await Db.ActorAsync("admin@globex.test");
        ApiKey = Admin with { ApiKeyOrganizationId = Acme };
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await Db.DisposeAsync();
    }

    protected T Get<T>() where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    protected ConnectorService Connectors => Get<ConnectorService>();

    public const string Canary = "CANARY-connector-secret-8f3e2a91-do-not-leak";

    /// <summary>A valid value for a field of the catalogue, by kind (a choice's first option).</summary>
    public static string ValidValue(ConnectorField field) => field.Kind switch
    {
        ConnectorFieldKind.Email => "ops@example.com",
        ConnectorFieldKind.Url => "https://erp.example.com",
        ConnectorFieldKind.Handle => "@acme_team",
        ConnectorFieldKind.Subdomain => "acme",
        ConnectorFieldKind.Digits => "12345678",
        ConnectorFieldKind.Identifier => "id_ABC-123.x",
        ConnectorFieldKind.Choice => field.Choices![0],
        _ => "Acme Ltd",
    };

    /// <summary>A complete input for a type: every field valid, every credential the canary with its key.</summary>
    public static ConnectorInput Complete(string type, string name = "Work")
    {
        var definition = ConnectorCatalog.Find(type)!;
        return new ConnectorInput(name,
            definition.Fields.ToDictionary(f => f.Key, f => (string?)ValidValue(f)),
            definition.Credentials.ToDictionary(c => c.Key, c => (string?)$"{Canary}-{c.Key}"));
    }

    protected Task<ConnectorView> CreateAsync(string type = "GMAIL", string name = "Work", Actor? actor = null) =>
        Connectors.CreateAsync(actor ?? Admin, Acme, type, Complete(type, name));
}
