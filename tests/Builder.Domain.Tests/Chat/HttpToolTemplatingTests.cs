using System.Text.Json;
using Builder.Domain.Chat;

namespace Builder.Domain.Tests.Chat;

public sealed class HttpToolTemplatingTests
{
    const string Canary = "env-canary-5e1f9a7c3b";

    static JsonElement Args(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static ToolEnvironment Env(params string[] allowed) =>
        new(new Dictionary<string, string> { ["API_KEY"] = Canary, ["BASE_URL"] = "https://api.example.com/v1", ["OTHER"] = "other-secret-value" }, allowed);

    static HttpToolRequestTemplate Get(string url, params (string, string)[] headers) =>
        new("GET", url, headers.Select(h => KeyValuePair.Create(h.Item1, h.Item2)).ToList(), null);

    [Fact]
    public void Url_values_are_percent_encoded_so_an_argument_cannot_add_a_parameter_or_a_path()
    {
        var rendered = HttpToolTemplating.Render(Get("https://api.example.com/weather/{{input.city}}?q={{input.q}}&n={{input.n}}"),
            Args("""{"city":"../admin","q":"a&admin=true#x","n":3}"""), ToolEnvironment.Empty);

        Assert.Equal("https://api.example.com/weather/..%2Fadmin?q=a%26admin%3Dtrue%23x&n=3", rendered.Url.AbsoluteUri);
        Assert.Equal("api.example.com", rendered.Url.Host);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public void An_argument_cannot_climb_the_path_with_a_dot_segment(string id)
    {
        // Uri drops "/users/../" (and its %2E form): "..", a whole segment, would send the tool's credentials to /v1/delete-all.
        var template = Get("https://api.example.com/v1/users/{{input.id}}/delete-all");
        var error = Assert.Throws<ToolTemplateException>(() => HttpToolTemplating.Render(template, Args($$"""{"id":"{{id}}"}"""), ToolEnvironment.Empty));
        Assert.Contains("'.' or '..'", error.Message);
        var split = Get("https://api.example.com/v1/users/{{input.a}}{{input.b}}/delete-all");
        Assert.Throws<ToolTemplateException>(() => HttpToolTemplating.Render(split, Args("""{"a":".","b":"."}"""), ToolEnvironment.Empty));
        // Dots inside a segment, and in the query, are fine.
        Assert.Equal("https://api.example.com/v1/users/a..b/delete-all?q=..",
            HttpToolTemplating.Render(Get("https://api.example.com/v1/users/{{input.id}}/delete-all?q={{input.q}}"), Args("""{"id":"a..b","q":".."}"""), ToolEnvironment.Empty).Url.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://api.example.com{{input.h}}/x", ".evil.test")]
    [InlineData("https://api.example.com{{input.h}}/x", "x")]
    [InlineData("https://api.example.com:{{input.h}}/x", "8443")]
    [InlineData("https://{{input.h}}/x", "evil.test")]
    [InlineData("https://{{input.h}}.example.com/x", "evil.test.x")]
    [InlineData("https://{{input.h}}.example.com/x", "")]
    public void An_argument_in_the_host_is_one_label_under_a_fixed_domain(string url, string host)
    {
        // Else the model chooses where the tool's headers (its credentials) go: api.example.com.evil.test.
        var error = Assert.Throws<ToolTemplateException>(() => HttpToolTemplating.Render(Get(url, ("X-Key", "{{env.API_KEY}}")),
            Args($$"""{"h":"{{host}}"}"""), Env("API_KEY")));
        Assert.Contains("host", error.Message);
        Assert.Equal("eu-1.example.com", HttpToolTemplating.Render(Get("https://{{input.h}}.example.com/x"), Args("""{"h":"eu-1"}"""), ToolEnvironment.Empty).Url.Host);
    }

    [Fact]
    public void An_argument_cannot_choose_the_host()
    {
        // Encoded, "evil.test/" cannot end the host; the URL it makes is not a URL, so nothing is sent anywhere.
        Assert.Throws<ToolTemplateException>(() => HttpToolTemplating.Render(Get("https://{{input.host}}.example.com/x"), Args("""{"host":"evil.test/"}"""), ToolEnvironment.Empty));
        Assert.Equal("eu.example.com", HttpToolTemplating.Render(Get("https://{{input.host}}.example.com/x"), Args("""{"host":"eu"}"""), ToolEnvironment.Empty).Url.Host);
    }

    [Fact]
    public void An_environment_value_at_the_start_is_a_base_url_and_elsewhere_is_encoded()
    {
        var rendered = HttpToolTemplating.Render(Get("{{env.BASE_URL}}/weather?key={{env.API_KEY}}"), Args("{}"), Env("BASE_URL", "API_KEY"));

        Assert.Equal($"https://api.example.com/v1/weather?key={Canary}", rendered.Url.AbsoluteUri);
        Assert.Equal("{{env.BASE_URL}}/weather?key={{env.API_KEY}}", rendered.DisplayUrl);
        Assert.DoesNotContain(Canary, rendered.DisplayUrl);
        Assert.Contains(Canary, rendered.UsedSecrets);
    }

    [Fact]
    public void Json_body_values_are_escaped_so_a_string_cannot_close_its_quotes()
    {
        var template = new HttpToolRequestTemplate("POST", "https://api.example.com/x", [], """{"name":"{{input.name}}","count":{{input.count}},"tags":{{input.tags}},"flag":{{input.flag}}}""");

        var rendered = HttpToolTemplating.Render(template, Args("""{"name":"x\",\"admin\":true,\"y\":\"\n","count":2,"tags":["a","b"],"flag":false}"""), ToolEnvironment.Empty);

        using var body = JsonDocument.Parse(rendered.Body!);
        Assert.Equal("x\",\"admin\":true,\"y\":\"\n", body.RootElement.GetProperty("name").GetString());
        Assert.False(body.RootElement.TryGetProperty("admin", out _));
        Assert.Equal(2, body.RootElement.GetProperty("count").GetInt32());
        Assert.Equal(2, body.RootElement.GetProperty("tags").GetArrayLength());
        Assert.False(body.RootElement.GetProperty("flag").GetBoolean());
    }

    [Fact]
    public void A_nested_field_and_an_absent_optional_field()
    {
        var template = new HttpToolRequestTemplate("POST", "https://api.example.com/x", [], """{"city":"{{input.address.city}}","note":"{{input.note}}"}""");
        var rendered = HttpToolTemplating.Render(template, Args("""{"address":{"city":"Bern"}}"""), ToolEnvironment.Empty);
        Assert.Equal("""{"city":"Bern","note":""}""", rendered.Body);
    }

    [Fact]
    public void Headers_take_environment_values_but_never_a_line_break()
    {
        var rendered = HttpToolTemplating.Render(Get("https://api.example.com/x", ("Authorization", "Bearer {{env.API_KEY}}"), ("X-City", "{{input.city}}")),
            Args("""{"city":"Bern"}"""), Env("API_KEY"));
        Assert.Contains(KeyValuePair.Create("Authorization", "Bearer " + Canary), rendered.Headers);
        Assert.Contains(KeyValuePair.Create("X-City", "Bern"), rendered.Headers);

        var error = Assert.Throws<ToolTemplateException>(() => HttpToolTemplating.Render(Get("https://api.example.com/x", ("X-City", "{{input.city}}")),
            Args("""{"city":"Bern\r\nX-Admin: yes"}"""), ToolEnvironment.Empty));
        Assert.Contains("line break", error.Message);
    }

    [Fact]
    public void An_environment_variable_the_agent_does_not_allow_is_refused_without_its_value()
    {
        var error = Assert.Throws<ToolTemplateException>(() => HttpToolTemplating.Render(Get("https://api.example.com/x?k={{env.OTHER}}"), Args("{}"), Env("API_KEY")));
        Assert.Contains("OTHER", error.Message);
        Assert.Contains("may not read", error.Message);
        Assert.DoesNotContain("other-secret-value", error.Message);
    }

    [Fact]
    public void An_allowed_variable_without_a_value_in_the_environment_is_named()
    {
        var error = Assert.Throws<ToolTemplateException>(() => HttpToolTemplating.Render(Get("https://api.example.com/x?k={{env.MISSING}}"), Args("{}"), Env("MISSING")));
        Assert.Contains("MISSING has no value", error.Message);
    }

    [Theory]
    [InlineData("https://api.example.com/{{secrets.X}}", "unknown")]
    [InlineData("ftp://api.example.com/x", "http or https")]
    [InlineData("{{input.url}}", "http or https")]
    [InlineData("https://user:pw@api.example.com/x", "user name")]
    public void Bad_templates_are_refused_with_a_reason(string url, string reason)
    {
        var error = Assert.Throws<ToolTemplateException>(() => HttpToolTemplating.Render(Get(url), Args("""{"url":"https://evil.test"}"""), ToolEnvironment.Empty));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Only_the_usual_methods()
    {
        var error = Assert.Throws<ToolTemplateException>(() => HttpToolTemplating.Render(new HttpToolRequestTemplate("TRACE", "https://a.example/x", [], null), Args("{}"), ToolEnvironment.Empty));
        Assert.Contains("TRACE", error.Message);
        Assert.Equal("PATCH", HttpToolTemplating.Render(new HttpToolRequestTemplate("patch", "https://a.example/x", [], null), Args("{}"), ToolEnvironment.Empty).Method);
    }

    [Fact]
    public void Placeholders_lists_what_a_template_uses()
    {
        var template = new HttpToolRequestTemplate("POST", "{{env.BASE_URL}}/x/{{input.id}}", [KeyValuePair.Create("Authorization", "Bearer {{ env.API_KEY }}")], """{"q":"{{input.q}}"}""");
        Assert.Equal([("env", "BASE_URL"), ("input", "id"), ("input", "q"), ("env", "API_KEY")], HttpToolTemplating.Placeholders(template));
    }
}
