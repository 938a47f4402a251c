using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Users;
using Builder.Domain.Workflows;
using Builder.Web.Features.Approvals;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components.Approvals;

/// <summary>
/// The console's approval pages against hostile content: markup and control characters in a name, a justification and a
/// comment render as text; a PRIVATE workflow's request shows nothing to a member who cannot see the workflow.
/// </summary>
public sealed class HostileApprovalPagesTests : ConsoleTestContext
{
    private const string Script = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    private async Task<(Guid Org, ApprovalRequestView Request)> RequestDeletionAsync(string name, string justification, SharingLevel sharing)
    {
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var actor = await ActorAsync("admin@acme.test");
        await using var db = Service<IBuilderDbContextFactory>().Create();
        var environment = await db.Environments.Where(e => e.OrganizationId == org).Select(e => e.Id).FirstAsync();
        var workflow = new Workflow
        {
            OrganizationId = org, EnvironmentId = environment, Name = name, WorkflowDataJson = "{}", OwnerId = actor.UserId, SharingLevel = sharing,
        };
        workflow.Stamp(actor, DateTime.UtcNow);
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync();
        return (org, await Service<ApprovalService>().RequestAsync(actor, ApprovalOperations.Delete, ResourceTypes.Workflow, workflow.Id, justification, null));
    }

    [Fact]
    public async Task Markup_in_a_name_a_justification_and_a_comment_shows_as_text_and_never_becomes_elements()
    {
        var (org, request) = await RequestDeletionAsync("Flow " + Script, "Because \u0007\u001b[31m " + Script, SharingLevel.Company);
        await Service<ApprovalService>().RejectAsync(await ActorAsync("reviewer@acme.test"), request.Id, "No " + Script);
        await SignInAsync("builder@acme.test");

        var page = RenderWithProviders<ApprovalRequestPage>(new() { ["OrgId"] = org, ["RequestId"] = request.Id });
        page.WaitForElement(".approval-what");
        page.WaitForAssertion(() => Assert.Contains("No &lt;script&gt;alert(1)&lt;/script&gt;", page.Markup)); // the rejection's comment

        Assert.Empty(page.FindAll("script"));
        Assert.Empty(page.FindAll("img"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page.Markup);
    }

    [Fact]
    public async Task A_private_workflows_request_page_shows_a_guest_nothing_of_it()
    {
        var (org, request) = await RequestDeletionAsync("Initech acquisition", "The deal is off", SharingLevel.Private);
        await SignInAsync("guest@acme.test");

        var page = RenderWithProviders<ApprovalRequestPage>(new() { ["OrgId"] = org, ["RequestId"] = request.Id });

        page.WaitForAssertion(() => Assert.Contains("Not found", page.Markup));
        Assert.DoesNotContain("Initech", page.Markup);
        Assert.DoesNotContain("The deal is off", page.Markup);
    }
}
