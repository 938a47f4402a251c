using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Access;
using Builder.Domain.Agents;
using Builder.Domain.Models;
using Builder.Domain.Tools;
using Builder.Domain.Versioning;
using Builder.Web.Features.Agents;
using Builder.Web.Features.Tools;

namespace Builder.Web.Tests.Components.Agents;

/// <summary>
/// The agent and tool editors over the real services: Save draft keeps the published version, Publish (with its note)
/// publishes the draft and saves unsaved edits first, rollback asks and republishes, the service's messages land on their
/// fields, a guest reads without editing, and the tool editor refuses to save a schema that is not JSON.
/// </summary>
public sealed class AgentEditorPageTests : ConsoleTestContext
{
    private Guid _org;
    private Actor _admin = default!;

    private async Task<(int Number, Guid Id)> SeedAgentAsync(bool publishTwice = false)
    {
        _admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var model = await Service<ModelService>().CreateAsync(_admin, _org, new ModelInput("Agent model", "http://127.0.0.1:9/v1/chat/completions", "gpt-test"));
        var agents = Service<AgentService>();
        var agent = await agents.CreateAsync(_admin, _org, new AgentInput("Support", "Answers questions", "CONVERSATIONAL", "First prompt", model.Id));
        if (publishTwice)
        {
            await agents.PublishAsync(_admin, agent.Id, "One");
            await agents.UpdateAsync(_admin, agent.Id, new AgentInput(SystemPrompt: "Second prompt"));
            await agents.PublishAsync(_admin, agent.Id, "Two");
        }
        return (agent.Number, agent.Id);
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderAgent(int number)
    {
        var page = RenderWithProviders<AgentEditorPage>(new() { ["OrgId"] = _org, ["Number"] = number });
        page.WaitForElement("[data-testid='draft-banner']");
        return page;
    }

    /// <summary>Types into an input (its change, as leaving it does), on the renderer's dispatcher.</summary>
    private static void Type(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector, string value)
    {
        page.WaitForElement(selector);
        page.InvokeAsync(() => page.Find(selector).Change(value)).GetAwaiter().GetResult();
    }

    private static void Click(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string selector) =>
        page.InvokeAsync(() => page.Find(selector).Click()).GetAwaiter().GetResult();

    [Fact]
    public async Task Saving_the_draft_changes_the_draft_only_and_publish_with_a_note_publishes_it()
    {
        var (number, id) = await SeedAgentAsync();
        var page = RenderAgent(number);
        Assert.Contains("nothing is published yet", page.Find("[data-testid='draft-banner']").TextContent);

        Type(page, ".field-system-prompt textarea", "Edited prompt");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='unsaved-note']")));
        Click(page, "[data-testid='save-draft']");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='unsaved-note']")));
        var agents = Service<AgentService>();
        Assert.Equal("Edited prompt", (await agents.GetAsync(_admin, id, VersionSelector.Draft)).Definition.SystemPrompt);
        Assert.Null((await agents.GetAsync(_admin, id, VersionSelector.Draft)).PublishedVersion);

        // Publish with unsaved edits: they are saved first, then published with the note.
        Type(page, ".field-system-prompt textarea", "Published prompt");
        Click(page, "[data-testid='publish']");
        page.WaitForAssertion(() => Assert.Contains("saved to the draft first", page.Find("[data-testid='publish-unsaved']").TextContent));
        page.InvokeAsync(() => page.Find(".publish-note input").Input("Go live")).GetAwaiter().GetResult();
        Click(page, "[data-testid='publish-confirm']");
        page.WaitForAssertion(() => Assert.Contains("published version v1", page.Find("[data-testid='draft-banner']").TextContent));
        var (_, published, version) = await agents.DefinitionAsync(_admin, id, null);
        Assert.Equal(("Published prompt", 1, "Go live"), (published.SystemPrompt, version.Number, version.Note));
    }

    [Fact]
    public async Task Publishing_without_a_model_shows_the_service_message_on_the_model_field_and_publishes_nothing()
    {
        var (number, id) = await SeedAgentAsync();
        await Service<AgentService>().UpdateAsync(_admin, id, new AgentInput(ClearModel: true));
        var page = RenderAgent(number);
        Click(page, "[data-testid='publish']");
        page.WaitForElement("[data-testid='publish-confirm']");
        Click(page, "[data-testid='publish-confirm']");
        page.WaitForAssertion(() => Assert.Contains("A published agent needs a model", page.Find(".field-model").TextContent));
        Assert.Null((await Service<AgentService>().GetAsync(_admin, id, VersionSelector.Draft)).PublishedVersion);
    }

    [Fact]
    public async Task Rolling_back_from_the_versions_tab_republishes_the_earlier_version_after_a_confirmation()
    {
        var (number, id) = await SeedAgentAsync(publishTwice: true);
        var page = RenderAgent(number);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid='version-history'] tbody tr").Count));
        Click(page, "button[aria-label='Roll back to version 1']");
        page.WaitForElement("[data-testid='rollback-confirm']");
        Assert.Equal(2, (await Service<AgentService>().GetAsync(_admin, id)).Version.Number);
        Click(page, "[data-testid='rollback-confirm']");
        page.WaitForAssertion(() => Assert.Equal("PUBLISHED", page.Find("tr[data-version='3']").GetAttribute("data-state")));
        var (_, published, version) = await Service<AgentService>().DefinitionAsync(_admin, id, null);
        Assert.Equal(("First prompt", 3, 1), (published.SystemPrompt, version.Number, version.RestoredFrom));
        Assert.Contains("v3", page.Find("[data-testid='draft-banner']").TextContent);
    }

    [Fact]
    public async Task A_guest_reads_the_agent_without_save_publish_or_rollback()
    {
        var (number, _) = await SeedAgentAsync(publishTwice: true);
        await SignInAsync("guest@acme.test");
        var page = RenderAgent(number);
        Assert.Empty(page.FindAll("[data-testid='save-draft']"));
        Assert.Empty(page.FindAll("[data-testid='publish']"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='version-history'] tbody tr")));
        Assert.Empty(page.FindAll("button[aria-label^='Roll back']"));
        Assert.True(page.Find(".field-system-prompt textarea").HasAttribute("disabled"));
    }

    [Fact]
    public async Task The_tool_editor_refuses_to_save_a_schema_that_is_not_json_and_shows_the_service_message_for_a_bad_url()
    {
        _admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var tool = await Service<ToolService>().CreateAsync(_admin, _org, new ToolInput("get_weather", "Weather of a city", Kind: "HTTP"));
        var page = RenderWithProviders<ToolEditorPage>(new() { ["OrgId"] = _org, ["Number"] = tool.Number });
        page.WaitForElement("[data-testid='draft-banner']");
        Assert.Contains("A valid object schema", page.Find("[data-testid='schema-problems']").TextContent);

        Type(page, ".field-url input", "ftp://example.test/weather");
        Click(page, "[data-testid='save-draft']");
        page.WaitForAssertion(() => Assert.Contains("must start with https://", page.Find(".field-url").TextContent));
        Assert.Equal("", (await Service<ToolService>().GetAsync(_admin, tool.Id, VersionSelector.Draft)).Definition.Http!.Url);
    }
}
