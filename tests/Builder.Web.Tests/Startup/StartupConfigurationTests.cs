using Builder.Web.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Startup;

/// <summary>
/// Outside Development the console refuses to start without Auth0 or without a key-encryption key for the Data Protection
/// key ring, and says which settings are missing; with them, the session cookie is always Secure and new keys are encrypted.
/// </summary>
public class StartupConfigurationTests
{
    private const string KeyEncryptionKey = "DataProtection:KeyEncryptionKey";

    private sealed class ProductionWithout(params string[] configured) : WebApplicationFactory<Program>
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("builder-startup-").FullName;

        public string DatabasePath => Path.Combine(_directory, "builder.db");

        public bool WithKeyEncryptionKey { get; init; } = true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Builder", $"Data Source={DatabasePath}");
            foreach (var key in new[] { "Auth0:Domain", "Auth0:ClientId", "Auth0:ClientSecret" })
                builder.UseSetting(key, configured.Contains(key) ? (key == "Auth0:Domain" ? "https://tenant.example.invalid" : "configured-value") : "");
            builder.UseSetting(KeyEncryptionKey, WithKeyEncryptionKey ? Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray()) : "");
            // A sign-in without Auth0, only to look at the cookie the app issues.
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, TestSignIn>());
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }

    private sealed class TestSignIn : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/test/sign-in", branch => branch.Run(context => context.SignInAsync(AuthenticationSetup.Cookie,
                BuilderClaims.For(Guid.NewGuid(), "someone@acme.test", "Someone", "Test", sessionStamp: Guid.NewGuid()))));
            next(app);
        };
    }

    private static readonly string[] Everything = ["Auth0:Domain", "Auth0:ClientId", "Auth0:ClientSecret"];

    [Fact]
    public void Production_without_a_key_encryption_key_names_the_setting()
    {
        using var factory = new ProductionWithout(Everything) { WithKeyEncryptionKey = false };
        var message = Innermost(Assert.ThrowsAny<Exception>(() => factory.CreateClient())).Message;
        Assert.Contains(KeyEncryptionKey, message);
        Assert.Contains("DataProtection:Certificate:Path", message);
    }

    [Fact]
    public async Task Production_issues_a_Secure_session_cookie_even_over_plain_HTTP_and_encrypts_new_keys()
    {
        await using var factory = new ProductionWithout(Everything);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });

        var response = await client.GetAsync("/test/sign-in");

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("builder.session=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT Xml FROM DataProtectionKeys";
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml);
            Assert.Contains(nameof(Builder.Data.AesGcmXmlDecryptor), xml);
        });
    }

    [Fact]
    public void Production_without_any_Auth0_setting_names_all_three()
    {
        using var factory = new ProductionWithout();
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = Innermost(error).Message;
        Assert.Contains("Auth0:Domain", message);
        Assert.Contains("Auth0:ClientId", message);
        Assert.Contains("Auth0:ClientSecret", message);
    }

    [Fact]
    public void Production_with_a_partial_Auth0_configuration_names_only_what_is_missing()
    {
        using var factory = new ProductionWithout("Auth0:Domain", "Auth0:ClientId");
        var message = Innermost(Assert.ThrowsAny<Exception>(() => factory.CreateClient())).Message;
        Assert.Contains("Auth0:ClientSecret", message);
        Assert.DoesNotContain("Auth0:Domain,", message);
        Assert.DoesNotContain("Auth0:ClientId", message);
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null) error = error.InnerException;
        return error;
    }
}
