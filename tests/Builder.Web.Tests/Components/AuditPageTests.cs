using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components;

/// <summary>The audit log as a person reads it: names with links while the thing exists, the environment, actions in words, CSV export.</summary>
public sealed class AuditPageTests : ConsoleTestContext
{
    [Fact]
    public async Task Records_show_names_links_environments_and_actions_in_words()
    {
        await SignInAsync("admin@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var production = await EnvironmentIdAsync(acme, "Production");
        await AddAsync(
            Entry(acme, ResourceTypes.Environment, production, AuditActions.Updated, "description", "Production", "Production", production),
            Entry(acme, ResourceTypes.Variable, Guid.NewGuid(), AuditActions.Updated, "value:cleared", "OLD_TOKEN", "Production", production),
            Entry(acme, ResourceTypes.Member, Guid.NewGuid(), AuditActions.RoleChanged, "role", "left@acme.test"),
            Entry(acme, ResourceTypes.ApiKey, Guid.Parse("7f9b7c4a-0000-4000-8000-000000000003"), AuditActions.Revoked, "revokedAt"));

        var page = RenderWithProviders<AuditPage>(new() { ["OrgId"] = acme });
        page.WaitForAssertion(() => Assert.Contains("OLD_TOKEN", page.Find(".mud-table-body").TextContent));
        var rows = page.FindAll(".mud-table-body tr").Select(r => r.TextContent).ToList();

        var link = page.FindAll("[data-testid='audit-resource-link']").Single(a => a.TextContent.Trim() == "Production");
        Assert.Equal($"/orgs/{acme}/envs/{production}/variables", link.GetAttribute("href"));
        Assert.Contains(rows, r => r.Contains("OLD_TOKEN") && r.Contains("(deleted)") && r.Contains("cleared the value") && r.Contains("Variable"));
        Assert.Contains(rows, r => r.Contains("left@acme.test") && r.Contains("changed the role"));
        Assert.Contains(rows, r => r.Contains("API key 7f9b7c4a") && r.Contains("revoked"));
        Assert.Contains(rows, r => r.Contains("updated description") && r.Contains("Production"));
        Assert.DoesNotContain(page.FindAll("[data-testid='audit-resource-link']"), a => a.TextContent.Contains("OLD_TOKEN"));
        Assert.DoesNotContain("role-changed", page.Find(".mud-table-body").TextContent);
    }

    [Fact]
    public async Task Export_downloads_the_csv_for_the_same_organization()
    {
        await SignInAsync("admin@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);

        var page = RenderWithProviders<AuditPage>(new() { ["OrgId"] = acme });

        var export = page.WaitForElement("[data-testid='audit-export']");
        Assert.Equal($"/api/audit/export?organizationId={acme}", export.GetAttribute("href"));
        Assert.True(export.HasAttribute("download"), "A download link, so the router does not take the click");
        Assert.Contains("Export CSV", export.TextContent);
    }

    [Fact]
    public void Every_resource_type_that_still_exists_has_a_page_to_open()
    {
        var org = Guid.NewGuid();
        foreach (var type in ResourceTypes.All)
        {
            var entry = new AuditView(Guid.NewGuid(), DateTime.UtcNow, "admin@acme.test", false, org, Guid.NewGuid(), type, Guid.NewGuid(),
                AuditActions.Created, ["name"], "Thing", "Production", ResourceExists: true, "Thing", "Thing", "created");
            var href = AuditLinks.For(org, entry);
            Assert.True(href is not null, $"An existing {type} has no link, so the audit log would call it deleted");
            Assert.StartsWith($"/orgs/{org}", href);
        }
    }

    [Fact]
    public async Task An_existing_prompt_template_links_to_its_editor_and_is_not_called_deleted()
    {
        var admin = await SignInAsync("admin@acme.test");
        var acme = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var template = await Service<Builder.Domain.PromptTemplates.PromptTemplateService>().CreateAsync(admin, acme, new Builder.Domain.PromptTemplates.PromptTemplateInput("Audited template", PromptText: "Hi"));

        var page = RenderWithProviders<AuditPage>(new() { ["OrgId"] = acme });
        page.WaitForAssertion(() => Assert.Contains("Audited template", page.Find(".mud-table-body").TextContent));

        var link = page.FindAll("[data-testid='audit-resource-link']").Single(a => a.TextContent.Trim() == "Audited template");
        Assert.Equal($"/orgs/{acme}/prompt-templates/{template.Id}", link.GetAttribute("href"));
        Assert.DoesNotContain(page.FindAll(".mud-table-body tr"), r => r.TextContent.Contains("Audited template") && r.TextContent.Contains("(deleted)"));
    }

    [Fact]
    public void The_export_link_carries_the_filters()
    {
        var org = Guid.Parse("8a86273a-6a70-4622-b64d-3a82c2c0029b");
        var filter = new AuditFilter(ResourceTypes.ApiKey, "a&b", new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal($"/api/audit/export?organizationId={org}&resourceType=api-key&actor=a%26b&from=2026-11-01T00%3A00%3A00.0000000Z",
            AuditLinks.Export(org, filter));
    }

    [Fact]
    public void Filters_name_types_in_words_and_dates_in_the_console_format()
    {
        var filters = Context.Render<AuditFilters>(p => p.Add(f => f.Value,
            new AuditFilterValues(ResourceTypes.WorkflowEntity, null, new MudBlazor.DateRange(new DateTime(2026, 11, 1), new DateTime(2026, 11, 2)))));

        var inputs = filters.FindAll("input").Select(i => i.GetAttribute("value")).ToList();
        Assert.Contains("Workflow entity", inputs);
        Assert.Contains("2026-11-01", inputs);
        Assert.Contains("2026-11-02", inputs);
        Assert.DoesNotContain(inputs, v => v is not null && v.Contains("11/01/2026"));
    }

    private static AuditEntry Entry(Guid organization, string type, Guid resource, string action, string fields,
        string? name = null, string? environmentName = null, Guid? environment = null) => new()
    {
        At = DateTime.UtcNow, ActorEmail = "admin@acme.test", OrganizationId = organization, EnvironmentId = environment,
        ResourceType = type, ResourceId = resource, Action = action, ChangedFields = fields, ResourceName = name, EnvironmentName = environmentName,
    };

    private async Task AddAsync(params AuditEntry[] entries)
    {
        await using var db = Service<IBuilderDbContextFactory>().Create();
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync();
    }
}
