using System.Text.Json;

namespace Builder.Web.Tests.Api;

/// <summary>Fresh records for one test, made through the API as System (or as the caller named), so tests never share targets.</summary>
public static class Arrange
{
    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static string UniqueIdentifier(string prefix) => $"{prefix}_{Guid.NewGuid():N}".ToUpperInvariant()[..(prefix.Length + 13)];

    public static Task<JsonElement> CreateOrganizationAsync(this BuilderApiFactory factory, string? name = null) =>
        factory.As(Caller.System).PostJsonAsync("/api/organizations", new { name = name ?? Unique("Org"), description = "made by a test" })
            .ExpectJson(201);

    /// <summary>A new organization where Acme's admin, user and guest hold the same roles they hold in Acme (Globex's admin is not a member).</summary>
    public static async Task<JsonElement> CreateOrganizationLikeAcmeAsync(this BuilderApiFactory factory)
    {
        var organization = await factory.CreateOrganizationAsync();
        foreach (var (email, role) in new[] { (Callers.AdminEmail, "admin"), (Callers.UserEmail, "user"), (Callers.GuestEmail, "guest") })
            await factory.InviteAsync(organization.Id(), email, role);
        return organization;
    }

    public static Task<JsonElement> CreateEnvironmentAsync(this BuilderApiFactory factory, Guid organizationId, string? name = null) =>
        factory.As(Caller.System).PostJsonAsync("/api/environments", new { organizationId, name = name ?? Unique("Env") }).ExpectJson(201);

    public static Task<JsonElement> CreateVariableAsync(this BuilderApiFactory factory, Guid environmentId, string? name = null, string? value = null) =>
        factory.As(Caller.System).PostJsonAsync("/api/variables", new { environmentId, name = name ?? UniqueIdentifier("VAR"), value })
            .ExpectJson(201);

    public static Task<JsonElement> InviteAsync(this BuilderApiFactory factory, Guid organizationId, string? email = null, string role = "guest") =>
        factory.As(Caller.System).PostJsonAsync("/api/members",
            new { organizationId, email = email ?? $"{Guid.NewGuid():N}@invited.test", role }).ExpectJson(201);

    /// <summary>Generates a key as <paramref name="owner"/>; the body is <c>{ key, token }</c>.</summary>
    public static Task<JsonElement> CreateApiKeyAsync(this BuilderApiFactory factory, Guid organizationId, Caller owner = Caller.Admin) =>
        factory.As(owner).PostJsonAsync("/api/api-keys", new { organizationId, name = Unique("Key") }).ExpectJson(201);

    /// <summary>The current state of a record as System sees it: its JSON, or null when it is gone.</summary>
    public static async Task<JsonElement?> CurrentAsync(this BuilderApiFactory factory, string url)
    {
        var response = await factory.As(Caller.System).GetAsync(url);
        if ((int)response.StatusCode == 404) return null;
        return await Task.FromResult(response).ExpectJson(200);
    }
}
