using System.Text.Json;
using Builder.Web.Tests.Api;
using Builder.Web.Tests.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser;

/// <summary>
/// The /autessa_poweruser group: who may call it (keys of every role, sessions, nobody else), the <c>errors</c> form of every
/// answer, the excluded operations, methods, and the body rules.
/// </summary>
public sealed class PoweruserFoundationTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string HumanOversight = "requires human oversight in the Builder UI";

    public static TheoryData<Caller, string, string> Roles => new()
    {
        { Caller.System, Callers.SystemEmail, "System Administrator" },
        { Caller.Admin, Callers.AdminEmail, "Alice Admin" },
        { Caller.User, Callers.UserEmail, "Bob Builder" },
        { Caller.Guest, Callers.GuestEmail, "Grace Guest" },
    };

    [Theory, MemberData(nameof(Roles))]
    public async Task Me_answers_the_keys_user_and_its_organization_for_a_key_of_every_role(Caller caller, string email, string name)
    {
        var key = factory.WithApiKey(await factory.KeyAsync(caller));

        var body = await key.PostJsonAsync(Me, new { }).ExpectJson(200);

        Assert.Equal((email, name, "Acme Corp"), (body.Str("email"), body.Str("name"), body.Str("companyName")));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("errors").ValueKind);
        Assert.Empty(body.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task An_empty_body_means_no_fields_and_unknown_fields_are_ignored()
    {
        var key = factory.WithApiKey(await factory.KeyAsync(Caller.Admin));

        await key.PostRawAsync(Me, null, contentType: null).Expect(200);
        await key.PostRawAsync(Me, "", "application/json").Expect(200);
        await key.PostRawAsync(Me, "  {}  ").Expect(200);
        await key.PostRawAsync(Me, """{"anything": [1, {"deep": true}]}""").Expect(200);
    }

    [Fact]
    public async Task A_key_acts_only_in_its_organization()
    {
        var seed = await factory.SeedAsync();
        var key = factory.WithApiKey(await factory.KeyAsync(Caller.System));

        await key.PostJsonAsync($"{Me}?organizationId={seed.Globex}", new { }).ExpectErrors(404, "not_found");
        var same = await key.PostJsonAsync($"{Me}?organizationId={seed.Acme}", new { }).ExpectJson(200);
        Assert.Equal("Acme Corp", same.Str("companyName"));
    }

    [Fact]
    public async Task A_key_whose_owner_is_not_a_member_of_its_organization_acts_for_no_one()
    {
        var seed = await factory.SeedAsync();
        var token = await factory.KeyAsync(Caller.Guest);
        // As if its owner had left Acme (the key not used yet, so nothing cached): Globex's admin, no member of Acme, owns it.
        await factory.QueryAsync(async db =>
        {
            var outsider = await db.Users.SingleAsync(u => u.Email == Callers.OutsiderEmail);
            var key = await db.ApiKeys.SingleAsync(k => k.KeyId == token.Split(':')[1]);
            (key.OwnerUserId, key.OwnerEmail) = (outsider.Id, outsider.Email);
            return await db.SaveChangesAsync();
        });
        var client = factory.WithApiKey(token);

        var error = await client.PostJsonAsync(Me, new { }).ExpectErrors(403, "forbidden");

        Assert.Contains("no longer a member", error.Str("message"));
        await client.PostJsonAsync($"{Me}?organizationId={seed.Globex}", new { }).ExpectErrors(404, "not_found");
    }

    public static TheoryData<string?> BadCredentials => new()
    {
        null,
        "pwrusr:",
        "pwrusr:onlyonepart",
        "pwrusr:a:b:c",
        "pwrusr:unknownkey:unknownsecret",
        "pwrusr_temp:eyJhbGciOiJub25lIn0.e30.",
        "Bearer pwrusr:a:b",
        "Basic YWRtaW46YWRtaW4=",
    };

    [Theory, MemberData(nameof(BadCredentials))]
    public async Task No_or_a_malformed_or_unknown_credential_is_401_in_the_errors_form(string? authorization)
    {
        var client = authorization is null ? factory.As((string?)null) : factory.WithApiKey(authorization);

        await client.PostJsonAsync(Me, new { }).ExpectErrors(401, "unauthorized");
        await client.PostJsonAsync("/autessa_poweruser/agents/delete", new { }).ExpectErrors(401, "unauthorized");
        await client.PostJsonAsync("/autessa_poweruser/no/such/thing", new { }).ExpectErrors(401, "unauthorized");
    }

    [Fact]
    public async Task A_revoked_key_is_401_and_a_wrong_secret_for_a_real_key_id_too()
    {
        var seed = await factory.SeedAsync();
        var generated = await factory.CreateApiKeyAsync(seed.Acme);
        var token = generated.Str("token");
        await factory.WithApiKey(token).PostJsonAsync(Me, new { }).Expect(200);
        var parts = token.Split(':');
        await factory.WithApiKey($"pwrusr:{parts[1]}:{parts[2]}x").PostJsonAsync(Me, new { }).ExpectErrors(401, "unauthorized");

        await factory.As(Caller.Admin).DeleteAsync($"/api/api-keys/{generated.GetProperty("key").Id()}").Expect(200);

        await factory.WithApiKey(token).PostJsonAsync(Me, new { }).ExpectErrors(401, "unauthorized");
    }

    [Fact]
    public async Task A_session_acts_in_the_persons_only_organization_and_must_send_json()
    {
        var session = await SessionClient.SignInAsync(factory, Callers.GuestEmail);

        var body = await (await session.SendAsync(Post(Me, "{}"))).Content.ReadAsStringAsync();
        var me = JsonDocument.Parse(body).RootElement;
        Assert.Equal((Callers.GuestEmail, "Acme Corp"), (me.Str("email"), me.Str("companyName")));
        Assert.Empty(me.GetProperty("errors").EnumerateArray());

        // What a page on another site could make the browser send: a form, text/plain, or no content type at all.
        foreach (var contentType in new[] { "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", null })
        {
            var response = await session.SendAsync(Post(Me, contentType is null ? null : "", contentType));
            Assert.Equal(415, (int)response.StatusCode);
            AssertErrors(await response.JsonAsync(), "unsupported_media_type");
        }
    }

    [Fact]
    public async Task A_session_in_no_or_several_organizations_names_one_and_never_reaches_others()
    {
        var seed = await factory.SeedAsync();
        var system = await SessionClient.SignInAsync(factory, Callers.SystemEmail);
        var missing = await system.SendAsync(Post(Me, "{}"));
        Assert.Equal(400, (int)missing.StatusCode);
        AssertErrors(await missing.JsonAsync(), "invalid_value", "organizationId");

        var chosen = await system.SendAsync(Post($"{Me}?organizationId={seed.Globex}", "{}"));
        Assert.Equal("Globex", (await chosen.JsonAsync()).Str("companyName"));

        var guest = await SessionClient.SignInAsync(factory, Callers.GuestEmail);
        var other = await guest.SendAsync(Post($"{Me}?organizationId={seed.Globex}", "{}"));
        Assert.Equal(404, (int)other.StatusCode);
        AssertErrors(await other.JsonAsync(), "not_found");
        var garbled = await guest.SendAsync(Post($"{Me}?organizationId=acme", "{}"));
        Assert.Equal(400, (int)garbled.StatusCode);
        AssertErrors(await garbled.JsonAsync(), "invalid_value", "organizationId");
    }

    /// <summary>Every family of the reference's endpoint summary (and the user resource), with each excluded operation.</summary>
    public static TheoryData<string, string, string> Excluded()
    {
        var families = new[]
        {
            "user", "agents", "tools", "managers", "autessadb/tables", "autessadb/query", "connectors", "scheduled-events",
            "custom-webhooks", "mcp/servers", "twilio", "sms-consent",
        };
        var operations = new Dictionary<string, string>
        {
            ["delete"] = "Delete", ["confirm-delete"] = "Delete", ["share"] = "Share",
            ["transfer-ownership"] = "Transfer ownership", ["get-sharing-details"] = "Get sharing details",
        };
        var data = new TheoryData<string, string, string>();
        foreach (var family in families)
        foreach (var (operation, words) in operations)
            data.Add(family, operation, words);
        return data;
    }

    [Theory, MemberData(nameof(Excluded))]
    public async Task Excluded_operations_are_403_with_the_human_oversight_message_for_every_family(string family, string operation, string words)
    {
        var key = factory.WithApiKey(await factory.KeyAsync(Caller.System));

        var error = await key.PostJsonAsync($"/autessa_poweruser/{family}/{operation}", new { tableId = 1 })
            .ExpectErrors(403, "human_oversight_required");

        Assert.StartsWith($"{words} {HumanOversight}", error.Str("message"));
    }

    [Fact]
    public async Task Excluded_operations_are_refused_however_written_and_to_sessions_too_while_row_operations_are_not_excluded()
    {
        var key = factory.WithApiKey(await factory.KeyAsync(Caller.Admin));
        await key.PostJsonAsync("/autessa_poweruser/agents/DELETE", new { }).ExpectErrors(403, "human_oversight_required");
        await key.PostJsonAsync("/autessa_poweruser/agents/delete/", new { }).ExpectErrors(403, "human_oversight_required");
        await key.PostRawAsync("/autessa_poweruser/autessadb/tables/delete", null, null).ExpectErrors(403, "human_oversight_required");
        await key.GetAsync("/autessa_poweruser/tools/share").ExpectErrors(403, "human_oversight_required");
        var session = await SessionClient.SignInAsync(factory, Callers.AdminEmail);
        var response = await session.SendAsync(Post("/autessa_poweruser/agents/transfer-ownership", "{}"));
        Assert.Equal(403, (int)response.StatusCode);
        AssertErrors(await response.JsonAsync(), "human_oversight_required");

        // Deleting rows is a data edit the reference lists: it reaches its endpoint, which asks for the table.
        await key.PostJsonAsync("/autessa_poweruser/autessadb/query/delete-row", new { }).ExpectErrors(400, "invalid_value", "tableId");
        await key.PostJsonAsync("/autessa_poweruser/autessadb/query/batch-delete", new { }).ExpectErrors(400, "invalid_value", "tableId");
    }

    [Fact]
    public async Task Another_method_on_a_known_path_is_405_and_an_unknown_path_404_both_in_the_errors_form()
    {
        var key = factory.WithApiKey(await factory.KeyAsync(Caller.Admin));

        var get = await key.GetAsync(Me).Expect(405);
        Assert.Equal("POST", get.Content.Headers.Allow.Single());
        AssertErrors(await get.JsonAsync(), "method_not_allowed");
        await key.PutJsonAsync(Me, new { }).ExpectErrors(405, "method_not_allowed");
        await key.SendJsonAsync(HttpMethod.Delete, Me, null).ExpectErrors(405, "method_not_allowed");
        await key.PostJsonAsync("/autessa_poweruser/user/you", new { }).ExpectErrors(404, "not_found");
        await key.PostJsonAsync("/autessa_poweruser", new { }).ExpectErrors(404, "not_found");
    }

    public static TheoryData<string, string, string?> HostileBodies => new()
    {
        { "{", "invalid_json", null },
        { "{\"a\":}", "invalid_json", null },
        { "[]", "invalid_body", null },
        { "\"me\"", "invalid_body", null },
        { "null", "invalid_body", null },
        { "42", "invalid_body", null },
        { new string('[', 300) + new string(']', 300), "invalid_body", null },
        { "{\"a\":" + new string('[', 300) + new string(']', 300) + "}", "too_deep", null },
        { "{\"a\":" + string.Concat(Enumerable.Repeat("{\"b\":", 300)) + "1" + new string('}', 301), "too_deep", null },
    };

    [Theory, MemberData(nameof(HostileBodies))]
    public async Task Malformed_or_deeply_nested_bodies_are_400_naming_the_problem(string body, string code, string? field)
    {
        var key = factory.WithApiKey(await factory.KeyAsync(Caller.Admin));

        await key.PostRawAsync(Me, body).ExpectErrors(400, code, field);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_whether_its_length_is_declared_or_chunked()
    {
        var key = factory.WithApiKey(await factory.KeyAsync(Caller.Admin));
        var huge = "{\"a\":\"" + new string('x', 1024 * 1024) + "\"}";

        await key.PostRawAsync(Me, huge).ExpectErrors(413, "payload_too_large");
        var chunked = new HttpRequestMessage(HttpMethod.Post, Me) { Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(huge))) };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        var response = await key.SendAsync(chunked);
        Assert.Equal(413, (int)response.StatusCode);
        AssertErrors(await response.JsonAsync(), "payload_too_large");
    }

    [Fact]
    public async Task A_key_with_a_form_or_text_body_is_415()
    {
        var key = factory.WithApiKey(await factory.KeyAsync(Caller.Admin));

        await key.PostRawAsync(Me, "a=1", "application/x-www-form-urlencoded").ExpectErrors(415, "unsupported_media_type");
        await key.PostRawAsync(Me, "{}", "text/plain").ExpectErrors(415, "unsupported_media_type");
        await key.PostRawAsync(Me, "{}", contentType: null).ExpectErrors(415, "unsupported_media_type");
    }

    [Fact]
    public async Task Past_the_allowance_a_caller_gets_429_in_the_errors_form_with_Retry_After()
    {
        var app = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:Poweruser:PermitLimit", "3"));
        var guest = app.As(Callers.GuestEmail);
        for (var i = 0; i < 3; i++)
        {
            var ok = await guest.PostJsonAsync(Me, new { }).Expect(200);
            Assert.Equal("3", ok.Header("X-RateLimit-Limit-Minute"));
        }

        var refused = await guest.PostJsonAsync(Me, new { }).Expect(429);

        Assert.NotEqual("(missing)", refused.Header("Retry-After"));
        var error = AssertErrors(await refused.JsonAsync(), "rate_limited");
        Assert.Contains("Poweruser API requests are limited to 3 per minute per person", error.Str("message"));
        await app.As(Callers.UserEmail).PostJsonAsync(Me, new { }).Expect(200); // per person
    }

    private static HttpRequestMessage Post(string url, string? body, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (body is not null)
        {
            request.Content = new StringContent(body);
            request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        return request;
    }
}
