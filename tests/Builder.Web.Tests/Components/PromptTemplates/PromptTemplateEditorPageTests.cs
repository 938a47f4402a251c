using System.Text.Json.Nodes;
using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Users;
using Builder.Web.Features.PromptTemplates;

namespace Builder.Web.Tests.Components.PromptTemplates;

/// <summary>The prompt-template editor over the real service: variable detection, the sets table, saving with a message, conflicts, read-only access.</summary>
public sealed class PromptTemplateEditorPageTests : ConsoleTestContext
{
    private Guid _org;

    private async Task<PromptTemplateView> SeedAsync(string text, Dictionary<string, string> variables, IReadOnlyList<PromptVariableSet>? sets = null)
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        return await Service<PromptTemplateService>().CreateAsync(admin, _org,
            new PromptTemplateInput("Welcome", "Greets new users", text, null, null, variables, sets ?? [], "First draft"));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderEditor(Guid templateId)
    {
        var page = RenderWithProviders<PromptTemplateEditorPage>(new() { ["OrgId"] = _org, ["TemplateId"] = templateId });
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='variables-panel']")));
        return page;
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string text) =>
        page.FindAll("button").First(b => b.TextContent.Trim() == text);

    private static Dictionary<string, string> Vars(params (string Name, string Type)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Type);

    [Fact]
    public async Task The_editor_asks_a_reviewer_to_delete_the_template_and_keeps_it_open()
    {
        var template = await SeedAsync("Hello {{name}}", Vars(("name", "string")));
        var page = RenderEditor(template.Id);

        await page.InvokeAsync(() => page.Find("button[aria-label='Delete Welcome']").Click());
        page.WaitForAssertion(() => Assert.Contains("Request deletion of prompt template “Welcome”", page.Find(".mud-dialog").TextContent));
        SendDeletionRequest(page, "Superseded by Welcome v2");

        page.WaitForAssertion(() => Assert.Contains("Sent to a reviewer", page.Markup));
        Assert.True(await DeletionPendingAsync(template.Id));
        Assert.NotEmpty(page.FindAll("[data-testid='variables-panel']"));
    }

    [Fact]
    public async Task The_panel_offers_undeclared_variables_and_marks_declared_ones_the_text_never_uses()
    {
        var template = await SeedAsync("Hi {{userName}}, your {{plan}} renews on {{ renewal }}.", Vars(("userName", "string"), ("tone", "string")));
        var page = RenderEditor(template.Id);

        var found = page.Find("[data-testid='found-variables']");
        Assert.Equal(["plan", "renewal"], found.QuerySelectorAll(".variable-row").Select(r => r.GetAttribute("data-variable")));
        var tone = page.Find(".variable-row[data-variable='tone']");
        Assert.Contains("not used in the text", tone.TextContent);
        Assert.DoesNotContain("not used in the text", page.Find(".variable-row[data-variable='userName']").TextContent);

        page.Find("button[aria-label='Declare plan']").Click();

        page.WaitForAssertion(() => Assert.Equal(["renewal"],
            page.Find("[data-testid='found-variables']").QuerySelectorAll(".variable-row").Select(r => r.GetAttribute("data-variable"))));
        Assert.NotEmpty(page.FindAll(".variable-row[data-variable='plan'] button[aria-label='Remove variable plan']"));
        // The new variable gets a column in the sets table.
        Assert.Contains("plan", page.Find("[data-testid='sets-table'] thead").TextContent);
    }

    [Fact]
    public async Task Declaring_all_and_saving_with_a_message_makes_a_new_version_in_the_history()
    {
        var template = await SeedAsync("Hi {{userName}} on {{plan}}", Vars(("userName", "string")));
        var page = RenderEditor(template.Id);

        page.Find("button[aria-label='Declare plan']").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='found-variables']")));
        page.Find(".commit-message input").Change("Declare the plan");
        Button(page, "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("Saved as version 2", page.Markup));
        var saved = await Service<PromptTemplateService>().GetAsync(await ActorAsync("admin@acme.test"), template.Id);
        Assert.Equal(2, saved.Version);
        Assert.Equal("string", saved.Variables["plan"]);
        page.WaitForAssertion(() => Assert.Contains("Declare the plan", page.Find("[data-testid='version-history']").TextContent));
        var rows = page.FindAll("[data-testid='version-history'] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.StartsWith("v2", rows[0].TextContent.Trim());
        Assert.Contains("First draft", rows[1].TextContent);
    }

    [Fact]
    public async Task The_sets_table_checks_each_cell_against_its_type_and_names_must_differ()
    {
        var template = await SeedAsync("{{age}} {{vip}} {{profile}}", Vars(("age", "number"), ("vip", "boolean"), ("profile", "json")),
            [new PromptVariableSet("Adult", new Dictionary<string, JsonNode?> { ["age"] = 42, ["vip"] = true })]);
        var page = RenderEditor(template.Id);
        Assert.Equal("42", page.Find("input[aria-label='age in set 1']").GetAttribute("value"));
        Assert.Equal("true", page.Find("input[aria-label='vip in set 1']").GetAttribute("value"));

        Button(page, "Add set").Click();
        page.WaitForElement("input[aria-label='age in set 2']").Change("forty");
        page.Find("input[aria-label='vip in set 2']").Change("maybe");
        page.Find("input[aria-label='profile in set 2']").Change("{ not json");
        page.Find("input[aria-label='Name of set 2']").Change("adult");

        page.WaitForAssertion(() => Assert.Contains("'forty' is not a number.", page.Markup));
        Assert.Contains("Enter true or false.", page.Markup);
        Assert.Contains("This is not valid JSON", page.Markup);
        Assert.Contains("Two variable sets are named 'adult'.", page.Markup);

        Button(page, "Save").Click();
        page.WaitForAssertion(() => Assert.Contains("fix the marked cells first", page.Markup));
        Assert.Equal(1, (await Service<PromptTemplateService>().GetAsync(await ActorAsync("admin@acme.test"), template.Id)).Version);

        page.Find("input[aria-label='age in set 2']").Change("17");
        page.Find("input[aria-label='vip in set 2']").Change("false");
        page.Find("input[aria-label='profile in set 2']").Change("""{"city":"Oslo"}""");
        page.Find("input[aria-label='Name of set 2']").Change("Teen");
        page.WaitForAssertion(() => Assert.DoesNotContain("is not a number", page.Markup));
        Button(page, "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("Saved as version 2", page.Markup));
        var saved = await Service<PromptTemplateService>().GetAsync(await ActorAsync("admin@acme.test"), template.Id);
        var teen = saved.VariableSets.Single(s => s.Name == "Teen");
        Assert.Equal(17m, teen.Values["age"]!.GetValue<decimal>());
        Assert.False(teen.Values["vip"]!.GetValue<bool>());
        Assert.Equal("Oslo", teen.Values["profile"]!["city"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stale_save_opens_the_conflict_dialog_and_reload_shows_the_other_change()
    {
        var template = await SeedAsync("Hi {{userName}}", Vars(("userName", "string")));
        var page = RenderEditor(template.Id);
        var reviewer = await ActorAsync("reviewer@acme.test");
        await Service<PromptTemplateService>().UpdateAsync(reviewer, template.Id, new PromptTemplateInput(Name: "Welcome back"), template.ConcurrencyToken);

        page.Find(".details-name input").Change("My name");
        Button(page, "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("reviewer@acme.test", page.Find(".mud-dialog").TextContent));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Reload")).Click();
        page.WaitForAssertion(() => Assert.Equal("Welcome back", page.Find(".details-name input").GetAttribute("value")));
        Assert.Equal("Welcome back", (await Service<PromptTemplateService>().GetAsync(reviewer, template.Id)).Name);
    }

    [Fact]
    public async Task A_guest_sees_the_template_read_only()
    {
        var template = await SeedAsync("Hi {{userName}} {{plan}}", Vars(("userName", "string")),
            [new PromptVariableSet("One", new Dictionary<string, JsonNode?> { ["userName"] = "Sarah" })]);
        await SignInAsync("guest@acme.test");

        var page = RenderEditor(template.Id);

        Assert.Contains("Read-only", page.Markup);
        Assert.NotEmpty(page.FindAll("[data-testid='read-only-note']"));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Trim() is "Save" or "Add set" or "Declare");
        Assert.Empty(page.FindAll("button[aria-label^='Remove'], button[aria-label^='Declare']"));
        // Every field of the template is disabled; the history's compare ticks and the Run and Sentiment sections' inputs are not
        // (a Guest compares versions, runs and analyzes, as entities:read allows).
        Assert.All(page.FindAll("input:not([type='hidden']):not(.history-check), textarea")
                .Where(i => i.Closest("[data-testid='run-panel'], [data-testid='sentiment-panel']") is null),
            i => Assert.True(i.HasAttribute("disabled"), i.OuterHtml));
        Assert.All(page.FindAll("input.history-check"), i => Assert.False(i.HasAttribute("disabled"), i.OuterHtml));
        Assert.Contains("not declared", page.Find("[data-testid='found-variables']").TextContent);
        Assert.Equal("Sarah", page.Find("input[aria-label='userName in set 1']").GetAttribute("value"));
    }

    [Fact]
    public async Task A_template_of_another_organization_is_not_found()
    {
        var template = await SeedAsync("Hi", []);
        var other = await OrganizationIdAsync(DevelopmentSeed.GlobexName);
        await SignInAsync("system@builder.local");

        var page = RenderWithProviders<PromptTemplateEditorPage>(new() { ["OrgId"] = other, ["TemplateId"] = template.Id });

        page.WaitForAssertion(() => Assert.Contains("Not found", page.Markup));
    }

    [Fact]
    public async Task The_model_picker_offers_the_organizations_models_and_visible_system_models_and_saves_the_choice()
    {
        var template = await SeedAsync("Hi {{userName}}", Vars(("userName", "string")));
        const string url = "https://api.openai.com/v1/chat/completions";
        var admin = await ActorAsync("admin@acme.test");
        var system = await ActorAsync("system@builder.local");
        await Service<Builder.Domain.Models.ModelService>().CreateAsync(admin, _org, new Builder.Domain.Models.ModelInput("Acme mini", url, "gpt-4o-mini"));
        await Service<Builder.Domain.Models.ModelService>().CreateSystemAsync(system, new Builder.Domain.Models.ModelInput("Shared big", url, "gpt-4o", IsVisible: true));
        await Service<Builder.Domain.Models.ModelService>().CreateSystemAsync(system, new Builder.Domain.Models.ModelInput("Hidden one", url, "gpt-4o"));
        var page = RenderEditor(template.Id);

        page.FindAll(".details-model.mud-input-control, .details-model .mud-input-control").First().MouseDown();
        var items = page.WaitForElements(".mud-popover-open .mud-list-item");
        Assert.Equal(["No model", "Acme mini", "Shared big (system)"], items.Select(i => i.TextContent.Trim()));
        items.Single(i => i.TextContent.Trim() == "Shared big (system)").Click();
        Button(page, "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("Saved as version 2", page.Markup));
        var saved = await Service<PromptTemplateService>().GetAsync(admin, template.Id);
        Assert.Equal("Shared big", saved.Model?.Name);
    }

    [Fact]
    public async Task Choosing_no_model_and_all_environments_saves_the_clear()
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var model = await Service<Builder.Domain.Models.ModelService>().CreateAsync(admin, _org,
            new Builder.Domain.Models.ModelInput("Acme mini", "https://api.openai.com/v1/chat/completions", "gpt-4o-mini"));
        var production = (await Service<Builder.Domain.Environments.EnvironmentService>().ListAsync(admin, _org, new PageRequest(1, 100)))
            .Items.Single(e => e.Name == "Production");
        var template = await Service<PromptTemplateService>().CreateAsync(admin, _org,
            new PromptTemplateInput("Welcome", null, "Hi {{userName}}", model.Id, production.Id, Vars(("userName", "string")), [], null));
        var page = RenderEditor(template.Id);

        page.FindAll(".details-model.mud-input-control, .details-model .mud-input-control").First().MouseDown();
        page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "No model").Click();
        page.FindAll(".details-environment.mud-input-control, .details-environment .mud-input-control").First().MouseDown();
        page.WaitForElements(".mud-popover-open .mud-list-item").Single(i => i.TextContent.Trim() == "All environments").Click();
        Button(page, "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("Saved as version 2", page.Markup));
        var saved = await Service<PromptTemplateService>().GetAsync(admin, template.Id);
        Assert.Equal((null, null), (saved.ModelId, saved.EnvironmentId));
    }

    [Fact]
    public async Task Leaving_with_unsaved_edits_asks_first()
    {
        var template = await SeedAsync("Hi {{userName}}", Vars(("userName", "string")));
        var page = RenderEditor(template.Id);

        page.Find(".details-name input").Change("Edited");
        Service<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(PromptTemplateLinks.List(_org));

        page.WaitForAssertion(() => Assert.Contains("Leave without saving", page.Find(".mud-dialog").TextContent));
    }

    [Fact]
    public async Task The_history_lists_versions_newest_first_a_page_at_a_time()
    {
        var template = await SeedAsync("Hi {{userName}}", Vars(("userName", "string")));
        var admin = await ActorAsync("admin@acme.test");
        var templates = Service<PromptTemplateService>();
        var token = template.ConcurrencyToken;
        for (var i = 2; i <= 12; i++)
            token = (await templates.UpdateAsync(admin, template.Id, new PromptTemplateInput(PromptText: $"Hi {{{{userName}}}} #{i}", Message: $"Edit {i}"), token)).ConcurrencyToken;
        var page = RenderEditor(template.Id);

        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("[data-testid='version-history'] tbody tr").Count));
        var rows = page.FindAll("[data-testid='version-history'] tbody tr");
        Assert.StartsWith("v12", rows[0].TextContent.Trim());
        Assert.Contains("Edit 12", rows[0].TextContent);
        Assert.StartsWith("v3", rows[9].TextContent.Trim());
        Assert.Contains("Page 1 of 2", page.Markup);

        Button(page, "Older").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='version-history'] tbody tr").Count));
        Assert.Contains("First draft", page.FindAll("[data-testid='version-history'] tbody tr")[1].TextContent);
    }

    [Fact]
    public async Task Leaving_without_edits_does_not_ask()
    {
        var template = await SeedAsync("Hi {{userName}}", Vars(("userName", "string")),
            [new PromptVariableSet("One", new Dictionary<string, JsonNode?> { ["userName"] = "Sarah" })]);
        var page = RenderEditor(template.Id);
        var arrived = ArrivalAsync(uri => uri.EndsWith(PromptTemplateLinks.List(_org)));

        Service<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(PromptTemplateLinks.List(_org));

        await arrived;
        Assert.Empty(page.FindAll(".mud-dialog"));
    }
}
