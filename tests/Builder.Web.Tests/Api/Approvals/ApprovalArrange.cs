using System.Text.Json;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Users;
using Builder.Web.Tests.Api.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Api.Approvals;

/// <summary>Who calls an approval endpoint: the seeded people of Acme (the reviewer included), Globex's admin, an Acme admin's API key.</summary>
public enum Who { System, Admin, Reviewer, User, Guest, Outsider, ApiKey }

public static class ApprovalArrange
{
    public static async Task<HttpClient> ClientAsync(this BuilderApiFactory factory, Who who, Guid? keyOrganization = null)
    {
        if (who != Who.ApiKey) return factory.As(EmailOf(who));
        var key = await factory.CreateApiKeyAsync(keyOrganization ?? (await factory.SeedAsync()).Acme, Caller.Admin);
        return factory.WithApiKey(key.Str("token"));
    }

    public static string EmailOf(Who who) => who switch
    {
        Who.System => Callers.SystemEmail,
        Who.Admin or Who.ApiKey => Callers.AdminEmail,
        Who.Reviewer => Callers.ReviewerEmail,
        Who.User => Callers.UserEmail,
        Who.Guest => Callers.GuestEmail,
        Who.Outsider => Callers.OutsiderEmail,
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    public static TheoryData<Who, int> Table(int system, int admin, int reviewer, int user, int guest, int outsider, int apiKey)
    {
        var data = new TheoryData<Who, int>();
        foreach (var (who, status) in new[]
                 {
                     (Who.System, system), (Who.Admin, admin), (Who.Reviewer, reviewer), (Who.User, user), (Who.Guest, guest),
                     (Who.Outsider, outsider), (Who.ApiKey, apiKey),
                 })
            data.Add(who, status);
        return data;
    }

    /// <summary>
    /// A pending request to delete a fresh workflow of Acme, asked by <paramref name="requesterEmail"/> (the builder by default) through
    /// the approval service, as the console's delete will (the delete buttons and DELETE endpoints are being turned into requests elsewhere).
    /// </summary>
    public static async Task<(Guid RequestId, Guid WorkflowId)> RequestWorkflowDeletionAsync(this BuilderApiFactory factory,
        string requesterEmail = Callers.UserEmail, string justification = "Replaced by the new routing flow")
    {
        var (workflow, _) = await factory.CreateSimpleWorkflowAsync();
        var request = await factory.AskAsync(requesterEmail, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id(), justification);
        return (request.Id, workflow.Id());
    }

    public static async Task<ApprovalRequestView> AskAsync(this BuilderApiFactory factory, string requesterEmail, string operation,
        string resourceType, Guid resourceId, string justification)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccountService>();
        var user = await accounts.FindByEmailAsync(requesterEmail) ?? throw new InvalidOperationException(requesterEmail);
        var actor = (await accounts.BuildActorAsync(user.Id))!;
        return await scope.ServiceProvider.GetRequiredService<ApprovalService>()
            .RequestAsync(actor, operation, resourceType, resourceId, justification, null);
    }

    public static Task<JsonElement> RequestJsonAsync(this BuilderApiFactory factory, Guid id) =>
        factory.As(Caller.System).GetAsync($"/api/approval-requests/{id}").ExpectJson(200);

    public static Task<int> AuditCountAsync(this BuilderApiFactory factory, Guid resourceId, string action) =>
        factory.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.AuditEntries, a => a.ResourceId == resourceId && a.Action == action));
}
