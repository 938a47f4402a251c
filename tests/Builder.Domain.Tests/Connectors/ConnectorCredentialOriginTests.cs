using Builder.Domain.Common;
using Builder.Domain.Connectors;

namespace Builder.Domain.Tests.Connectors;

/// <summary>
/// A connector's credentials go to the host its URL field names (Acumatica's and Ghost's hostUrl, Bluesky's serviceUrl). An
/// edit that moved that URL to another origin kept them, so whoever may edit the connector could send its password or key to
/// a host of their choice: a write-only value read back. As for models, MCP servers and tools, moving to another origin needs
/// each stored credential entered again or cleared in the same edit (400 on the URL field naming them; nothing saved); a new
/// path on the same origin keeps them.
/// </summary>
public sealed class ConnectorCredentialOriginTests : ConnectorTestContext
{
    private static ConnectorInput Host(string field, string? url, Dictionary<string, string?>? credentials = null, IReadOnlyList<string>? clear = null) =>
        new(null, new Dictionary<string, string?> { [field] = url }, credentials, clear);

    [Fact]
    public async Task Moving_the_host_to_another_origin_without_entering_the_credentials_again_is_400_naming_them_and_saves_nothing()
    {
        var connector = await CreateAsync("ACUMATICA", "ERP");

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Connectors.UpdateAsync(Admin, connector.Id, Host("hostUrl", "https://attacker.example.net/collect")));
        var message = Assert.Single(error.Errors["hostUrl"]);
        Assert.Contains("another origin", message);
        Assert.Contains("the stored values of clientSecret and password would be sent there: enter them again in the same edit.", message);
        Assert.Equal(["hostUrl"], error.Errors.Keys);

        var after = await Connectors.GetAsync(Admin, connector.Id);
        Assert.Equal("https://erp.example.com", after.Fields["hostUrl"]);
        Assert.Equal(connector.Version, after.Version);
    }

    [Theory]
    [InlineData("http://erp.example.com")]
    [InlineData("https://erp.example.com:8443")]
    [InlineData("https://erp.example.com.attacker.example")]
    public async Task Another_scheme_port_or_host_is_another_origin(string url)
    {
        var connector = await CreateAsync("ACUMATICA", "ERP");
        await Assert.ThrowsAsync<ValidationException>(() => Connectors.UpdateAsync(Admin, connector.Id, Host("hostUrl", url)));
    }

    [Theory]
    [InlineData("https://erp.example.com/entity/Default/24.200.001")]
    [InlineData("https://ERP.example.com")]
    [InlineData("https://erp.example.com:443/")]
    public async Task The_same_origin_with_another_path_keeps_the_credentials(string url)
    {
        var connector = await CreateAsync("ACUMATICA", "ERP");
        var edited = await Connectors.UpdateAsync(Admin, connector.Id, Host("hostUrl", url));
        Assert.Equal(url, edited.Fields["hostUrl"]);
        Assert.Equal(["clientSecret", "password"], edited.CredentialsSet);
    }

    [Fact]
    public async Task Entering_every_credential_again_moves_the_host_and_one_left_out_is_named()
    {
        var connector = await CreateAsync("ACUMATICA", "ERP");

        var partly = await Assert.ThrowsAsync<ValidationException>(() => Connectors.UpdateAsync(Admin, connector.Id,
            Host("hostUrl", "https://other.example.org", new() { ["password"] = "new-password-1" })));
        var message = Assert.Single(partly.Errors["hostUrl"]);
        Assert.Contains("stored value of clientSecret would be sent there", message);
        Assert.DoesNotContain("password", message);

        var moved = await Connectors.UpdateAsync(Admin, connector.Id,
            Host("hostUrl", "https://other.example.org", new() { ["password"] = "new-password-1", ["clientSecret"] = "new-secret-1" }));
        Assert.Equal("https://other.example.org", moved.Fields["hostUrl"]);
    }

    [Fact]
    public async Task An_optional_url_counts_too_setting_it_or_emptying_it_moves_the_credentials()
    {
        // Bluesky: an empty PDS URL means bsky.social; pointing it at a PDS of one's own would send the app password there.
        var connector = await Connectors.CreateAsync(Admin, Acme, "BLUESKY", new ConnectorInput("Social",
            new Dictionary<string, string?> { ["handle"] = "acme.bsky.social" }, new Dictionary<string, string?> { ["appPassword"] = Canary }));

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Connectors.UpdateAsync(Admin, connector.Id, Host("serviceUrl", "https://pds.attacker.example")));
        Assert.Contains("appPassword", Assert.Single(error.Errors["serviceUrl"]));

        var moved = await Connectors.UpdateAsync(Admin, connector.Id, Host("serviceUrl", "https://pds.example.org", new() { ["appPassword"] = "xxxx-yyyy-zzzz" }));
        await Assert.ThrowsAsync<ValidationException>(() => Connectors.UpdateAsync(Admin, connector.Id, Host("serviceUrl", null), moved.Version));
    }

    [Fact]
    public async Task A_connector_without_stored_credentials_and_a_type_without_a_url_field_are_not_held()
    {
        var facebook = await CreateAsync("FACEBOOK", "Page");
        var cleared = await Connectors.UpdateAsync(Admin, facebook.Id, new ConnectorInput(null, ClearCredentials: ["appSecret"]));
        Assert.Equal(["pageAccessToken"], cleared.CredentialsSet);

        var ghost = await CreateAsync("GHOST", "Blog");
        var error = await Assert.ThrowsAsync<ValidationException>(() => Connectors.UpdateAsync(Admin, ghost.Id, Host("hostUrl", "https://blog.attacker.example")));
        Assert.Contains("adminApiKey", Assert.Single(error.Errors["hostUrl"]));
        // A malformed URL is one clear 400 about the URL, not two.
        var malformed = await Assert.ThrowsAsync<ValidationException>(() => Connectors.UpdateAsync(Admin, ghost.Id, Host("hostUrl", "not a url")));
        Assert.DoesNotContain("origin", Assert.Single(malformed.Errors["hostUrl"]));
    }
}
