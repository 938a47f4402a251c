using Builder.Domain.Agents;
using Builder.Domain.Common;
using Builder.Domain.PromptTemplates.Diff;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Versioning;

/// <summary>The one version mechanism, through agents: draft, publish, archive, rollback with and without a number, reads by selector, diff.</summary>
public sealed class VersionRulesTests : VersioningTestContext
{
    [Fact]
    public async Task A_new_agent_has_only_a_draft_and_reading_it_as_published_is_404_saying_so()
    {
        var agent = await AgentAsync();

        Assert.Equal((null, "DRAFT"), (agent.Version.Number, agent.Version.State));
        Assert.Null(agent.PublishedVersion);
        Assert.True(agent.HasUnpublishedChanges);
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => Agents.GetAsync(Admin, agent.Id));
        Assert.Contains("has no published version", missing.Message);
        Assert.Contains("DRAFT", missing.Message);
        var draft = await Agents.GetAsync(Admin, agent.Id, VersionSelector.Draft);
        Assert.Equal("You help.", draft.Definition.SystemPrompt);
    }

    [Fact]
    public async Task Publishing_makes_the_draft_version_1_and_an_unchanged_draft_cannot_be_published_again()
    {
        var agent = await AgentAsync();

        var published = await Agents.PublishAsync(Admin, agent.Id, "first release");

        Assert.Equal((1, "PUBLISHED", "first release", "admin@acme.test"), (published.Version.Number, published.Version.State, published.Version.Note, published.Version.CreatedBy));
        Assert.Equal(1, published.PublishedVersion);
        Assert.False(published.HasUnpublishedChanges);
        Assert.Equal(1, (await Agents.GetAsync(Builder, agent.Id)).Version.Number);
        var again = await Assert.ThrowsAsync<ConflictException>(() => Agents.PublishAsync(Admin, agent.Id));
        Assert.Contains("Nothing to publish", again.Message);
    }

    [Fact]
    public async Task An_edit_changes_only_the_draft_and_the_next_publish_archives_the_previous_version()
    {
        var agent = await AgentAsync("v1 prompt");
        await Agents.PublishAsync(Admin, agent.Id);

        var draft = await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(SystemPrompt: "v2 prompt"));

        Assert.True(draft.HasUnpublishedChanges);
        Assert.Equal("v1 prompt", (await Agents.GetAsync(Admin, agent.Id)).Definition.SystemPrompt);
        Assert.Equal("v2 prompt", (await Agents.GetAsync(Admin, agent.Id, VersionSelector.Draft)).Definition.SystemPrompt);

        var v2 = await Agents.PublishAsync(Admin, agent.Id);

        Assert.Equal(2, v2.Version.Number);
        Assert.Equal("v2 prompt", (await Agents.GetAsync(Admin, agent.Id)).Definition.SystemPrompt);
        var history = await Agents.VersionsAsync(Admin, agent.Id);
        Assert.Equal([(null, "DRAFT"), (2, "PUBLISHED"), (1, "ARCHIVED")], history.Select(v => (v.Number, v.State)));
        Assert.Equal("v1 prompt", (await Agents.GetAsync(Admin, agent.Id, VersionSelector.Of(1))).Definition.SystemPrompt);
        Assert.Equal(1, (await Agents.GetAsync(Admin, agent.Id, new VersionSelector(VersionState.Archived))).Version.Number);
    }

    [Fact]
    public async Task An_edit_that_changes_nothing_saves_nothing()
    {
        var agent = await AgentAsync();
        var same = await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(SystemPrompt: "You help."));
        Assert.Equal(agent.ConcurrencyToken, same.ConcurrencyToken);
    }

    [Fact]
    public async Task Rollback_without_a_number_publishes_the_version_published_before_the_current_one_as_a_new_number()
    {
        var agent = await AgentAsync("one");
        await Agents.PublishAsync(Admin, agent.Id);
        await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(SystemPrompt: "two"));
        await Agents.PublishAsync(Admin, agent.Id);

        var rolled = await Agents.RollbackAsync(Admin, agent.Id);

        Assert.Equal((3, "PUBLISHED", 1, "Rolled back to version 1"), (rolled.Version.Number, rolled.Version.State, rolled.Version.RestoredFrom, rolled.Version.Note));
        Assert.Equal("one", rolled.Definition.SystemPrompt);
        // The draft had no unpublished changes: it follows the rollback.
        Assert.Equal("one", (await Agents.GetAsync(Admin, agent.Id, VersionSelector.Draft)).Definition.SystemPrompt);
        Assert.False(rolled.HasUnpublishedChanges);
        Assert.Equal([(null, "DRAFT"), (3, "PUBLISHED"), (2, "ARCHIVED"), (1, "ARCHIVED")],
            (await Agents.VersionsAsync(Admin, agent.Id)).Select(v => (v.Number, v.State)));

        // Again without a number: the one before 3 is 2.
        var back = await Agents.RollbackAsync(Admin, agent.Id, note: "undo the undo");
        Assert.Equal((4, 2, "two", "undo the undo"), (back.Version.Number, back.Version.RestoredFrom, back.Definition.SystemPrompt, back.Version.Note));
    }

    [Fact]
    public async Task Rollback_to_a_given_number_publishes_that_version_and_keeps_a_draft_with_unpublished_changes()
    {
        var agent = await AgentAsync("one");
        await Agents.PublishAsync(Admin, agent.Id);
        await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(SystemPrompt: "two"));
        await Agents.PublishAsync(Admin, agent.Id);
        await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(SystemPrompt: "three"));
        await Agents.PublishAsync(Admin, agent.Id);
        await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(SystemPrompt: "work in progress"));

        var rolled = await Agents.RollbackAsync(Admin, agent.Id, versionNumber: 1);

        Assert.Equal((4, 1, "one"), (rolled.Version.Number, rolled.Version.RestoredFrom, rolled.Definition.SystemPrompt));
        Assert.Equal("work in progress", (await Agents.GetAsync(Admin, agent.Id, VersionSelector.Draft)).Definition.SystemPrompt);
        Assert.True(rolled.HasUnpublishedChanges);
    }

    [Fact]
    public async Task Rollback_refuses_clearly_when_there_is_nothing_to_roll_back_to()
    {
        var agent = await AgentAsync();
        var never = await Assert.ThrowsAsync<ConflictException>(() => Agents.RollbackAsync(Admin, agent.Id));
        Assert.Contains("never been published", never.Message);

        await Agents.PublishAsync(Admin, agent.Id);
        var first = await Assert.ThrowsAsync<ConflictException>(() => Agents.RollbackAsync(Admin, agent.Id));
        Assert.Contains("no version before version 1", first.Message);
        var current = await Assert.ThrowsAsync<ConflictException>(() => Agents.RollbackAsync(Admin, agent.Id, 1));
        Assert.Contains("already the published version", current.Message);
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => Agents.RollbackAsync(Admin, agent.Id, 7));
        Assert.Contains("no version 7", unknown.Message);
        await Assert.ThrowsAsync<ValidationException>(() => Agents.RollbackAsync(Admin, agent.Id, 0));
        Assert.Equal([(null, "DRAFT"), (1, "PUBLISHED")], (await Agents.VersionsAsync(Admin, agent.Id)).Select(v => (v.Number, v.State)));
    }

    [Fact]
    public async Task A_selector_whose_state_and_number_disagree_is_404_naming_both()
    {
        var agent = await AgentAsync();
        await Agents.PublishAsync(Admin, agent.Id);

        var wrong = await Assert.ThrowsAsync<NotFoundException>(() => Agents.GetAsync(Admin, agent.Id, new VersionSelector(VersionState.Archived, 1)));
        Assert.Contains("is PUBLISHED, not ARCHIVED", wrong.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => Agents.GetAsync(Admin, agent.Id, new VersionSelector(VersionState.Archived)));
        Assert.Equal(1, (await Agents.GetAsync(Admin, agent.Id, new VersionSelector(VersionState.Published, 1))).Version.Number);
    }

    [Fact]
    public async Task A_diff_compares_any_two_versions_as_pretty_printed_definitions()
    {
        var agent = await AgentAsync("Be brief.");
        await Agents.PublishAsync(Admin, agent.Id);
        await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(SystemPrompt: "Be thorough.", EnvironmentVariables: ["CRM_TOKEN"]));

        var diff = await Agents.DiffAsync(Admin, agent.Id, VersionSelector.Of(1), VersionSelector.Draft);

        Assert.True(diff.HasChanges);
        Assert.Equal((1, "PUBLISHED", null, "DRAFT"), (diff.From.Number, diff.From.State, diff.To.Number, diff.To.State));
        Assert.Contains("\n  \"systemPrompt\": \"Be brief.\",\n", diff.FromText);
        Assert.Contains("CRM_TOKEN", diff.ToText);
        Assert.Contains(diff.Inline.Runs, r => r.Kind == DiffKind.Inserted && r.Text.Contains("thorough"));
        Assert.Contains(diff.SideBySide.Rows, r => r.Kind == DiffRowKind.Changed);
        var none = await Agents.DiffAsync(Admin, agent.Id, VersionSelector.Published, VersionSelector.Of(1));
        Assert.False(none.HasChanges);
    }

    [Fact]
    public async Task A_published_agent_needs_a_model()
    {
        var agent = await Agents.CreateAsync(Admin, Acme, new AgentInput(Unique("Agent")));
        Assert.Equal(AgentType.Conversational, agent.Definition.AgentType);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => Agents.PublishAsync(Admin, agent.Id));

        Assert.Contains("modelId", refused.Errors.Keys);
        Assert.Null((await Agents.VersionsAsync(Admin, agent.Id)).Single().Number);
    }

    [Fact]
    public async Task Every_write_is_audited_with_what_changed()
    {
        var agent = await AgentAsync();
        await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(Name: agent.Definition.Name + " renamed", SystemPrompt: "new"));
        await Agents.PublishAsync(Admin, agent.Id);
        await using var db = Db.Context();
        var records = await db.AuditEntries.Where(a => a.ResourceId == agent.Id).OrderBy(a => a.At).ToListAsync();
        Assert.Equal(["created", "updated", "published"], records.Select(r => r.Action));
        Assert.Contains("systemPrompt", records[1].ChangedFields);
        Assert.Contains("name", records[1].ChangedFields);
    }
}
