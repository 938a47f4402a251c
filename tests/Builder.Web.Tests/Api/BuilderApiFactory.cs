using Builder.Domain.Common;
using Builder.Web.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Api;

/// <summary>
/// The real app over a fresh, seeded SQLite file of its own (one per test class, through IClassFixture), plus the
/// test authentication scheme: <c>X-Test-User: admin@acme.test</c> calls as that seeded user.
/// </summary>
public sealed class BuilderApiFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "builder-api-tests", Guid.NewGuid().ToString("N"));
    private SeedIds? _seed;

    public string DatabasePath => Path.Combine(_directory, "builder.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_directory);
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Builder", $"Data Source={DatabasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Database:Seed", "true");
        builder.UseSetting("Auth0:Domain", "");
        builder.UseSetting("Auth0:ClientId", "");
        builder.UseSetting("Auth0:ClientSecret", "");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Error");
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
            services.PostConfigure<PolicySchemeOptions>(AuthenticationSetup.Policy, o =>
            {
                var original = o.ForwardDefaultSelector!;
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(TestAuthenticationHandler.Header) ? TestAuthenticationHandler.SchemeName : original(context);
            });
        });
    }

    /// <summary>A client calling as a seeded user (by email); <c>null</c> for an anonymous client.</summary>
    public HttpClient As(string? email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (email is not null) client.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, email);
        return client;
    }

    /// <summary>A client calling with an admin API key, as a program would.</summary>
    public HttpClient WithApiKey(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        return client;
    }

    /// <summary>The ids of the seeded organizations and environments, read from this factory's database.</summary>
    public async Task<SeedIds> SeedAsync()
    {
        if (_seed is not null) return _seed;
        await using var db = Services.GetRequiredService<IBuilderDbContextFactory>().Create();
        var organizations = await db.Organizations.ToDictionaryAsync(o => o.Name, o => o.Id);
        var environments = await db.Environments.ToListAsync();
        Guid Env(string organization, string name) =>
            environments.Single(e => e.OrganizationId == organizations[organization] && e.Name == name).Id;
        return _seed = new SeedIds(organizations["Acme Corp"], organizations["Globex"],
            Env("Acme Corp", "Development"), Env("Acme Corp", "Production"), Env("Globex", "Production"));
    }

    /// <summary>Reads the database directly, for checks the API cannot make (what is stored, what was audited).</summary>
    public async Task<T> QueryAsync<T>(Func<IBuilderDbContext, Task<T>> query)
    {
        await using var db = Services.GetRequiredService<IBuilderDbContextFactory>().Create();
        return await query(db);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record SeedIds(Guid Acme, Guid Globex, Guid AcmeDevelopment, Guid AcmeProduction, Guid GlobexProduction);
