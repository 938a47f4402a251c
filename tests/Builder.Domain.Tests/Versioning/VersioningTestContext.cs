using Builder.Domain.Access;
using Builder.Domain.Agents;
using Builder.Domain.Managers;
using Builder.Domain.Models;
using Builder.Domain.Tables;
using Builder.Domain.Tests.Tables;
using Builder.Domain.Tools;

namespace Builder.Domain.Tests.Versioning;

/// <summary>The seeded actors, the domain as the app registers it, and quick makers of agents, tools, managers and models.</summary>
public abstract class VersioningTestContext : TableTestContext
{
    protected AgentService Agents => Get<AgentService>();
    protected ToolService Tools => Get<ToolService>();
    protected ManagerService Managers => Get<ManagerService>();

    protected async Task<Guid> ModelAsync(Guid? organization = null, string? name = null) =>
        (await Get<ModelService>().CreateAsync(System, organization ?? Acme,
            new ModelInput(name ?? "m-" + Guid.NewGuid().ToString("N")[..8], "https://api.openai.com/v1/chat/completions", "gpt-4o-mini"))).Id;

    protected static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>A new agent of Acme by its Admin, with a model, ready to publish.</summary>
    protected async Task<Builder.Domain.Versioning.VersionedView<AgentDefinition>> AgentAsync(string? prompt = "You help.", Guid? model = null) =>
        await Agents.CreateAsync(Admin, Acme, new AgentInput(Unique("Agent"), "An agent", "CONVERSATIONAL", prompt, model ?? await ModelAsync()));

    protected async Task<Builder.Domain.Versioning.VersionedView<ToolDefinition>> ToolAsync(string url = "https://api.example.com/weather?city={{input.city}}") =>
        await Tools.CreateAsync(Admin, Acme, new ToolInput(Unique("Tool"), "Weather",
            """{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""", "HTTP", new HttpTemplateInput("GET", url)));

    protected async Task<TableView> KnowledgeBaseAsync(Guid? organization = null, Actor? actor = null) =>
        await Tables.CreateAsync(actor ?? Admin, organization ?? Acme, new TableInput("kb_" + Guid.NewGuid().ToString("N")[..10], null,
            [new ColumnInput("title", "text"), new ColumnInput("document", "file", Required: true)]), default, TableKind.KnowledgeBase);
}
