using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Builder.Web.Tests.Startup;

/// <summary>Outside Development the console refuses to start without Auth0, and says which settings are missing.</summary>
public class StartupConfigurationTests
{
    private sealed class ProductionWithout(params string[] configured) : WebApplicationFactory<Program>
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("builder-startup-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Builder", $"Data Source={Path.Combine(_directory, "builder.db")}");
            foreach (var key in new[] { "Auth0:Domain", "Auth0:ClientId", "Auth0:ClientSecret" })
                builder.UseSetting(key, configured.Contains(key) ? "configured-value" : "");
        }
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
