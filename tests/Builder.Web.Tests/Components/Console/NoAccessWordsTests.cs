using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Variables;
using Builder.Web.Features.ApiKeys;
using Builder.Web.Features.Variables;

namespace Builder.Web.Tests.Components.Console;

/// <summary>No-access pages and read-only lists say in plain words which role is needed, from the permission matrix.</summary>
public sealed class NoAccessWordsTests : ConsoleTestContext
{
    [Fact]
    public async Task The_api_keys_page_tells_a_user_that_only_admins_manage_keys_and_whom_to_ask()
    {
        await SignInAsync("builder@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);

        var page = RenderWithProviders<ApiKeysPage>(new() { ["OrgId"] = acme });

        page.WaitForAssertion(() => Assert.Equal(
            "Only organization Admins can manage API keys. Ask an Admin of Acme Corp to change your role.",
            page.Find("[data-testid='no-access']").TextContent.Trim()));
        Assert.DoesNotContain("apikeys", page.Markup);
    }

    [Fact]
    public async Task The_variables_page_tells_a_user_why_there_is_no_new_button()
    {
        await SignInAsync("builder@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var development = await EnvironmentIdAsync(acme, "Development");

        var page = RenderWithProviders<VariablesPage>(new() { ["OrgId"] = acme, ["EnvId"] = development });

        page.WaitForAssertion(() => Assert.Contains("Only organization Admins can create variables.",
            page.Find("[data-testid='read-only-note']").TextContent));
        Assert.Contains("Ask an Admin of Acme Corp", page.Find("[data-testid='read-only-note']").TextContent);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New variable"));
    }

    [Fact]
    public async Task An_admin_sees_no_read_only_note()
    {
        await SignInAsync("admin@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var development = await EnvironmentIdAsync(acme, "Development");

        var page = RenderWithProviders<VariablesPage>(new() { ["OrgId"] = acme, ["EnvId"] = development });

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("New variable")));
        Assert.Empty(page.FindAll("[data-testid='read-only-note']"));
    }

    [Fact]
    public async Task An_environment_of_another_organization_is_not_found_on_an_environment_page()
    {
        await SignInAsync("system@builder.local"); // sees every organization, so only the URL's organization can refuse it
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var globex = await OrganizationIdAsync(DevelopmentSeed.GlobexName);
        var globexProduction = await EnvironmentIdAsync(globex, "Production");

        var page = RenderWithProviders<VariablesPage>(new() { ["OrgId"] = acme, ["EnvId"] = globexProduction });

        page.WaitForAssertion(() => Assert.Contains("Environment not found", page.Markup));
        Assert.DoesNotContain("New variable", page.Markup);
    }

    [Fact]
    public async Task The_environment_service_refuses_an_environment_outside_the_expected_organization()
    {
        var system = await SignInAsync("system@builder.local");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var globex = await OrganizationIdAsync(DevelopmentSeed.GlobexName);
        var globexProduction = await EnvironmentIdAsync(globex, "Production");
        var environments = Service<Builder.Domain.Environments.EnvironmentService>();

        await Assert.ThrowsAsync<Builder.Domain.Common.NotFoundException>(() => environments.GetAsync(system, globexProduction, acme));
        Assert.Equal("Production", (await environments.GetAsync(system, globexProduction, globex)).Name);
    }
}
