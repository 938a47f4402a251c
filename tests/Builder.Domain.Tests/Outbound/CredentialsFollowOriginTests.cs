using Builder.Domain.Common;
using Builder.Domain.Outbound;

namespace Builder.Domain.Tests.Outbound;

/// <summary>The one rule (and message) of credentials stored beside a URL: they follow it within its origin only.</summary>
public sealed class CredentialsFollowOriginTests
{
    [Theory]
    [InlineData("https://api.example.com/v1", "https://api.example.com/v2?x=1", false)]
    [InlineData("https://api.example.com/v1", "https://API.example.com:443/v1", false)]
    [InlineData("https://api.example.com/v1", "https://api.example.com/v1", false)]
    [InlineData("{{env.BASE}}/v1", "{{env.BASE}}/v1", false)]
    [InlineData("https://api.example.com/v1", "http://api.example.com/v1", true)]
    [InlineData("https://api.example.com/v1", "https://api.example.com:8443/v1", true)]
    [InlineData("https://api.example.com/v1", "https://evil.example/v1", true)]
    [InlineData(null, "https://evil.example/v1", true)]
    [InlineData("https://api.example.com/v1", null, true)]
    [InlineData(null, null, false)]
    public void Moves_only_to_another_scheme_host_or_port(string? stored, string? next, bool moves) =>
        Assert.Equal(moves, CredentialsFollowOrigin.Moves(stored, next));

    [Fact]
    public void The_message_names_each_kept_credential_and_what_to_do()
    {
        Assert.Equal("The new model URL is on another origin (scheme, host or port), and the stored value of token would be sent there: " +
                     "enter it again, or clear it, in the same edit.",
            CredentialsFollowOrigin.Refusal("model URL", "https://a.example/v1", "https://b.example/v1", ["token"]));
        Assert.Equal("The new URL is on another origin (scheme, host or port), and the stored values of Authorization, X-Api-Key and X-Tenant would be sent there: " +
                     "enter them again, or remove them, in the same edit.",
            CredentialsFollowOrigin.Refusal("URL", "https://a.example/mcp", "https://b.example/mcp", ["Authorization", "X-Api-Key", "X-Tenant"], "remove"));
        Assert.EndsWith("would be sent there: enter it again in the same edit.",
            CredentialsFollowOrigin.Refusal("Host URL", "https://a.example", "https://b.example", ["password"], letGo: null));
    }

    [Fact]
    public void Nothing_kept_or_the_same_origin_is_no_refusal()
    {
        Assert.Null(CredentialsFollowOrigin.Refusal("URL", "https://a.example/v1", "https://b.example/v1", []));
        Assert.Null(CredentialsFollowOrigin.Refusal("URL", "https://a.example/v1", "https://a.example/v2", ["token"]));
        CredentialsFollowOrigin.Ensure("url", "URL", "https://a.example/v1", "https://a.example/v2", ["token"]);
        var error = Assert.Throws<ValidationException>(() => CredentialsFollowOrigin.Ensure("url", "URL", "https://a.example/v1", "https://b.example", ["token"]));
        Assert.Contains("token", Assert.Single(error.Errors["url"]));
    }

    [Fact]
    public void A_rollback_to_another_origin_says_to_clear_first()
    {
        var error = Assert.Throws<ValidationException>(() =>
            CredentialsFollowOrigin.EnsureRollback("versionNumber", 1, "https://api.example.com/w", "https://attacker.example/c", ["X-Api-Key"]));
        Assert.Equal("Version 1 sends its requests to another origin (scheme, host or port) than the published version, and the stored value of X-Api-Key " +
                     "would be sent there: clear it first, roll back, then enter it again.", Assert.Single(error.Errors["versionNumber"]));
        CredentialsFollowOrigin.EnsureRollback("versionNumber", 1, "https://api.example.com/w", "https://api.example.com/x", ["X-Api-Key"]);
        CredentialsFollowOrigin.EnsureRollback("versionNumber", 1, "https://api.example.com/w", "https://attacker.example/c", []);
    }
}
