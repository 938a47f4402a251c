using Builder.Domain.ApiKeys;

namespace Builder.Domain.Tests.Access;

public class ApiKeyFormatTests
{
    [Theory]
    [InlineData("pwrusr:abc123:s3cr3t", "abc123", "s3cr3t")]
    [InlineData("  pwrusr:k:v  ", "k", "v")]
    public void Parses_the_documented_format(string presented, string keyId, string secret) =>
        Assert.Equal((keyId, secret), ApiKey.Parse(presented));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("pwrusr:onlyid")]
    [InlineData("pwrusr::secret")]
    [InlineData("pwrusr:id:")]
    [InlineData("pwrusr:id:secret:extra")]
    [InlineData("pwrusr_temp:jwt")]
    public void Rejects_anything_else(string? presented) => Assert.Null(ApiKey.Parse(presented));

    [Fact]
    public void Stores_a_hash_that_matches_only_the_right_secret()
    {
        var key = new ApiKey { SecretHash = ApiKey.HashSecret("right") };
        Assert.NotEqual("right", key.SecretHash);
        Assert.True(key.Matches("right"));
        Assert.False(key.Matches("wrong"));
    }
}
