using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Connectors;
using Builder.Web.Features.Connectors;

namespace Builder.Web.Tests.Components.Connectors;

/// <summary>
/// The Connectors page when an edit moves a connector's host to another origin while keeping its stored credentials: the
/// dialog stays open with the reason under the host field, naming the credentials to enter again, and nothing is saved.
/// </summary>
public sealed class ConnectorHostMoveTests : ConsoleTestContext
{
    private const string Canary = "CANARY-host-move-71b2c4e0-do-not-leak";

    [Fact]
    public async Task Moving_the_host_shows_which_credentials_to_enter_again_and_saves_nothing()
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var connector = await Service<ConnectorService>().CreateAsync(admin, org, "GHOST",
            new ConnectorInput("Blog", new Dictionary<string, string?> { ["hostUrl"] = "https://acme.ghost.io" },
                new Dictionary<string, string?> { ["adminApiKey"] = Canary }));
        var page = RenderWithProviders<ConnectorsPage>(new() { ["OrgId"] = org });
        page.WaitForAssertion(() => Assert.Contains("Blog", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Edit Blog']").Click();
        page.WaitForAssertion(() => Assert.Equal("https://acme.ghost.io", page.Find("input[data-testid='field-hostUrl']").GetAttribute("value")));
        ChangeWhenShown(page, "input[data-testid='field-hostUrl']", "https://blog.attacker.example");
        page.InvokeAsync(() => page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Save").Click()).GetAwaiter().GetResult();

        page.WaitForAssertion(() => Assert.Contains("another origin", page.Find(".connector-dialog").TextContent));
        Assert.Contains("stored value of adminApiKey would be sent there: enter it again", page.Find(".connector-dialog").TextContent);
        Assert.DoesNotContain(Canary, page.Markup);
        var after = await Service<ConnectorService>().GetAsync(admin, connector.Id);
        Assert.Equal(("https://acme.ghost.io", connector.Version), (after.Fields["hostUrl"], after.Version));
    }
}
