using Builder.Domain.Common;

namespace Builder.Domain.Tests.Common;

/// <summary>
/// The one redactor (chat steps, model replies and streams, MCP results and reasons): every form of a secret, longest first.
/// The model's cases (a credential holding another, a stream cut inside one) and the chat's (URL and JSON forms) both hold.
/// </summary>
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
    public void Removes_the_value_echoed_in_base64_and_base64url()
    {
        const string secret = "tok+en/with?marks~1";
        var bytes = System.Text.Encoding.UTF8.GetBytes(secret);
        var base64 = Convert.ToBase64String(bytes);
        var base64Url = base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.NotEqual(base64, base64Url);
        var redacted = new SecretRedactor([secret]).Redact($"{{\"echo\":\"{base64}\",\"url\":\"{base64Url}\"}}");
        Assert.Equal("{\"echo\":\"[redacted]\",\"url\":\"[redacted]\"}", redacted);
    }

    [Fact]
    public void The_longer_secret_goes_first_and_tiny_values_are_left_alone()
    {
        var redactor = new SecretRedactor(["abcd", "abcdefgh", "1", null]);
        Assert.Equal("[redacted] and [redacted] and 1", redactor.Redact("abcdefgh and abcd and 1"));
    }

    [Fact]
    public void A_secret_that_holds_another_leaves_no_tail_behind()
    {
        // A model's secret key written "{clientKey}.{secret}": replacing the client key first would leave ".SECRETTAIL-…".
        const string clientKey = "client-4f1e9a7c", secretKey = clientKey + ".SECRETTAIL-b93d0e5a17";
        var redacted = new SecretRedactor([clientKey, secretKey]).Redact($"I was sent {secretKey} and {clientKey}.");
        Assert.Equal("I was sent [redacted] and [redacted].", redacted);
    }

    [Fact]
    public void A_model_endpoint_redacts_its_credentials_also_in_their_escaped_forms()
    {
        var endpoint = new Builder.Domain.Models.ModelEndpoint
        {
            ModelUrl = "https://api.example.com/v1/chat/completions", ModelName = "m", Token = "tok\"en/with+odd chars", ClientKey = "ck-12345678",
        };
        var echo = $"raw tok\"en/with+odd chars, json {System.Text.Json.JsonSerializer.Serialize("tok\"en/with+odd chars")}, " +
                   $"url {Uri.EscapeDataString("tok\"en/with+odd chars")}, key ck-12345678";
        var redacted = endpoint.Redactor.Redact(echo);
        Assert.DoesNotContain("odd", redacted);
        Assert.DoesNotContain("ck-1234", redacted);
    }

    [Fact]
    public void A_stream_cut_inside_the_json_form_of_a_credential_shows_no_part_of_it()
    {
        var endpoint = new Builder.Domain.Models.ModelEndpoint
        {
            ModelUrl = "https://api.example.com/v1/chat/completions", ModelName = "m", Token = "sk-\"quoted\"-CANARY-7d1e",
        };
        var stream = new Builder.Domain.Models.StreamRedactor(endpoint);
        var json = System.Text.Json.JsonSerializer.Serialize("sk-\"quoted\"-CANARY-7d1e")[1..^1]; // sk-\"quoted\"-CANARY-7d1e
        var shown = stream.Push("the key is " + json[..6]) + stream.Push(json[6..] + " and more") + stream.Flush();
        Assert.Equal("the key is [redacted] and more", shown);
    }
}
