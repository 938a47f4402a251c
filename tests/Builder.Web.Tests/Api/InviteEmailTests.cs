namespace Builder.Web.Tests.Api;

/// <summary>The invite email check is linear: a pathological address is refused for its length before any pattern runs.</summary>
public sealed class InviteEmailTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Fact]
    public async Task A_pathological_email_gets_a_validation_400()
    {
        var seed = await factory.SeedAsync();
        var email = "a@" + new string('.', 160_000) + "@";

        var body = await factory.As(Caller.Admin).PostJsonAsync("/api/members", new { organizationId = seed.Acme, email, role = "user" }).ExpectJson(400);

        Assert.Equal(["Email must be at most 256 characters."], body.GetProperty("errors").GetProperty("email").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("a@b")]
    [InlineData("a@@b.c")]
    [InlineData("a b@c.d")]
    public async Task Malformed_emails_still_get_the_pattern_message(string email)
    {
        var seed = await factory.SeedAsync();

        var body = await factory.As(Caller.Admin).PostJsonAsync("/api/members", new { organizationId = seed.Acme, email, role = "user" }).ExpectJson(400);

        Assert.Contains("valid email address", body.GetProperty("errors").GetProperty("email")[0].GetString());
    }
}
