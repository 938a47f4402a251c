using System.Net;
using System.Security.Cryptography;
using Builder.Data;
using Builder.Domain.Common;
using Builder.Web.Authentication;
using Builder.Web.Tests.Api;
using Builder.Web.Tests.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Startup;

/// <summary>
/// The Data Protection key ring is in the database, encrypted with a key-encryption key that is not (in Development a
/// generated keyring.kek beside the database file): a copy of the database alone opens neither a secret value nor a cookie.
/// </summary>
public sealed class KeyRingEncryptionTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>, IDisposable
{
    private readonly string _copyDirectory = Directory.CreateTempSubdirectory("builder-db-copy-").FullName;

    private static readonly string[] CookiePurposes = ["Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", AuthenticationSetup.Cookie, "v2"];

    [Fact]
    public void Development_generates_the_key_file_beside_the_database_readable_only_by_its_owner()
    {
        _ = factory.Services;
        var keyFile = Path.Combine(Path.GetDirectoryName(factory.DatabasePath)!, DataProtectionKeyEncryption.DevelopmentKeyFileName);
        Assert.True(File.Exists(keyFile));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(keyFile).Trim()).Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
    }

    [Fact]
    public async Task A_copy_of_the_database_alone_decrypts_no_secret_value()
    {
        var seed = await factory.SeedAsync();
        var created = await factory.As("admin@acme.test").PostJsonAsync("/api/variables",
            new { environmentId = seed.AcmeProduction, name = "KEYRING_PROBE", value = "the-secret-value" }).ExpectJson(201);
        var id = created.Id();
        var stored = await factory.QueryAsync(db => db.Variables.Where(v => v.Id == id).Select(v => v.ProtectedValue).SingleAsync());
        Assert.Equal("the-secret-value", factory.Services.GetRequiredService<ISecretProtector>().Unprotect(stored!));

        await using var copy = CopyWithoutTheKey();
        Assert.Contains(await KeyRingXmlAsync(copy), xml => xml.Contains("encryptedSecret", StringComparison.Ordinal));
        var protector = copy.GetRequiredService<IDataProtectionProvider>().CreateProtector("Builder.Secrets.v1");
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(stored!));
    }

    [Fact]
    public async Task A_cookie_forged_from_a_copy_of_the_database_is_rejected()
    {
        var system = await factory.QueryAsync(db => db.Users.SingleAsync(u => u.Email == "system@builder.local"));
        await SessionClient.SignInAsync(factory, "builder@acme.test"); // the key ring has a cookie key in use
        var ticket = new AuthenticationTicket(
            BuilderClaims.For(system.Id, system.Email, system.Name, "Development", sessionStamp: system.SessionStamp),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, AuthenticationSetup.Cookie);

        // The forging method works with the real key ring (with its key-encryption key) ...
        var withKey = new TicketDataFormat(factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurposes));
        var client = new SessionClient(factory.As((string?)null));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/session", sessionOverride: withKey.Protect(ticket))).StatusCode);

        // ... and fails with the copied database alone.
        await using var copy = CopyWithoutTheKey();
        string forged;
        try
        {
            forged = new TicketDataFormat(copy.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookiePurposes)).Protect(ticket);
        }
        catch (CryptographicException)
        {
            return; // not even a cookie could be made
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/session", sessionOverride: forged)).StatusCode);
    }

    /// <summary>The app's data set-up (same application name, key ring in the database) over a copy of its database file, without the key file.</summary>
    private ServiceProvider CopyWithoutTheKey()
    {
        var copyPath = Path.Combine(_copyDirectory, $"copy-{Guid.NewGuid():N}.db");
        using (var source = new SqliteConnection($"Data Source={factory.DatabasePath}"))
        using (var target = new SqliteConnection($"Data Source={copyPath};Pooling=False"))
        {
            source.Open();
            source.BackupDatabase(target);
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Builder"] = $"Data Source={copyPath};Pooling=False",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddBuilderData(configuration, _copyDirectory);
        return services.BuildServiceProvider();
    }

    private static async Task<List<string>> KeyRingXmlAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BuilderDbContext>();
        return await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_copyDirectory, recursive: true); } catch (IOException) { }
    }
}
