using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Common;
using Builder.Domain.PromptTemplates;
using Builder.Web.Features.PromptTemplates;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components.PromptTemplates;

/// <summary>The prompt templates list: empty state, the New template dialog (finding the variables), permissions, duplicate names.</summary>
public sealed class PromptTemplatesPageTests : ConsoleTestContext
{
    private static PromptTemplateInput Input(string name) =>
        new(name, "d", "Hi {{userName}}", null, null, new Dictionary<string, string> { ["userName"] = "string" }, []);

    [Fact]
    public async Task An_admin_creates_a_template_and_its_variables_are_declared()
    {
        await SignInAsync("admin@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var page = RenderWithProviders<PromptTemplatesPage>(new() { ["OrgId"] = acme });
        page.WaitForAssertion(() => Assert.Contains("No prompt templates yet", page.Markup));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New template").Click();
        page.WaitForElement(".mud-dialog input").Change("Welcome Message Generator");
        page.Find(".mud-dialog textarea").Input("Welcome {{userName}} to {{productName}}, {{userName}}!");
        page.WaitForAssertion(() => Assert.Contains("Variables found: userName, productName.", page.Find(".mud-dialog").TextContent));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();

        page.WaitForAssertion(() => Assert.Contains("Welcome Message Generator", page.Find(".mud-table-body").TextContent));
        Assert.Contains("v1", page.Find(".mud-table-body").TextContent);
        await using var db = Service<IBuilderDbContextFactory>().Create();
        var stored = await db.PromptTemplates.SingleAsync(t => t.Name == "Welcome Message Generator");
        Assert.Equal("""{"userName":"string","productName":"string"}""", stored.VariablesJson);
    }

    [Fact]
    public async Task A_duplicate_name_is_shown_on_the_name_field_and_the_dialog_stays_open()
    {
        var admin = await SignInAsync("admin@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        await Service<PromptTemplateService>().CreateAsync(admin, acme, Input("Taken"));
        var page = RenderWithProviders<PromptTemplatesPage>(new() { ["OrgId"] = acme });
        page.WaitForAssertion(() => Assert.Contains("Taken", page.Find(".mud-table-body").TextContent));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New template").Click();
        page.WaitForElement(".mud-dialog input").Change("TAKEN");
        page.Find(".mud-dialog textarea").Input("Hello");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();

        page.WaitForAssertion(() => Assert.Contains("A prompt template named 'TAKEN' already exists in this organization", page.Find(".mud-dialog").TextContent));
        Assert.Single(page.FindAll(".mud-table-body tr"));
    }

    [Fact]
    public async Task A_guest_sees_the_list_without_create_or_delete()
    {
        var system = await SignInAsync("system@builder.local");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        await Service<PromptTemplateService>().CreateAsync(system, acme, Input("Read me"));
        await SignInAsync("guest@acme.test");

        var page = RenderWithProviders<PromptTemplatesPage>(new() { ["OrgId"] = acme });

        page.WaitForAssertion(() => Assert.Contains("Read me", page.Find(".mud-table-body").TextContent));
        Assert.DoesNotContain("New template", page.Markup);
        Assert.Empty(page.FindAll("button[aria-label^='Delete']"));
    }

    [Fact]
    public async Task An_admin_asks_to_delete_a_template_and_it_goes_once_a_reviewer_approves()
    {
        var admin = await SignInAsync("admin@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var template = await Service<PromptTemplateService>().CreateAsync(admin, acme, Input("Short lived"));
        var page = RenderWithProviders<PromptTemplatesPage>(new() { ["OrgId"] = acme });
        page.WaitForAssertion(() => Assert.Contains("Short lived", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Delete Short lived']").Click();
        page.WaitForAssertion(() => Assert.Contains("1 version of its history", page.Find(".mud-dialog").TextContent));
        SendDeletionRequest(page);

        page.WaitForAssertion(() => Assert.Contains("Sent to a reviewer", page.Markup));
        page.WaitForAssertion(() => Assert.Contains("Deletion requested", page.Find(".mud-table-body").TextContent));
        await ApproveDeletionAsync(template.Id);
        Assert.Equal(0, (await Service<PromptTemplateService>().ListAsync(admin, new PromptTemplateFilter(acme, null), new PageRequest(Search: "Short lived"))).Total);
    }
}
