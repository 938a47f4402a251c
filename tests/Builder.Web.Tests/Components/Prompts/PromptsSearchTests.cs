using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Prompts;
using Builder.Web.Features.Prompts;

namespace Builder.Web.Tests.Components.Prompts;

/// <summary>The Prompts grid searches titles, and its search field says so.</summary>
public sealed class PromptsSearchTests : ConsoleTestContext
{
    [Fact]
    public async Task The_search_field_says_title_and_finds_prompts_by_title()
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var prompts = Service<PromptService>();
        await prompts.CreateAsync(admin, org, new PromptInput("Refund reply", "Reply to {{message}}", null, "text", null));
        await prompts.CreateAsync(admin, org, new PromptInput("Greeting", "Greet {{name}}", null, "text", null));
        var page = RenderWithProviders<PromptsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Greeting", page.Find(".mud-table-body").TextContent));

        var search = page.Find("input[aria-label='Search by title']");
        Assert.Equal("Search by title", search.GetAttribute("placeholder"));
        search.Input("refund");

        page.WaitForAssertion(() => Assert.DoesNotContain("Greeting", page.Find(".mud-table-body").TextContent));
        Assert.Contains("Refund reply", page.Find(".mud-table-body").TextContent);
    }
}
