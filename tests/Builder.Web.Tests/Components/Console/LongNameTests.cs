using System.Text.Json.Nodes;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.Web.Components.Shared;
using Builder.Web.Features.Workflows;

namespace Builder.Web.Tests.Components.Console;

/// <summary>Long names are cut with an ellipsis (CSS class "truncate") and keep the whole name in a tooltip; page titles too.</summary>
public sealed class LongNameTests : ConsoleTestContext
{
    [Fact]
    public async Task A_200_character_workflow_name_is_truncated_with_the_whole_name_as_tooltip()
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var env = await EnvironmentIdAsync(org, "Development");
        var name = new string('w', Workflow.NameMax);
        var entity = await Service<WorkflowEntityService>().CreateAsync(admin, org,
            new WorkflowEntityInput("Start", null, WorkflowEntityType.BuiltIn[0].Id, null, null, null, null, []));
        var data = JsonNode.Parse($$"""
            { "root": { "name": "Start", "entityId": "{{entity.Id}}", "entityType": "event",
                        "presentation": { "type": "circle", "position": { "x": 0, "y": 0 } }, "children": [] } }
            """);
        await Service<WorkflowService>().CreateAsync(admin, env, new WorkflowInput(name, null, data));

        var page = RenderWithProviders<WorkflowsPage>(new() { ["OrgId"] = org, ["EnvId"] = env });

        page.WaitForAssertion(() =>
        {
            var cell = page.Find(".mud-table-body a span.truncate");
            Assert.Equal(name, cell.TextContent);
            Assert.Equal(name, cell.GetAttribute("title"));
        });
        Assert.NotEmpty(page.FindAll($"button[aria-label='Delete {name}']"));
    }

    [Fact]
    public void A_short_name_gets_no_tooltip()
    {
        var text = Context.Render<TruncatedText>(p => p.Add(t => t.Text, "Production"));

        Assert.Null(text.Find("span.truncate").GetAttribute("title"));
    }

    [Fact]
    public void The_page_title_truncates_and_carries_the_whole_title()
    {
        var title = new string('t', 200);

        var header = Context.Render<PageHeader>(p => p.Add(h => h.Title, title));

        var h1 = header.Find("h1.page-title");
        Assert.Equal(title, h1.GetAttribute("title"));
    }
}
