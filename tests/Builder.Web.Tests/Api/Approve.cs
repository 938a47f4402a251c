using System.Text.Json;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Api;

/// <summary>
/// Deleting through the API is a request a second person approves: these ask (DELETE with a justification → 202) and
/// approve through the app's own <see cref="ApprovalService"/> (another engineer adds the approve endpoint), so tests that
/// delete keep checking what a deletion does.
/// </summary>
public static class Approve
{
    public const string Reason = "No longer needed (test)";

    /// <summary>A second System administrator, who decides platform requests (a system model, an entity type) the seeded one asks.</summary>
    public const string SecondSystemEmail = "second-system@builder.local";

    /// <summary>DELETE with a justification in the body, and If-Match when given.</summary>
    public static Task<HttpResponseMessage> RequestDeletionAsync(this HttpClient client, string url, string? ifMatch = null,
        string? justification = Reason) =>
        client.SendJsonAsync(HttpMethod.Delete, url, justification is null ? null : new { justification }, ifMatch);

    /// <summary>Asks as <paramref name="caller"/> (202 and a pending request), then another reviewer approves: the deletion runs.</summary>
    public static async Task<JsonElement> DeleteApprovedAsync(this BuilderApiFactory factory, string url, Caller caller = Caller.Admin,
        string? ifMatch = null)
    {
        var accepted = await factory.As(caller).RequestDeletionAsync(url, ifMatch).ExpectJson(202);
        var request = accepted.GetProperty("request");
        Assert.Equal("pending", request.Str("status"));
        var decided = await factory.ApproveAsync(request.Id(), caller);
        Assert.True(decided.Status == ApprovalStatus.Executed, $"{url}: the approved request {decided.Status}: {decided.Outcome}");
        return accepted;
    }

    /// <summary>
    /// Approves a request through the app's ApprovalService as someone who may: Acme's reviewer (or its Admin when the reviewer
    /// asked), another organization's Admin for its own, and a second System user for platform requests.
    /// </summary>
    public static async Task<ApprovalRequestView> ApproveAsync(this BuilderApiFactory factory, Guid requestId, Caller requester = Caller.Admin)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var approvals = scope.ServiceProvider.GetRequiredService<ApprovalService>();
        var organization = await factory.QueryAsync(db => db.ApprovalRequests.Where(r => r.Id == requestId).Select(r => r.OrganizationId).FirstAsync());
        var reviewer = organization is null
            ? await factory.SecondSystemActorAsync()
            : await factory.ReviewerOfAsync(organization.Value, requester);
        return await approvals.ApproveAsync(reviewer, requestId, "Approved (test)");
    }

    public static async Task<Actor> ActorAsync(this BuilderApiFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var id = await factory.QueryAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstAsync());
        return (await scope.ServiceProvider.GetRequiredService<UserAccountService>().BuildActorAsync(id))!;
    }

    private static async Task<Actor> ReviewerOfAsync(this BuilderApiFactory factory, Guid organization, Caller requester)
    {
        var seed = await factory.SeedAsync();
        var requesterEmail = Callers.EmailOf(requester);
        if (organization == seed.Acme) return await factory.ActorAsync(requesterEmail == Callers.ReviewerEmail ? Callers.AdminEmail : Callers.ReviewerEmail);
        // Another organization: an Admin of it who did not ask (Globex's admin; System asks for organizations it creates in tests).
        var admin = await factory.QueryAsync(db => db.Memberships
            .Where(m => m.OrganizationId == organization && m.Role == Role.Admin && m.UserId != null && m.Email != requesterEmail)
            .Select(m => m.Email).FirstOrDefaultAsync());
        return admin is not null ? await factory.ActorAsync(admin) : await factory.SecondSystemActorAsync();
    }

    /// <summary>The second System user (created once per database): System users decide where nobody else can.</summary>
    public static async Task<Actor> SecondSystemActorAsync(this BuilderApiFactory factory)
    {
        await factory.QueryAsync(async db =>
        {
            if (await db.Users.AnyAsync(u => u.Email == SecondSystemEmail)) return true;
            db.Users.Add(new User { Email = SecondSystemEmail, Name = "Second System Administrator", IsSystem = true, CreatedAt = DateTime.UtcNow });
            try { await db.SaveChangesAsync(); } catch (DbUpdateException) { /* a parallel test made it */ }
            return true;
        });
        return await factory.ActorAsync(SecondSystemEmail);
    }

    /// <summary>
    /// A Delete(caller, status) theory: where the table says 202 the DELETE asks (a pending request, the resource still there)
    /// and, once another reviewer approves, the resource is gone; any other status asks nothing and keeps the resource.
    /// </summary>
    public static async Task<JsonElement?> ExpectDeletionAsync(this BuilderApiFactory factory, Caller caller, int status, string url, Guid id,
        Func<Task<bool>>? exists = null)
    {
        exists ??= async () => await factory.CurrentAsync(url) is not null;
        var response = await factory.As(caller).RequestDeletionAsync(url).Expect(status);
        Assert.True(await exists(), $"{caller} DELETE {url}: it is gone without an approval");
        Assert.Equal(status == 202, await factory.DeletionPendingAsync(id));
        if (status != 202) return null;
        var accepted = await response.JsonAsync();
        var decided = await factory.ApproveAsync(accepted.GetProperty("request").Id(), caller);
        Assert.True(decided.Status == ApprovalStatus.Executed, $"{url}: the approved request {decided.Status}: {decided.Outcome}");
        Assert.False(await exists(), $"{caller} DELETE {url}: approved, but still there");
        return accepted;
    }

    /// <summary>Whether a pending deletion request for the resource exists.</summary>
    public static Task<bool> DeletionPendingAsync(this BuilderApiFactory factory, Guid resourceId) =>
        factory.QueryAsync(db => db.ApprovalRequests.AnyAsync(r => r.ResourceId == resourceId && r.Operation == ApprovalOperations.Delete
                                                                   && r.Status == ApprovalStatus.Pending));
}
