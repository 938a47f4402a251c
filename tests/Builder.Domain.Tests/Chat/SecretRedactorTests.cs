using Builder.Domain.Chat;

namespace Builder.Domain.Tests.Chat;

public sealed class SecretRedactorTests
{
    [Fact]
    public void Removes_the_value_and_its_url_and_json_forms()
    {
        var secret = "p@ss/w\"rd+1";
        var redactor = new SecretRedactor([secret]);
        var text = $"raw {secret} url {Uri.EscapeDataString(secret)} json {System.Text.Json.JsonSerializer.Serialize(secret)}";
        var redacted = redactor.Redact(text);
        Assert.DoesNotContain(secret, redacted);
        Assert.DoesNotContain(Uri.EscapeDataString(secret), redacted);
        Assert.DoesNotContain("w\\u0022rd", redacted);
        Assert.DoesNotContain("w\\\"rd", redacted);
        Assert.Equal("raw [redacted] url [redacted] json \"[redacted]\"", redacted);
    }

    [Fact]
    public void The_longer_secret_goes_first_and_tiny_values_are_left_alone()
    {
        var redactor = new SecretRedactor(["abcd", "abcdefgh", "1", null]);
        Assert.Equal("[redacted] and [redacted] and 1", redactor.Redact("abcdefgh and abcd and 1"));
    }
}
