using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Users;
using Builder.Domain.Variables;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.E2E.Infrastructure;

/// <summary>
/// Looks up the development seed (ids are generated per database) and arranges extra data through the app's own
/// domain services, for flow tests whose subject is a later step (deleting, a conflict) rather than the set-up.
/// </summary>
public static class SeededData
{
    public const string Acme = "Acme Corp", Globex = "Globex";

    public static async Task<Guid> OrganizationIdAsync(this BuilderAppFixture app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IBuilderDbContextFactory>().Create();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public static async Task<Guid> EnvironmentIdAsync(this BuilderAppFixture app, string organization, string name)
    {
        var org = await app.OrganizationIdAsync(organization);
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IBuilderDbContextFactory>().Create();
        return await db.Environments.Where(e => e.OrganizationId == org && e.Name == name).Select(e => e.Id).SingleAsync();
    }

    /// <summary>The actor a seeded user acts as when signed in to the console.</summary>
    public static async Task<Actor> ActorAsync(this BuilderAppFixture app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        Guid userId;
        await using (var db = scope.ServiceProvider.GetRequiredService<IBuilderDbContextFactory>().Create())
            userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await scope.ServiceProvider.GetRequiredService<UserAccountService>().BuildActorAsync(userId)
               ?? throw new InvalidOperationException($"No user {email}.");
    }

    /// <summary>
    /// Approves the pending deletion request for a resource as <paramref name="reviewerEmail"/> through the app's own
    /// ApprovalService (the approval pages are another change); returns the request's status afterwards.
    /// </summary>
    public static async Task<Builder.Domain.Approvals.ApprovalStatus> ApproveDeletionAsync(this BuilderAppFixture app, Guid resourceId,
        string reviewerEmail = "reviewer@acme.test")
    {
        var reviewer = await app.ActorAsync(reviewerEmail);
        await using var scope = app.Services.CreateAsyncScope();
        Guid id;
        await using (var db = scope.ServiceProvider.GetRequiredService<IBuilderDbContextFactory>().Create())
            id = await db.ApprovalRequests.Where(r => r.ResourceId == resourceId && r.Status == Builder.Domain.Approvals.ApprovalStatus.Pending)
                .Select(r => r.Id).SingleAsync();
        var decided = await scope.ServiceProvider.GetRequiredService<Builder.Domain.Approvals.ApprovalService>().ApproveAsync(reviewer, id, null);
        return decided.Status;
    }

    /// <summary>
    /// Deletes a resource as a test's set-up, the only way there is: admin@acme.test asks, reviewer@acme.test approves, through
    /// the app's own ApprovalService. Fails unless the deletion ran.
    /// </summary>
    public static async Task DeleteApprovedAsync(this BuilderAppFixture app, string resourceType, Guid resourceId)
    {
        var admin = await app.ActorAsync("admin@acme.test");
        var reviewer = await app.ActorAsync("reviewer@acme.test");
        await using var scope = app.Services.CreateAsyncScope();
        var approvals = scope.ServiceProvider.GetRequiredService<Builder.Domain.Approvals.ApprovalService>();
        var request = await approvals.RequestAsync(admin, Builder.Domain.Approvals.ApprovalOperations.Delete, resourceType, resourceId,
            "Set-up of an end-to-end test", null);
        var decided = await approvals.ApproveAsync(reviewer, request.Id, null);
        if (decided.Status != Builder.Domain.Approvals.ApprovalStatus.Executed)
            throw new InvalidOperationException($"The set-up deletion did not run: {decided.Status} {decided.Outcome}");
    }

    /// <summary>Creates an environment as admin@acme.test; returns its id.</summary>
    public static async Task<Guid> CreateAcmeEnvironmentAsync(this BuilderAppFixture app, string name, string? description = null)
    {
        var admin = await app.ActorAsync("admin@acme.test");
        await using var scope = app.Services.CreateAsyncScope();
        var environment = await scope.ServiceProvider.GetRequiredService<EnvironmentService>()
            .CreateAsync(admin, await app.OrganizationIdAsync(Acme), new EnvironmentInput(name, description));
        return environment.Id;
    }

    /// <summary>Creates a variable as admin@acme.test in an Acme environment.</summary>
    public static async Task CreateAcmeVariableAsync(this BuilderAppFixture app, Guid environmentId, string name, string? value)
    {
        var admin = await app.ActorAsync("admin@acme.test");
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<VariableService>().CreateAsync(admin, environmentId, new VariableInput(name, value));
    }
}
