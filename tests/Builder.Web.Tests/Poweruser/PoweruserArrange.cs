using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Builder.Domain.ApiKeys;
using Builder.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Poweruser;

public static class PoweruserArrange
{
    public const string Me = "/autessa_poweruser/user/me";

    /// <summary>
    /// A key of <paramref name="caller"/> for Acme. System and Admin generate theirs through /api; a User's or Guest's key is
    /// one an Admin generated before their role was lowered (written straight to the database, as only Admins can generate).
    /// </summary>
    public static async Task<string> KeyAsync(this BuilderApiFactory factory, Caller caller)
    {
        var seed = await factory.SeedAsync();
        if (caller is Caller.System or Caller.Admin) return (await factory.CreateApiKeyAsync(seed.Acme, owner: caller)).Str("token");
        var keyId = Guid.NewGuid().ToString("N")[..16];
        var secret = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray());
        await factory.QueryAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == Callers.EmailOf(caller));
            db.ApiKeys.Add(new ApiKey
            {
                OrganizationId = seed.Acme, OwnerUserId = user.Id, OwnerEmail = user.Email, Name = Arrange.Unique("Key"),
                KeyId = keyId, SecretHash = ApiKey.HashSecret(secret), CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return $"pwrusr:{keyId}:{secret}";
    }

    /// <summary>POST with exactly these bytes (null: no body at all) and this content type (null: none).</summary>
    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string? body, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        else if (contentType is not null)
        {
            request.Content = new ByteArrayContent([]);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return client.SendAsync(request);
    }

    /// <summary>
    /// The poweruser failure form: only <c>errors</c>, a non-empty array of <c>{ code, message, field? }</c>; returns the first
    /// error after checking its code (and field, when given).
    /// </summary>
    public static JsonElement AssertErrors(JsonElement body, string code, string? field = null)
    {
        Assert.Equal(["errors"], body.EnumerateObject().Select(p => p.Name));
        var errors = body.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        foreach (var error in errors)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Str("code")));
            Assert.False(string.IsNullOrWhiteSpace(error.Str("message")));
            Assert.All(error.EnumerateObject(), p => Assert.Contains(p.Name, new[] { "code", "message", "field" }));
        }
        Assert.Equal(code, errors[0].Str("code"));
        if (field is not null) Assert.Equal(field, errors[0].Str("field"));
        return errors[0];
    }

    public static async Task<JsonElement> ExpectErrors(this Task<HttpResponseMessage> pending, int status, string code, string? field = null)
    {
        var body = await pending.ExpectJson(status);
        return AssertErrors(body, code, field);
    }
}
