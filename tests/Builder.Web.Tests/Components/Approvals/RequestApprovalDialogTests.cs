using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Approvals;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Variables;
using Builder.Web.Features.Approvals;
using Builder.Web.Features.Environments;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components.Approvals;

/// <summary>
/// The one request dialog every delete button opens, driven from the environments list: it says what would go, needs a
/// reason (a field message otherwise; Enter sends), sends the request to a reviewer with a link to it, keeps the row (marked
/// "Deletion requested"), and says "Deleted" where the policy asks for no approval.
/// </summary>
public sealed class RequestApprovalDialogTests : ConsoleTestContext
{
    private Guid _org;

    private async Task<EnvironmentView> SeedAsync(string name = "Staging")
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var environment = await Service<EnvironmentService>().CreateAsync(admin, _org, new EnvironmentInput(name, null));
        foreach (var variable in new[] { "API_KEY", "REGION" })
            await Service<VariableService>().CreateAsync(admin, environment.Id, new VariableInput(variable, "v"));
        return environment;
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> OpenDialog(string name = "Staging")
    {
        var page = RenderWithProviders<EnvironmentsPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains(name, page.Find(".mud-table-body").TextContent));
        page.Find($"button[aria-label='Delete {name}']").Click();
        page.WaitForElement(".request-justification input");
        return page;
    }

    [Fact]
    public async Task It_names_the_target_and_lists_what_would_go_with_the_field_focused()
    {
        await SeedAsync();
        var page = OpenDialog();

        var dialog = page.Find(".mud-dialog");
        Assert.Contains("Request deletion of environment “Staging”", dialog.TextContent);
        var consequences = page.FindAll(".request-consequences li").Select(li => li.TextContent).ToList();
        Assert.Contains("The environment “Staging”", consequences);
        Assert.Contains("2 variables, with their values", consequences);
        Assert.Contains("No workflows", consequences);
        Assert.True(page.FindComponent<MudBlazor.MudTextField<string>>().Instance.AutoFocus);
        Assert.Contains(page.FindAll(".mud-dialog button"), b => b.TextContent.Trim() == "Send to a reviewer");
    }

    [Fact]
    public async Task Without_a_reason_it_shows_a_field_message_and_asks_nothing()
    {
        var environment = await SeedAsync();
        var page = OpenDialog();

        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Send to a reviewer").Click();

        page.WaitForAssertion(() => Assert.Contains("Give a reason for the reviewer", page.Find(".mud-dialog").TextContent));
        Assert.NotEmpty(page.FindAll(".mud-dialog"));
        Assert.False(await DeletionPendingAsync(environment.Id));
    }

    [Fact]
    public async Task Enter_in_the_field_sends_the_request_and_the_snackbar_links_to_it()
    {
        var environment = await SeedAsync();
        var page = OpenDialog();

        await page.InvokeAsync(() => page.Find(".request-justification input").Input("Replaced by Staging EU"));
        await page.InvokeAsync(() => page.Find(".request-justification input").KeyDown(new KeyboardEventArgs { Key = "Enter" }));

        page.WaitForAssertion(() => Assert.Contains("Sent to a reviewer", page.Markup));
        Guid requestId;
        await using (var db = Service<IBuilderDbContextFactory>().Create())
        {
            var request = await db.ApprovalRequests.SingleAsync(r => r.ResourceId == environment.Id);
            (requestId, var status, var reason) = (request.Id, request.Status, request.Justification);
            Assert.Equal((ApprovalStatus.Pending, "Replaced by Staging EU"), (status, reason));
        }
        page.WaitForAssertion(() => Assert.Equal(ApprovalLinks.Request(_org, requestId), page.Find("a.request-link").GetAttribute("href")));
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        var row = page.FindAll(".mud-table-body tr").Single(r => r.TextContent.Contains("Staging"));
        Assert.Contains("Deletion requested", row.TextContent);
        Assert.DoesNotContain("Deletion requested",
            page.FindAll(".mud-table-body tr").Single(r => r.TextContent.Contains("Production")).TextContent);
    }

    [Fact]
    public async Task Cancel_asks_nothing()
    {
        var environment = await SeedAsync();
        var page = OpenDialog();

        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.False(await DeletionPendingAsync(environment.Id));
        Assert.DoesNotContain("Deletion requested", page.Find(".mud-table-body").TextContent);
    }

    [Fact]
    public async Task Where_the_policy_needs_no_approval_it_says_deleted_and_the_row_goes()
    {
        var environment = await SeedAsync("Scratch");
        await using (var db = Service<IBuilderDbContextFactory>().Create())
        {
            db.ApprovalPolicies.Add(new OrganizationApprovalPolicy { OrganizationId = _org, RequiredApprovals = 0, UpdatedAt = DateTime.UtcNow, UpdatedBy = "system@builder.local" });
            await db.SaveChangesAsync();
        }
        var page = OpenDialog("Scratch");

        SendDeletionRequest(page, "Scratch space, not needed");

        page.WaitForAssertion(() => Assert.Contains("Deleted: environment “Scratch”", page.Markup));
        page.WaitForAssertion(() => Assert.DoesNotContain("Scratch", page.Find(".mud-table-body").TextContent));
        await Assert.ThrowsAsync<NotFoundException>(() => Service<EnvironmentService>().GetAsync(SignInAsync("admin@acme.test").Result, environment.Id));
    }

    [Fact]
    public async Task A_second_request_while_one_waits_is_refused_with_the_reason()
    {
        await SeedAsync();
        var page = OpenDialog();
        SendDeletionRequest(page, "First ask");
        page.WaitForAssertion(() => Assert.Contains("Deletion requested", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Delete Staging']").Click();
        SendDeletionRequest(page, "Second ask");

        page.WaitForAssertion(() => Assert.Contains("is already waiting for approval", page.Markup));
    }
}
