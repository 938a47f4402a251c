using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.Web.Features.Workflows;
using Builder.Web.Features.Workflows.Canvas;
using Builder.Web.Features.Workflows.Editor;
using Microsoft.AspNetCore.Components;

namespace Builder.Web.Tests.Components.Workflows;

/// <summary>The workflow editor page: its panes, the palette's server-side search, names in messages, the draft banner and the leave guard.</summary>
public sealed class WorkflowEditorPageTests : ConsoleTestContext
{
    private Guid _org, _env;
    private Actor _admin = default!;

    private async Task<WorkflowView> SeedAsync(int extraEntities = 1)
    {
        _admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        _env = await EnvironmentIdAsync(_org, "Development");
        var entities = Service<WorkflowEntityService>();
        var start = await entities.CreateAsync(_admin, _org, new WorkflowEntityInput("Order placed", null, WorkflowEntityType.BuiltIn[0].Id, null, null, null, null, []));
        for (var i = 0; i < extraEntities; i++)
            await entities.CreateAsync(_admin, _org, new WorkflowEntityInput($"Step {i:00}", null, WorkflowEntityType.BuiltIn[2].Id, null, null, null, null, []));
        var data = JsonNode.Parse($$"""
            { "root": { "id": "n62d80af9", "name": "Check order", "entityId": "{{start.Id}}", "entityType": "Event",
                        "presentation": { "type": "circle", "position": { "x": 0, "y": 0 } }, "children": [] } }
            """);
        return await Service<WorkflowService>().CreateAsync(_admin, _env, new WorkflowInput("Orders", null, data));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> Open(WorkflowView workflow)
    {
        var page = RenderWithProviders<WorkflowEditorPage>(new() { ["OrgId"] = _org, ["EnvId"] = _env, ["WorkflowId"] = workflow.Id });
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".wf-palette-item")));
        return page;
    }

    private static string EditorClass(IRenderedComponent<Bunit.Rendering.ContainerFragment> page) => page.Find(".wf-editor").GetAttribute("class")!;

    /// <summary>Finds and clicks on the renderer's dispatcher, so a render in between (the palette loading) cannot leave a stale handler.</summary>
    private static void Click(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string text) =>
        page.InvokeAsync(() => page.FindAll("button").First(b => b.TextContent.Trim() == text).Click()).GetAwaiter().GetResult();

    [Fact]
    public async Task The_editor_asks_a_reviewer_to_delete_the_workflow()
    {
        var workflow = await SeedAsync();
        var page = Open(workflow);

        await page.InvokeAsync(() => page.Find("button[aria-label='Delete Orders']").Click());
        page.WaitForAssertion(() => Assert.Contains("with all its steps", page.Find(".mud-dialog").TextContent));
        SendDeletionRequest(page, "Replaced by Orders v2");

        page.WaitForAssertion(() => Assert.Contains("Sent to a reviewer", page.Markup));
        Assert.True(await DeletionPendingAsync(workflow.Id));
    }

    [Fact]
    public async Task Problems_and_properties_name_nodes_by_their_names_never_by_internal_ids()
    {
        var page = Open(await SeedAsync());

        // Nothing selected: the palette adds a free node, a second root.
        page.Find("button[aria-label='Add Step 00 to the canvas']").Click();

        page.WaitForAssertion(() => Assert.Contains("Only one node may have no parent, and 'Check order' already is the root.", page.Find(".wf-props").TextContent));
        var props = page.Find(".wf-props").TextContent;
        Assert.DoesNotContain("n62d80af9", props);
        Assert.DoesNotContain("Node id", props);
        var newId = page.FindAll("g.wf-node").Select(n => n.GetAttribute("data-node-id")!).Single(id => id != "n62d80af9");
        Assert.DoesNotContain(newId, props);
        Assert.All(page.FindAll(".wf-badge title"), t => Assert.DoesNotContain("n62d80af9", t.TextContent));
    }

    [Fact]
    public async Task The_side_panes_collapse_on_a_wide_screen_and_are_drawers_on_a_phone()
    {
        var page = Open(await SeedAsync());
        Assert.Equal("wf-editor", EditorClass(page));

        Click(page, "Hide palette");
        Click(page, "Hide properties");
        page.WaitForAssertion(() => Assert.Contains("palette-collapsed", EditorClass(page)));
        page.WaitForAssertion(() => Assert.Contains("properties-collapsed", EditorClass(page)));
        Click(page, "Show palette");
        page.WaitForAssertion(() => Assert.DoesNotContain("palette-collapsed", EditorClass(page)));

        Click(page, "Palette");
        page.WaitForAssertion(() => Assert.Contains("drawer-palette", EditorClass(page)));
        Click(page, "Properties"); // one drawer at a time
        page.WaitForAssertion(() => Assert.Contains("drawer-properties", EditorClass(page)));
        page.WaitForAssertion(() => Assert.DoesNotContain("drawer-palette", EditorClass(page)));
        page.Find("button.wf-backdrop").Click();
        page.WaitForAssertion(() => Assert.DoesNotContain("drawer", EditorClass(page)));

        // Adding from the palette drawer closes it, so the person sees the node on the canvas.
        Click(page, "Palette");
        page.Find("button[aria-label='Add Step 00 to the canvas']").Click();
        page.WaitForAssertion(() => Assert.DoesNotContain("drawer", EditorClass(page)));
    }

    [Fact]
    public async Task The_palette_searches_the_library_on_the_server_a_page_at_a_time()
    {
        var page = Open(await SeedAsync(extraEntities: 60));

        Assert.Equal(EntityPalette.PageSize, page.FindAll(".wf-palette-item").Count);
        Assert.Contains($"Showing {EntityPalette.PageSize} of 61", page.Find(".wf-palette").TextContent);
        Click(page, "Show more");
        page.WaitForAssertion(() => Assert.Equal(61, page.FindAll(".wf-palette-item").Count));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() == "Show more");

        page.Find(".wf-palette input").Input("Step 4");
        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll(".wf-palette-item").Count));
        Assert.All(page.FindAll(".wf-palette-name"), n => Assert.StartsWith("Step 4", n.TextContent));
    }

    [Fact]
    public async Task The_draft_banner_dates_the_draft_as_the_console_dates_everything()
    {
        var workflow = await SeedAsync();
        var savedAt = new DateTime(2026, 1, 12, 18, 40, 0, DateTimeKind.Utc);
        var draft = new WorkflowDraft(workflow.Version, savedAt, [.. WorkflowJson.Read(workflow.WorkflowData).Select(n => n with { X = 300 })]);
        var module = Context.JSInterop.SetupModule("./js/workflow-canvas.js");
        module.Mode = JSRuntimeMode.Loose;
        module.Setup<string?>("loadDraft", _ => true).SetResult(JsonSerializer.Serialize(draft));

        var page = Open(workflow);

        page.WaitForAssertion(() => Assert.Contains("Unsaved edits from 2026-01-12 18:40 UTC were kept in this browser.", page.Find(".mud-alert").TextContent));
    }

    [Fact]
    public async Task Leaving_with_unsaved_edits_asks_first()
    {
        var workflow = await SeedAsync();
        var page = Open(workflow);
        var navigation = Service<NavigationManager>();
        var editor = navigation.Uri;

        page.Find("button[aria-label='Add Step 00 to the canvas']").Click();
        page.WaitForAssertion(() => Assert.Contains("Unsaved changes", page.Find("[aria-label='Save status']").TextContent));

        await page.InvokeAsync(() => navigation.NavigateTo("/elsewhere"));
        page.WaitForAssertion(() => Assert.Contains("Leave without saving?", page.Find(".mud-dialog").TextContent));
        Click(page, "Cancel");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.Equal(editor, navigation.Uri);

        await page.InvokeAsync(() => navigation.NavigateTo("/elsewhere"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog")));
        var arrival = ArrivalAsync(uri => uri.EndsWith("/elsewhere"));
        Click(page, "Leave without saving");
        await arrival;
        Assert.EndsWith("/elsewhere", navigation.Uri);
    }

    [Fact]
    public async Task The_draft_is_written_after_the_render_that_shows_the_edit_and_holds_it()
    {
        var workflow = await SeedAsync();
        var module = Context.JSInterop.SetupModule("./js/workflow-canvas.js");
        module.Mode = JSRuntimeMode.Loose;
        IRenderedComponent<Bunit.Rendering.ContainerFragment>? page = null;
        var drafts = new List<(int NodesShown, WorkflowDraft Draft)>();
        // The draft (the whole canvas as JSON) used to be sent before the render batch of the edit it kept, delaying
        // every edit's render by its size: the canvas on screen must already show the edit when the draft is written.
        module.SetupVoid("saveDraft", call =>
        {
            drafts.Add((page!.FindAll("g.wf-node").Count, JsonSerializer.Deserialize<WorkflowDraft>((string)call.Arguments[1]!)!));
            return true;
        });
        page = Open(workflow);

        page.Find("button[aria-label='Add Step 00 to the canvas']").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(drafts));
        var (shown, draft) = Assert.Single(drafts);
        Assert.Equal(2, shown);
        Assert.Equal(2, draft.Nodes.Length);
        Assert.Equal(workflow.Version, draft.Version);
    }

    [Fact]
    public async Task Leaving_without_edits_does_not_ask()
    {
        var page = Open(await SeedAsync());
        var navigation = Service<NavigationManager>();

        var arrival = ArrivalAsync(uri => uri.EndsWith("/elsewhere"));
        await page.InvokeAsync(() => navigation.NavigateTo("/elsewhere"));

        await arrival;
        Assert.Empty(page.FindAll(".mud-dialog"));
    }
}
