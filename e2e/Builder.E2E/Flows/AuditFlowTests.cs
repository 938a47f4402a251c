using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.E2E.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Builder.E2E.Flows;

/// <summary>
/// An admin reads the audit log by names: a resource that still exists opens from its name, a deleted one reads
/// "(deleted)", and "Export CSV" downloads the same records as a file (the router does not take the click).
/// </summary>
[Collection(BuilderAppCollection.Name)]
public sealed class AuditFlowTests(BuilderAppFixture app)
{
    [Fact]
    public async Task The_log_names_resources_links_the_living_ones_and_exports_csv()
    {
        var acme = await app.OrganizationIdAsync(SeededData.Acme);
        var environmentName = "Audit staging " + Guid.NewGuid().ToString("N")[..6];
        var environment = await app.CreateAcmeEnvironmentAsync(environmentName);
        await AddAsync(
            Entry(acme, ResourceTypes.Environment, environment, AuditActions.Updated, "name,description", environmentName, environmentName, environment),
            Entry(acme, ResourceTypes.Variable, Guid.NewGuid(), AuditActions.Updated, "value:cleared", "STRIPE_SECRET_KEY", environmentName, environment),
            Entry(acme, ResourceTypes.Member, Guid.NewGuid(), AuditActions.RoleChanged, "role", "former.colleague@acme.test"),
            Entry(acme, ResourceTypes.Workflow, Guid.NewGuid(), AuditActions.Deleted, "", "Route " + new string('x', 180), environmentName, environment));

        var page = await app.NewSignedInPageAsync("admin@acme.test");
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync($"/orgs/{acme}/audit");
        var body = page.Locator(".mud-table-body");
        await Expect(body).ToContainTextAsync("STRIPE_SECRET_KEY");
        await page.WaitForInteractiveAsync(page.GetByLabel("Actor"));
        await Expect(body).ToContainTextAsync("cleared the value");
        await Expect(body).ToContainTextAsync("changed the role");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "STRIPE_SECRET_KEY" })).ToContainTextAsync("(deleted)");
        var scroll = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        Assert.False(scroll, "A 180-character name must not widen the page at 1440 px");
        await page.SaveScreenshotAsync("audit-1440");
        await page.SetViewportSizeAsync(390, 844);
        await page.SaveScreenshotAsync("audit-390");
        var overflow = await page.EvaluateAsync<int>("() => { const card = document.querySelector('.grid-card'); return Math.round(card.querySelector('table').getBoundingClientRect().width - card.clientWidth); }");
        Assert.True(overflow <= 1, $"At 390 px the audit table is {overflow} px wider than its card");
        await page.SetViewportSizeAsync(1440, 900);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-export").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("When (UTC),Actor,Via API key,Action,Resource type,Resource,", csv);
        Assert.Contains($",cleared the value,Variable,STRIPE_SECRET_KEY,", csv);
        Assert.EndsWith(".csv", download.SuggestedFilename);

        await page.GetByTestId("audit-resource-link").Filter(new() { HasText = environmentName }).First.ClickAsync();
        await page.WaitForURLAsync(PageExtensions.AppUrl(app.BaseUrl, $"/orgs/{acme}/envs/{environment}/variables"));
    }

    private static AuditEntry Entry(Guid organization, string type, Guid resource, string action, string fields,
        string? name = null, string? environmentName = null, Guid? environment = null) => new()
    {
        At = DateTime.UtcNow, ActorEmail = "admin@acme.test", OrganizationId = organization, EnvironmentId = environment,
        ResourceType = type, ResourceId = resource, Action = action, ChangedFields = fields, ResourceName = name, EnvironmentName = environmentName,
    };

    private async Task AddAsync(params AuditEntry[] entries)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IBuilderDbContextFactory>().Create();
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync();
    }
}
