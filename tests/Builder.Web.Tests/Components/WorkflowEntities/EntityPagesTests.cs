using System.Text.Json.Nodes;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Builder.Web.Features.WorkflowEntities;
using Microsoft.AspNetCore.Components;

namespace Builder.Web.Tests.Components.WorkflowEntities;

/// <summary>The entity library list and editor over the real services: save, conflicts, read-only access, testing and deleting.</summary>
public sealed class EntityPagesTests : ConsoleTestContext
{
    private const string Condition = """
        {"type":"group","operator":"AND","conditions":[
          {"type":"rule","field":"message.type","comparison":"equals","value":"user.signup"},
          {"type":"group","operator":"OR","conditions":[
            {"type":"rule","field":"message.user.plan","comparison":"in","value":["pro","team"]},
            {"type":"rule","field":"message.user.vip","comparison":"exists"}
          ]}
        ]}
        """;

    private Guid _org;

    private async Task<WorkflowEntityView> SeedAsync()
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        return await Service<WorkflowEntityService>().CreateAsync(admin, _org, new WorkflowEntityInput(
            "Welcome pro users", "Greets new paying users", WorkflowEntityType.BuiltIn[0].Id, null, JsonNode.Parse(Condition),
            "return true;", null, [new EntityArgument("userId", "{{message.user.id}}", "Who to greet")]));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderEditor(Guid? entityId)
    {
        var page = RenderWithProviders<EntityEditorPage>(new() { ["OrgId"] = _org, ["EntityId"] = entityId });
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("input[aria-label='Sample message'], textarea[aria-label='Sample message']")));
        return page;
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string text) =>
        page.FindAll("button").First(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task The_editor_shows_a_stored_condition_as_nested_groups_and_rules()
    {
        var entity = await SeedAsync();

        var page = RenderEditor(entity.Id);

        Assert.Equal("message.type", page.Find("input[aria-label='Field of rule 1']").GetAttribute("value"));
        Assert.Equal("[\"pro\",\"team\"]", page.Find("input[aria-label='Value of rule 2.1']").GetAttribute("value"));
        Assert.Empty(page.FindAll("input[aria-label='Value of rule 2.2']")); // exists takes no value
        Assert.Equal("userId", page.Find("input[aria-label='Name of argument 1']").GetAttribute("value"));
    }

    [Fact]
    public async Task The_test_panel_evaluates_a_pasted_message_rule_by_rule()
    {
        var entity = await SeedAsync();
        var page = RenderEditor(entity.Id);

        page.Find("textarea[aria-label='Sample message']").Input("""{"type":"user.signup","user":{"id":7,"plan":"free"}}""");
        Button(page, "Run test").Click();

        page.WaitForAssertion(() => Assert.Contains("The condition does not hold", page.Find("[data-testid='test-result']").TextContent));
        var rows = page.FindAll("[data-testid='rule-result']");
        Assert.Equal(3, rows.Count);
        Assert.Contains("Pass", rows[0].TextContent);
        Assert.Contains("\"free\"", rows[1].TextContent);
        Assert.Contains("Fail", rows[1].TextContent);
        Assert.Contains("not found", rows[2].TextContent);
        Assert.Contains("7", page.Find(".test-results").TextContent); // {{message.user.id}} filled in

        page.Find("textarea[aria-label='Sample message']").Input("""{"type":"user.signup","user":{"plan":"team"}}""");
        Button(page, "Run test").Click();
        page.WaitForAssertion(() => Assert.Contains("The condition holds", page.Find("[data-testid='test-result']").TextContent));
    }

    [Fact]
    public async Task The_test_panel_refuses_a_sample_that_is_not_json()
    {
        var entity = await SeedAsync();
        var page = RenderEditor(entity.Id);

        page.Find("textarea[aria-label='Sample message']").Input("{ type: signup");
        Button(page, "Run test").Click();

        page.WaitForAssertion(() => Assert.Contains("The sample JSON is not valid: unexpected character 't' at line 1, column 3.", page.Markup));
        Assert.Empty(page.FindAll("[data-testid='rule-result']"));
    }

    [Fact]
    public async Task The_test_panel_uses_unsaved_edits_to_the_condition()
    {
        var entity = await SeedAsync();
        var page = RenderEditor(entity.Id);

        page.Find("input[aria-label='Value of rule 1']").Change("user.login");
        page.Find("textarea[aria-label='Sample message']").Input("""{"type":"user.login","user":{"vip":true}}""");
        Button(page, "Run test").Click();

        page.WaitForAssertion(() => Assert.Contains("The condition holds", page.Find("[data-testid='test-result']").TextContent));
    }

    [Fact]
    public async Task A_guest_sees_the_editor_read_only()
    {
        var entity = await SeedAsync();
        await SignInAsync("guest@acme.test");

        var page = RenderEditor(entity.Id);

        Assert.Contains("Read-only", page.Markup);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() is "Save" or "Add argument" or "Remove condition");
        Assert.All(page.FindAll("input:not([type='hidden'])"), i => Assert.True(i.HasAttribute("disabled"), i.OuterHtml));
        Assert.Empty(page.FindAll("button[aria-label^='Remove']"));
        // Testing the condition is still possible.
        Assert.False(Button(page, "Run test").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_guest_cannot_open_a_new_entity()
    {
        await SeedAsync();
        await SignInAsync("guest@acme.test");

        var page = RenderWithProviders<EntityEditorPage>(new() { ["OrgId"] = _org, ["EntityId"] = null });

        page.WaitForAssertion(() => Assert.Contains("No access", page.Markup));
    }

    [Fact]
    public async Task Creating_an_entity_saves_it_through_the_service_and_opens_it()
    {
        await SeedAsync();
        var page = RenderEditor(null);

        page.Find(".details-name input").Change("Route tickets");
        page.FindAll("button").Single(b => b.TextContent.Contains("Add a condition")).Click();
        ChangeWhenShown(page, "input[aria-label='Field of rule 1']", "message.kind");
        ChangeWhenShown(page, "input[aria-label='Value of rule 1']", "ticket");
        Button(page, "Add argument").Click();
        ChangeWhenShown(page, "input[aria-label='Name of argument 1']", "queue");
        ChangeWhenShown(page, "input[aria-label='Value of argument 1']", "{{message.queue}}");
        page.FindAll("button").First(b => b.TextContent.Trim() == "Create entity").Click();

        var admin = await ActorAsync("admin@acme.test");
        var entities = Service<WorkflowEntityService>();
        var created = await WaitForAsync(async () =>
            (await entities.ListAsync(admin, new WorkflowEntityFilter(_org, null), new Builder.Domain.Common.PageRequest(Search: "Route tickets"))).Items.SingleOrDefault());
        var view = await entities.GetAsync(admin, created.Id);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"type":"group","operator":"AND","conditions":[{"type":"rule","field":"message.kind","comparison":"equals","value":"ticket"}]}
            """), view.Condition));
        Assert.Equal([new EntityArgument("queue", "{{message.queue}}", null)], view.Arguments);
        page.WaitForAssertion(() => Assert.EndsWith(EntityLinks.Edit(_org, created.Id), Service<NavigationManager>().Uri));
        page.WaitForAssertion(() => Assert.Contains("Entity Route tickets created", page.Markup));
    }

    [Fact]
    public async Task Saving_shows_the_servers_field_messages()
    {
        var entity = await SeedAsync();
        var page = RenderEditor(entity.Id);

        page.Find(".details-name input").Change("   ");
        Button(page, "Add argument").Click();
        page.WaitForElement("input[aria-label='Name of argument 2']").Change("USERID");
        Assert.Contains("This name is used twice.", page.Markup);
        page.FindAll("button").First(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("Name is required", page.Find(".details-name").TextContent));
        Assert.Equal("Welcome pro users", (await Service<WorkflowEntityService>().GetAsync(await ActorAsync("admin@acme.test"), entity.Id)).Name);
    }

    [Fact]
    public async Task Saving_an_edit_updates_the_entity()
    {
        var entity = await SeedAsync();
        var page = RenderEditor(entity.Id);

        page.Find("button[aria-label='Move group 2 up']").Click();
        page.WaitForElement("input[aria-label='Field of rule 2']").Change("message.event");
        page.FindAll("button").First(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("Entity Welcome pro users saved", page.Markup));
        var saved = await Service<WorkflowEntityService>().GetAsync(await ActorAsync("admin@acme.test"), entity.Id);
        Assert.Equal("group", saved.Condition!["conditions"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("message.event", saved.Condition["conditions"]![1]!["field"]!.GetValue<string>());
        Assert.NotEqual(entity.Version, saved.Version);
    }

    [Fact]
    public async Task A_stale_save_opens_the_conflict_dialog_naming_who_changed_it()
    {
        var entity = await SeedAsync();
        var page = RenderEditor(entity.Id);
        var reviewer = await ActorAsync("reviewer@acme.test");
        await Service<WorkflowEntityService>().UpdateAsync(reviewer, entity.Id, new WorkflowEntityInput(
            "Welcome paying users", entity.Description, entity.WorkflowEntityTypeId, null, entity.Condition, entity.Script, null, entity.Arguments), entity.Version);

        page.Find(".details-name input").Change("My name");
        page.FindAll("button").First(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("reviewer@acme.test", page.Find(".mud-dialog").TextContent));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Reload")).Click();
        page.WaitForAssertion(() => Assert.Equal("Welcome paying users", page.Find(".details-name input").GetAttribute("value")));
        Assert.Equal("Welcome paying users", (await Service<WorkflowEntityService>().GetAsync(reviewer, entity.Id)).Name);
    }

    [Fact]
    public async Task The_list_shows_entities_with_their_type_and_opens_the_editor()
    {
        var entity = await SeedAsync();

        var page = RenderWithProviders<EntitiesPage>(new() { ["OrgId"] = _org });

        page.WaitForAssertion(() => Assert.Contains("Welcome pro users", page.Find(".mud-table-body").TextContent));
        var row = page.Find(".mud-table-body tr");
        Assert.Contains("Event", row.QuerySelector(".type-chip")!.TextContent);
        Assert.Contains("--type-color: #2e7d32", row.QuerySelector(".type-chip")!.GetAttribute("style"));
        Assert.Contains("All environments", row.TextContent);
        Assert.Equal(EntityLinks.Edit(_org, entity.Id), row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("New entity"));
    }

    [Fact]
    public async Task Deleting_an_entity_a_workflow_uses_shows_how_many_use_it()
    {
        var entity = await SeedAsync();
        var admin = await ActorAsync("admin@acme.test");
        var development = await EnvironmentIdAsync(_org, "Development");
        var node = new JsonObject
        {
            ["name"] = "Signup", ["entityId"] = entity.Id.ToString(), ["entityType"] = "event",
            ["presentation"] = new JsonObject { ["type"] = "circle", ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } },
            ["children"] = new JsonArray(),
        };
        await Service<WorkflowService>().CreateAsync(admin, development, new WorkflowInput("Onboarding", null, new JsonObject { ["root"] = node }));
        var page = RenderWithProviders<EntitiesPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains("Welcome pro users", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Delete Welcome pro users']").Click();

        // Refused before anyone types a reason: the dialog names the workflow and offers only Close.
        page.WaitForAssertion(() => Assert.Contains("is used by 1 workflow and cannot be deleted", page.Find(".mud-dialog").TextContent));
        Assert.Contains("Onboarding", page.Find(".mud-dialog").TextContent);
        Assert.Empty(page.FindAll(".request-justification"));
        Assert.Contains("Welcome pro users", page.Find(".mud-table-body").TextContent);
        Assert.False(await DeletionPendingAsync(entity.Id));
    }

    [Fact]
    public async Task Deleting_an_entity_someone_changed_since_the_list_loaded_shows_the_conflict_and_keeps_it()
    {
        var entity = await SeedAsync();
        var page = RenderWithProviders<EntitiesPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains("Welcome pro users", page.Find(".mud-table-body").TextContent));
        var reviewer = await ActorAsync("reviewer@acme.test");
        await Service<WorkflowEntityService>().UpdateAsync(reviewer, entity.Id, new WorkflowEntityInput(
            "Welcome pro users", "Edited meanwhile", entity.WorkflowEntityTypeId, null, entity.Condition, entity.Script, null, entity.Arguments), entity.Version);

        page.Find("button[aria-label='Delete Welcome pro users']").Click();
        SendDeletionRequest(page);

        // The request is refused as a stale save is: the conflict dialog, nothing asked, nothing changed.
        page.WaitForAssertion(() => Assert.Contains("Someone else changed this", page.Markup));
        Assert.Equal("Edited meanwhile", (await Service<WorkflowEntityService>().GetAsync(reviewer, entity.Id)).Description);
        Assert.False(await DeletionPendingAsync(entity.Id));
    }

    [Fact]
    public async Task Deleting_an_unused_entity_asks_a_reviewer_and_it_goes_once_approved()
    {
        var entity = await SeedAsync();
        var page = RenderWithProviders<EntitiesPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains("Welcome pro users", page.Find(".mud-table-body").TextContent));

        page.Find("button[aria-label='Delete Welcome pro users']").Click();
        page.WaitForAssertion(() => Assert.Contains("No workflow uses it", page.Find(".mud-dialog").TextContent));
        SendDeletionRequest(page);

        page.WaitForAssertion(() => Assert.Contains("Deletion requested", page.Find(".mud-table-body").TextContent));
        Assert.Equal(Builder.Domain.Approvals.ApprovalStatus.Executed, (await ApproveDeletionAsync(entity.Id)).Status);
        await Assert.ThrowsAsync<NotFoundException>(async () => await Service<WorkflowEntityService>().GetAsync(await ActorAsync("admin@acme.test"), entity.Id));
    }

    [Fact]
    public async Task A_user_sees_the_list_without_create_or_delete()
    {
        await SeedAsync();
        await SignInAsync("builder@acme.test");

        var page = RenderWithProviders<EntitiesPage>(new() { ["OrgId"] = _org });

        page.WaitForAssertion(() => Assert.Contains("Welcome pro users", page.Find(".mud-table-body").TextContent));
        Assert.DoesNotContain("New entity", page.Markup);
        Assert.Empty(page.FindAll("a[aria-label^='Edit'], button[aria-label^='Delete']"));
        Assert.NotEmpty(page.FindAll("a[aria-label='View Welcome pro users']"));
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe) where T : class
    {
        // Polls until the save lands, within the same bound as bUnit's waits (BunitDefaults).
        var deadline = DateTime.UtcNow + BunitContext.DefaultWaitTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(50);
        }
        throw new TimeoutException("The entity was not saved.");
    }
}
