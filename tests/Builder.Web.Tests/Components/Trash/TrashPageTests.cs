using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Variables;
using Builder.Web.Features.Audit;
using Builder.Web.Features.Trash;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components.Trash;

/// <summary>The Trash page as an Admin uses it: what was deleted, restoring (under a new name on a clash), asking to delete for good.</summary>
public sealed class TrashPageTests : ConsoleTestContext
{
    private async Task<(Actor Admin, Guid Acme, Guid Production)> ArrangeAsync()
    {
        var admin = await SignInAsync("admin@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        return (admin, acme, await EnvironmentIdAsync(acme, "Production"));
    }

    private async Task<VariableView> TrashedVariableAsync(Actor admin, Guid environment, string name)
    {
        var variables = Service<VariableService>();
        var variable = await variables.CreateAsync(admin, environment, new VariableInput(name, "secret"));
        await variables.DeleteAsync(admin, variable.Id, null);
        return variable;
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Render(Guid acme) =>
        RenderWithProviders<TrashPage>(new() { ["OrgId"] = acme });

    /// <summary>Types into an input that binds on every keystroke, found and changed on the renderer's dispatcher.</summary>
    private static async Task TypeAsync(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector, string value)
    {
        page.WaitForElement(selector);
        await page.InvokeAsync(() => page.Find(selector).Input(value));
    }

    [Fact]
    public async Task An_empty_trash_says_so()
    {
        var (_, acme, _) = await ArrangeAsync();
        var page = Render(acme);
        page.WaitForAssertion(() => Assert.Contains("The trash is empty", page.Markup));
    }

    [Fact]
    public async Task Items_show_what_went_where_who_deleted_it_and_when_it_is_purged()
    {
        var (admin, acme, production) = await ArrangeAsync();
        await TrashedVariableAsync(admin, production, "OLD_STRIPE_KEY");
        var environments = Service<EnvironmentService>();
        var staging = await environments.CreateAsync(admin, acme, new EnvironmentInput("Staging", null));
        await Service<VariableService>().CreateAsync(admin, staging.Id, new VariableInput("GOES_ALONG"));
        await environments.DeleteAsync(admin, staging.Id, null);

        var page = Render(acme);
        page.WaitForAssertion(() => Assert.Contains("OLD_STRIPE_KEY", page.Find(".mud-table-body").TextContent));
        var rows = page.FindAll(".mud-table-body tr").Select(r => r.TextContent).ToList();
        Assert.StartsWith("Staging", rows[0].Trim()); // newest first
        Assert.Contains("with 1 record", rows[0]);
        Assert.Contains(rows, r => r.Contains("OLD_STRIPE_KEY") && r.Contains("Variable") && r.Contains("Production")
                                   && r.Contains("admin@acme.test") && r.Contains("purged in 30 days"));
    }

    [Fact]
    public async Task Restore_brings_the_item_back_at_once()
    {
        var (admin, acme, production) = await ArrangeAsync();
        var variable = await TrashedVariableAsync(admin, production, "RESTORE_ME");

        var page = Render(acme);
        page.WaitForElement("button[aria-label='Restore RESTORE_ME']");
        await page.InvokeAsync(() => page.Find("button[aria-label='Restore RESTORE_ME']").Click());

        page.WaitForAssertion(() => Assert.Contains("The trash is empty", page.Markup));
        Assert.Contains("Variable RESTORE_ME restored", page.Markup);
        Assert.Equal("RESTORE_ME", (await Service<VariableService>().GetAsync(admin, variable.Id)).Name);
    }

    [Fact]
    public async Task A_name_taken_meanwhile_asks_for_a_new_one_and_restores_under_it()
    {
        var (admin, acme, production) = await ArrangeAsync();
        var variable = await TrashedVariableAsync(admin, production, "TAKEN");
        await Service<VariableService>().CreateAsync(admin, production, new VariableInput("TAKEN"));

        var page = Render(acme);
        page.WaitForElement("button[aria-label='Restore TAKEN']");
        await page.InvokeAsync(() => page.Find("button[aria-label='Restore TAKEN']").Click());
        page.WaitForAssertion(() => Assert.Contains("already exists in this environment", page.Find("[data-testid='restore-clash']").TextContent));

        await TypeAsync(page, ".restore-name input", "TAKEN_BEFORE");
        await page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Restore").Click());

        page.WaitForAssertion(() => Assert.Contains("The trash is empty", page.Markup));
        Assert.Equal("TAKEN_BEFORE", (await Service<VariableService>().GetAsync(admin, variable.Id)).Name);
    }

    [Fact]
    public async Task Delete_permanently_asks_a_reviewer_with_a_required_justification()
    {
        var (admin, acme, production) = await ArrangeAsync();
        await TrashedVariableAsync(admin, production, "FOR_GOOD");

        var page = Render(acme);
        page.WaitForElement("button[aria-label='Delete FOR_GOOD permanently']");
        await page.InvokeAsync(() => page.Find("button[aria-label='Delete FOR_GOOD permanently']").Click());
        page.WaitForElement(".request-justification input");
        Assert.Contains("can no longer be restored", page.Find(".mud-dialog").TextContent);
        Assert.Contains("it stays in the trash", page.Find(".mud-dialog").TextContent);
        await page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Send to a reviewer").Click());
        page.WaitForAssertion(() => Assert.Contains("Give a reason for the reviewer", page.Find(".mud-dialog").TextContent));
        await using (var before = Service<IBuilderDbContextFactory>().Create()) Assert.Empty(before.ApprovalRequests);

        await TypeAsync(page, ".request-justification input", "It held a leaked key.");
        await page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Send to a reviewer").Click());

        page.WaitForAssertion(() => Assert.Contains("Sent to a reviewer", page.Markup));
        await using var db = Service<IBuilderDbContextFactory>().Create();
        var created = await db.ApprovalRequests.SingleAsync();
        Assert.Equal((ApprovalOperations.Purge, ResourceTypes.TrashItem, "FOR_GOOD", "It held a leaked key."),
            (created.Operation, created.ResourceType, created.ResourceName, created.Justification));
        Assert.Contains("FOR_GOOD", page.Find(".mud-table-body").TextContent); // still in the trash until approved
    }

    [Fact]
    public async Task A_user_is_told_who_can_see_the_trash()
    {
        await SignInAsync("builder@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var page = Render(acme);
        page.WaitForAssertion(() => Assert.Contains("Only organization Admins can manage trash.", page.Markup));
        Assert.Empty(page.FindAll("button[aria-label^='Restore']"));
    }

    [Fact]
    public void The_audit_log_links_a_record_in_the_trash_to_the_trash()
    {
        var org = Guid.NewGuid();
        var entry = new AuditView(Guid.NewGuid(), DateTime.UtcNow, "admin@acme.test", false, org, null, ResourceTypes.Variable, Guid.NewGuid(),
            AuditActions.Deleted, [], "OLD", "Production", ResourceExists: false, "Variable", "OLD", "deleted", InTrash: true);
        Assert.Equal($"/orgs/{org}/trash", AuditLinks.For(org, entry));
        Assert.Null(AuditLinks.For(org, entry with { InTrash = false }));
    }

    [Fact]
    public async Task A_system_administrator_restores_a_deleted_organization_from_the_platforms_trash()
    {
        var system = await SignInAsync("system@builder.local");
        var globex = await OrganizationIdAsync(DevelopmentSeed.GlobexName);
        await Service<Builder.Domain.Organizations.OrganizationService>().DeleteAsync(system, globex, null);

        var page = RenderWithProviders<PlatformTrashPage>([]);
        page.WaitForElement("button[aria-label='Restore Globex']");
        Assert.Contains("Organization", page.Find(".mud-table-body").TextContent);
        await page.InvokeAsync(() => page.Find("button[aria-label='Restore Globex']").Click());

        page.WaitForAssertion(() => Assert.Contains("Organization Globex restored", page.Markup));
        Assert.Equal("Globex", (await Service<Builder.Domain.Organizations.OrganizationService>().GetAsync(system, globex)).Name);
    }

    [Fact]
    public async Task Delete_permanently_from_the_platforms_trash_asks_another_system_administrator()
    {
        var system = await SignInAsync("system@builder.local");
        var models = Service<Builder.Domain.Models.ModelService>();
        var model = await models.CreateSystemAsync(system,
            new Builder.Domain.Models.ModelInput("Shared mini", "https://api.openai.com/v1/chat/completions", "gpt-4o-mini"));
        await models.DeleteSystemAsync(system, model.Id, null);

        var page = RenderWithProviders<PlatformTrashPage>([]);
        page.WaitForElement("button[aria-label='Delete Shared mini permanently']");
        await page.InvokeAsync(() => page.Find("button[aria-label='Delete Shared mini permanently']").Click());
        page.WaitForElement(".request-justification input");
        Assert.Contains("can no longer be restored", page.Find(".mud-dialog").TextContent);
        await TypeAsync(page, ".request-justification input", "Its key leaked.");
        await page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Send to a reviewer").Click());

        page.WaitForAssertion(() => Assert.Contains("Sent to a reviewer (a System administrator)", page.Markup));
        Assert.Contains("/system/approvals/", page.Markup);
        await using var db = Service<IBuilderDbContextFactory>().Create();
        var created = await db.ApprovalRequests.SingleAsync();
        Assert.Equal((ApprovalOperations.Purge, ResourceTypes.TrashItem, "Shared mini", (Guid?)null, ApprovalStatus.Pending),
            (created.Operation, created.ResourceType, created.ResourceName, created.OrganizationId, created.Status));
        Assert.Contains("Shared mini", page.Find(".mud-table-body").TextContent); // still in the trash until approved
    }

    [Fact]
    public async Task An_admin_has_no_access_to_the_platforms_trash()
    {
        await SignInAsync("admin@acme.test");
        var page = RenderWithProviders<PlatformTrashPage>([]);
        page.WaitForAssertion(() => Assert.Contains("Only system administrators can see the platform's trash.", page.Markup));
    }

    [Theory]
    [InlineData(30, "purged in 30 days")]
    [InlineData(1, "purged tomorrow")]
    [InlineData(0, "purged soon")]
    public void Days_left_read_as_words(int days, string words) => Assert.Equal(words, TrashGrid.PurgedIn(days));
}
