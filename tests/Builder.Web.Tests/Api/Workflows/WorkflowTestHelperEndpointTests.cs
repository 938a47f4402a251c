using System.Text.Json;
using System.Text.Json.Nodes;
using static Builder.Web.Tests.Api.Workflows.WorkflowArrange;

namespace Builder.Web.Tests.Api.Workflows;

/// <summary>
/// <c>POST /api/workflows/test-condition</c> and <c>/test-substitution</c>: pure helpers in the hub reference's shapes.
/// They read and store nothing of any organization, so every signed-in caller may use them.
/// </summary>
public sealed class WorkflowTestHelperEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string ConditionUrl = "/api/workflows/test-condition";
    private const string SubstitutionUrl = "/api/workflows/test-substitution";

    public static TheoryData<Caller, int> Everyone => Callers.Expect(null, 200, 200, 200, 200, 200);

    private static readonly JsonObject Signup = new() { ["message"] = new JsonObject { ["type"] = "user.signup", ["plan"] = "pro", ["seats"] = 12 } };

    private Task<JsonElement> TestConditionAsync(JsonNode condition, JsonNode context, int status = 200) =>
        factory.As(Caller.User).PostJsonAsync(ConditionUrl, new { condition, context }).ExpectJson(status);

    [Theory, MemberData(nameof(Everyone))]
    public async Task Test_condition_is_open_to_every_caller(Caller caller, int status)
    {
        var body = await factory.As(caller).PostJsonAsync(ConditionUrl,
            new { condition = Group("AND", Rule("message.type", "equals", "user.signup")), context = Signup.DeepClone() }).ExpectJson(status);
        Assert.True(body.GetProperty("result").GetBoolean());
    }

    [Fact]
    public async Task A_passing_rule_reports_the_evaluated_and_expected_values()
    {
        var body = await TestConditionAsync(Group("AND", Rule("message.type", "equals", "user.signup")), Signup.DeepClone());
        Assert.True(body.GetProperty("result").GetBoolean());
        Assert.Equal(("user.signup", "user.signup", "equals"), (body.Str("evaluated_value"), body.Str("expected_value"), body.Str("operator")));
        var rule = Assert.Single(body.GetProperty("rules").EnumerateArray().ToList());
        Assert.Equal(("$.conditions[0]", true, true), (rule.Str("location"), rule.GetProperty("fieldFound").GetBoolean(), rule.GetProperty("result").GetBoolean()));
    }

    [Fact]
    public async Task A_failing_rule_reports_what_it_found()
    {
        var body = await TestConditionAsync(Group("AND", Rule("message.seats", "greater_than", 20)), Signup.DeepClone());
        Assert.False(body.GetProperty("result").GetBoolean());
        Assert.Equal((12, 20, "greater_than"),
            (body.GetProperty("evaluated_value").GetInt32(), body.GetProperty("expected_value").GetInt32(), body.Str("operator")));
        var missing = await TestConditionAsync(Group("AND", Rule("message.user.id", "exists")), Signup.DeepClone());
        Assert.False(missing.GetProperty("result").GetBoolean());
        Assert.False(missing.GetProperty("rules")[0].GetProperty("fieldFound").GetBoolean());
    }

    [Theory]
    [InlineData("pro", true, new[] { true, false, true })]
    [InlineData("team", true, new[] { true, true, false })]
    [InlineData("free", false, new[] { true, false, false })]
    public async Task Nested_groups_combine_every_rule(string plan, bool expected, bool[] rules)
    {
        var condition = Group("AND",
            Rule("message.type", "starts_with", "user."),
            Group("OR", Rule("message.plan", "in", "team, enterprise"), Rule("message.plan", "matches", "^p[a-z]+$")));
        var context = Signup.DeepClone();
        context["message"]!["plan"] = plan;
        var body = await TestConditionAsync(condition, context);
        Assert.Equal(expected, body.GetProperty("result").GetBoolean());
        Assert.Equal(rules, body.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("result").GetBoolean()));
        Assert.Equal(["$.conditions[0]", "$.conditions[1].conditions[0]", "$.conditions[1].conditions[1]"],
            body.GetProperty("rules").EnumerateArray().Select(r => r.Str("location")));
    }

    /// <summary>
    /// (a+)+ against "aaaa…!" backtracks exponentially on the backtracking engine (a lookahead keeps it there; plain
    /// nested repetition runs on the linear engine); the regex timeout turns it into a prompt, explained failure.
    /// </summary>
    [Fact]
    public async Task A_catastrophic_pattern_answers_promptly_with_a_clear_error()
    {
        var context = new JsonObject { ["message"] = new JsonObject { ["text"] = new string('a', 5_000) + "!" } };
        var pending = factory.As(Caller.User).PostJsonAsync(ConditionUrl,
            new { condition = Group("AND", Rule("message.text", "matches", "^(?=a)(a+)+$")), context });
        var body = await pending.WaitAsync(TimeSpan.FromSeconds(30)).ExpectJson(200);
        Assert.False(body.GetProperty("result").GetBoolean());
        var error = body.GetProperty("rules")[0].Str("error");
        Assert.Contains("The pattern took longer than 100 ms on message.text and was stopped", error);
        Assert.Contains("avoid nested repetition", error);
    }

    [Fact]
    public async Task An_invalid_condition_is_400_listing_every_problem()
    {
        var body = await TestConditionAsync(
            Group("XOR", Rule("message.type", "resembles", "x"), Rule("", "equals", "x"), Rule("message.text", "matches", "(")),
            Signup.DeepClone(), 400);
        var problems = body.GetProperty("errors").GetProperty("condition").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(["$.operator", "$.conditions[0].comparison", "$.conditions[1].field", "$.conditions[2].value"],
            problems.Select(p => p.Split(": ")[0]));
        Assert.Contains("Unknown comparison 'resembles'", problems[1]);
        Assert.Contains("not a valid regular expression", problems[3]);
    }

    [Theory]
    [InlineData("""{"context":{}}""")]
    [InlineData("""{"condition":null,"context":{}}""")]
    [InlineData("""{"condition":"message.type == 'x'","context":{}}""")]
    [InlineData("""{"condition":[],"context":{}}""")]
    [InlineData("""{"condition":{"type":"group","operator":"AND","conditions":[{"type":"rule","field":"a","comparison":"equals","value":1,"value":2}]},"context":{}}""")]
    public async Task Missing_or_unreadable_conditions_are_400(string json)
    {
        var body = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, ConditionUrl, json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("condition", out _), body.ToString());
    }

    /// <summary>A context the evaluator cannot read must be refused, not answered with a silent "false".</summary>
    [Fact]
    public async Task An_unreadable_context_is_400_not_a_silent_false()
    {
        const string json = """
            {"condition":{"type":"group","operator":"AND","conditions":[{"type":"rule","field":"message.type","comparison":"exists"}]},
             "context":{"message":{"type":"a","type":"b"}}}
            """;
        var body = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, ConditionUrl, json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("context", out _), body.ToString());
    }

    [Theory, MemberData(nameof(Everyone))]
    public async Task Test_substitution_is_open_to_every_caller(Caller caller, int status)
    {
        var body = await factory.As(caller).PostJsonAsync(SubstitutionUrl,
            new { parameters = new { to = "{{user.email}}" }, context = new { user = new { email = "a@b.test" } } }).ExpectJson(status);
        Assert.Equal("a@b.test", body.GetProperty("substituted_parameters").Str("to"));
    }

    [Fact]
    public async Task Substitution_follows_nested_paths_keeps_types_and_lists_each_substitution()
    {
        var context = JsonNode.Parse("""
            {"user":{"id":42,"profile":{"name":"Ada","tags":["admin","beta"]}},"items":[{"sku":"A-1"},{"sku":"B-2"}],"vip":true}
            """);
        var parameters = JsonNode.Parse("""
            {"greeting":"Hello {{ user.profile.name }}!","userId":"{{user.id}}","second":"{{items[1].sku}}","first":"{{items.0.sku}}",
             "nested":{"list":["{{user.profile.tags}}","#{{user.id}}"]},"vip":"{{vip}}","count":3}
            """);
        var body = await factory.As(Caller.Guest).PostJsonAsync(SubstitutionUrl, new { parameters, context }).ExpectJson(200);

        var expected = JsonNode.Parse("""
            {"greeting":"Hello Ada!","userId":42,"second":"B-2","first":"A-1",
             "nested":{"list":[["admin","beta"],"#42"]},"vip":true,"count":3}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(body.GetProperty("substituted_parameters").GetRawText())),
            body.GetProperty("substituted_parameters").GetRawText());
        Assert.True(JsonNode.DeepEquals(parameters, JsonNode.Parse(body.GetProperty("original_parameters").GetRawText())));
        Assert.Equal(["user.profile.name", "user.id", "items[1].sku", "items.0.sku", "user.profile.tags", "user.id", "vip"],
            body.GetProperty("substitutions_made").EnumerateArray().Select(s => s.Str("name")));
        Assert.Equal(["$.greeting", "$.userId", "$.second", "$.first", "$.nested.list[0]", "$.nested.list[1]", "$.vip"],
            body.GetProperty("substitutions_made").EnumerateArray().Select(s => s.Str("location")));
        Assert.Empty(body.GetProperty("unresolved").EnumerateArray());
    }

    [Fact]
    public async Task Unresolved_names_are_reported_once_and_left_as_written()
    {
        var body = await factory.As(Caller.User).PostJsonAsync(SubstitutionUrl, new
        {
            parameters = new { a = "{{user.missing}} and {{nope}}", b = "{{nope}}", c = "{{user.id}}" },
            context = new { user = new { id = 7 } },
        }).ExpectJson(200);
        var substituted = body.GetProperty("substituted_parameters");
        Assert.Equal(("{{user.missing}} and {{nope}}", "{{nope}}", 7), (substituted.Str("a"), substituted.Str("b"), substituted.GetProperty("c").GetInt32()));
        Assert.Equal(["user.missing", "nope"], body.GetProperty("unresolved").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(1, body.GetProperty("substitutions_made").GetArrayLength());
    }

    [Fact]
    public async Task Text_that_merely_looks_like_JSON_is_left_untouched()
    {
        string[] texts = ["""{"a": {"b": 1}}""", "{ {x} }", """{{"a": 1}}""", "{{ }}", "{{1abc}}", "function() { return {{}}; }"];
        var parameters = new JsonObject();
        for (var i = 0; i < texts.Length; i++) parameters[$"p{i}"] = texts[i];
        var body = await factory.As(Caller.User).PostJsonAsync(SubstitutionUrl, new { parameters, context = new { a = 1, x = 2 } }).ExpectJson(200);
        var substituted = body.GetProperty("substituted_parameters");
        Assert.Equal(texts, texts.Select((_, i) => substituted.Str($"p{i}")));
        Assert.Empty(body.GetProperty("substitutions_made").EnumerateArray());
        Assert.Empty(body.GetProperty("unresolved").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"context":{}}""")]
    [InlineData("""{"parameters":null,"context":{}}""")]
    [InlineData("""{"parameters":{"a":"{{x}}","a":"{{y}}"},"context":{}}""")]
    [InlineData("""{"parameters":{"a":"{{x}}"},"context":{"x":1,"x":2}}""")]
    public async Task Missing_or_unreadable_parameters_are_400(string json)
    {
        var body = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, SubstitutionUrl, json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty("parameters", out _), body.ToString());
    }
}
