using Builder.Domain.Agents;
using Builder.Domain.Common;
using Builder.Domain.Sharing;
using Builder.Domain.Variables;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Versioning;

/// <summary>
/// What the editors' pickers search (<see cref="ChoiceService"/>): by name on the server, past any first page, with the count
/// of all matches; only what the person sees (a private tool of someone else is neither found nor named for a Guest);
/// another organization's ids are never named; knowledge bases are tables of that kind only; variable names come once each
/// (never a value); a search for a LIKE wildcard is literal; an outsider is 404.
/// </summary>
public sealed class ChoiceServiceTests : VersioningTestContext
{
    private ChoiceService Choices => Get<ChoiceService>();

    [Fact]
    public async Task A_search_finds_by_part_of_the_name_past_the_first_page_and_counts_every_match()
    {
        for (var i = 1; i <= 120; i++)
            await Tools.CreateAsync(Admin, Acme, new Domain.Tools.ToolInput($"pick_tool_{i:000}", "", Kind: "HTTP"));

        var all = await Choices.ToolsAsync(Admin, Acme, "pick_tool", limit: 20);
        Assert.Equal((20, 120), (all.Items.Count, all.Total));
        Assert.Equal("pick_tool_001", all.Items[0].Name);
        var found = await Choices.ToolsAsync(Admin, Acme, "TOOL_11");
        Assert.Equal(Enumerable.Range(110, 10).Select(i => $"pick_tool_{i:000}"), found.Items.Select(c => c.Name));
        Assert.Empty((await Choices.ToolsAsync(Admin, Acme, "pick%")).Items);
    }

    [Fact]
    public async Task A_guest_neither_finds_nor_names_a_private_tool_and_no_one_names_another_organizations()
    {
        var open = await ToolAsync();
        var hidden = await ToolAsync();
        await using (var db = Db.Context())
        {
            (await db.Tools.SingleAsync(t => t.Id == hidden.Id)).SharingLevel = SharingLevel.Private;
            await db.SaveChangesAsync();
        }
        var globex = await Tools.CreateAsync(GlobexAdmin, Globex, new Domain.Tools.ToolInput(Unique("Tool"), "", Kind: "HTTP"));

        var seen = await Choices.ToolsAsync(Guest, Acme, null, ChoiceService.MaxLimit);
        Assert.Contains(seen.Items, c => c.Id == open.Id);
        Assert.DoesNotContain(seen.Items, c => c.Id == hidden.Id);
        Assert.Equal([open.Id], (await Choices.ToolsByIdAsync(Guest, Acme, [open.Id, hidden.Id, globex.Id])).Select(c => c.Id));
        Assert.Equal(2, (await Choices.ToolsByIdAsync(Admin, Acme, [open.Id, hidden.Id, globex.Id])).Count);
        await Assert.ThrowsAsync<NotFoundException>(() => Choices.ToolsAsync(GlobexAdmin, Acme, null));
    }

    [Fact]
    public async Task Knowledge_bases_are_the_tables_of_that_kind_and_models_are_found_by_identifier()
    {
        var kb = await KnowledgeBaseAsync();
        var plain = await Tables.CreateAsync(Admin, Acme, new Domain.Tables.TableInput("plain_" + Guid.NewGuid().ToString("N")[..8], null, [new Domain.Tables.ColumnInput("a", "text")]));
        var bases = await Choices.KnowledgeBasesAsync(Admin, Acme, null, ChoiceService.MaxLimit);
        Assert.Contains(bases.Items, c => c.Id == kb.Id);
        Assert.DoesNotContain(bases.Items, c => c.Id == plain.Id);

        var model = await ModelAsync(name: "Support brain");
        var byIdentifier = await Choices.ModelsAsync(Admin, Acme, "gpt-4o");
        Assert.Contains(byIdentifier.Items, c => c.Id == model && c.Detail == "gpt-4o-mini");
        Assert.Equal("Support brain", (await Choices.ModelsByIdAsync(Admin, Acme, [model])).Single().Name);
    }

    [Fact]
    public async Task Variable_names_come_once_each_and_an_outsider_gets_none()
    {
        await using (var db = Db.Context())
        {
            var environments = await db.Environments.Where(e => e.OrganizationId == Acme).Select(e => e.Id).ToListAsync();
            Assert.True(environments.Count >= 2);
            foreach (var environment in environments)
                await Get<VariableService>().CreateAsync(Admin, Acme, environment, new VariableInput("SHARED_NAME_X", "v"));
        }

        var names = await Choices.VariableNamesAsync(Admin, Acme, "shared_name");
        Assert.Equal(["SHARED_NAME_X"], names.Items);
        Assert.Equal(1, names.Total);
        await Assert.ThrowsAsync<NotFoundException>(() => Choices.VariableNamesAsync(GlobexAdmin, Acme, null));
    }

    [Fact]
    public async Task Mcp_servers_are_found_by_name_past_the_first_page_and_another_organizations_are_never_named()
    {
        var servers = Get<Domain.Mcp.McpServerService>();
        var prefix = "srv_" + Guid.NewGuid().ToString("N")[..6];
        var ids = new List<Guid>();
        for (var i = 1; i <= 60; i++)
            ids.Add((await servers.CreateAsync(Admin, Acme, new Domain.Mcp.McpServerInput($"{prefix}_{i:000}", $"https://mcp{i}.example.com/mcp"))).Id);
        var globex = await servers.CreateAsync(GlobexAdmin, Globex, new Domain.Mcp.McpServerInput($"{prefix}_globex", "https://g.example.com/mcp"));

        var first = await Choices.McpServersAsync(Admin, Acme, prefix, ChoiceService.MaxLimit);
        Assert.Equal((ChoiceService.MaxLimit, 60), (first.Items.Count, first.Total));
        var last = Assert.Single((await Choices.McpServersAsync(Guest, Acme, $"{prefix}_060")).Items);
        Assert.Equal(ids[^1], last.Id);
        Assert.Matches(@"^server \d+$", last.Detail);
        Assert.Equal([ids[0]], (await Choices.McpServersByIdAsync(Guest, Acme, [ids[0], globex.Id])).Select(c => c.Id));
        Assert.Empty((await Choices.McpServersAsync(Admin, Acme, $"{prefix}_globex")).Items);
        await Assert.ThrowsAsync<NotFoundException>(() => Choices.McpServersAsync(GlobexAdmin, Acme, null));
    }
}
