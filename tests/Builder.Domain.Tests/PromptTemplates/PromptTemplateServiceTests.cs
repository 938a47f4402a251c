using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.PromptTemplates;

public class PromptTemplateServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PromptTemplateService _templates = null!;
    private Guid _acme;
    private Guid _globex;
    private Actor _admin = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _templates = new PromptTemplateService(_db, _db.Clock);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _globex = await _db.OrganizationIdAsync("Globex");
        _admin = await _db.ActorAsync("admin@acme.test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static PromptTemplateInput Input(string name = "Welcome", string text = "Welcome {{userName}} to {{productName}}.", string? message = null) =>
        new(name, "Generates welcomes", text, null, null,
            new Dictionary<string, string> { ["userName"] = "string", ["productName"] = "string" },
            [new PromptVariableSet("Happy User", new Dictionary<string, JsonNode?> { ["userName"] = "Sarah", ["productName"] = "Pulse" })],
            message);

    private async Task<Guid> AddModelAsync(Guid? organizationId, bool visible = false, string name = "GPT")
    {
        await using var db = _db.Context();
        var model = new AiModel { OrganizationId = organizationId, Name = name, ModelUrl = "http://127.0.0.1/v1/chat/completions", ModelName = "m", IsVisible = visible };
        db.Models.Add(model);
        await db.SaveChangesAsync();
        return model.Id;
    }

    [Fact]
    public async Task Creating_makes_version_1_with_its_message()
    {
        var created = await _templates.CreateAsync(_admin, _acme, Input(message: "First draft"));

        Assert.Equal(1, created.Version);
        Assert.Equal("Acme Corp", created.Organization.Name);
        var history = await _templates.ListVersionsAsync(_admin, created.Id, new PageRequest());
        var only = Assert.Single(history.Items);
        Assert.Equal((1, "admin@acme.test", "First draft"), (only.Version, only.CreatedBy, only.Message));
    }

    [Fact]
    public async Task Each_change_of_content_makes_the_next_version_and_old_versions_keep_their_content()
    {
        var created = await _templates.CreateAsync(_admin, _acme, Input());
        var v2 = await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(PromptText: "Hi {{userName}}!", Message: "Shorter"), created.ConcurrencyToken);
        var v3 = await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(Name: "Welcome v3"), v2.ConcurrencyToken);

        Assert.Equal((2, 3), (v2.Version, v3.Version));
        Assert.Equal("Hi {{userName}}!", v3.PromptText);
        Assert.Equal("Generates welcomes", v3.Description);
        var first = await _templates.GetVersionAsync(_admin, created.Id, 1);
        Assert.Equal(("Welcome", "Welcome {{userName}} to {{productName}}."), (first.Name, first.PromptText));
        var second = await _templates.GetAsync(_admin, created.Id, new PromptTemplateVersionSelector(Version: 2));
        Assert.Equal(("Welcome", "Hi {{userName}}!", 2), (second.Name, second.PromptText, second.Version));
        var history = await _templates.ListVersionsAsync(_admin, created.Id, new PageRequest());
        Assert.Equal([3, 2, 1], history.Items.Select(v => v.Version));
        Assert.Equal("Shorter", history.Items[1].Message);
    }

    [Fact]
    public async Task A_save_that_changes_nothing_makes_no_version_and_keeps_the_etag()
    {
        var created = await _templates.CreateAsync(_admin, _acme, Input());

        var same = await _templates.UpdateAsync(_admin, created.Id, Input(message: "Nothing really"), created.ConcurrencyToken);
        var partial = await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(Message: "Only a message"), created.ConcurrencyToken);

        Assert.Equal((1, created.ConcurrencyToken), (same.Version, same.ConcurrencyToken));
        Assert.Equal((1, created.ConcurrencyToken), (partial.Version, partial.ConcurrencyToken));
        Assert.Equal(1, (await _templates.ListVersionsAsync(_admin, created.Id, new PageRequest())).Total);
        await using var db = _db.Context();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.ResourceId == created.Id));
    }

    [Fact]
    public async Task Restoring_makes_a_new_version_with_the_old_content_and_keeps_history()
    {
        var created = await _templates.CreateAsync(_admin, _acme, Input());
        var v2 = await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(PromptText: "v2 {{userName}}"), null);
        await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(PromptText: "v3 {{userName}}"), null);

        var restored = await _templates.RestoreAsync(_admin, created.Id, 1, null, null);

        Assert.Equal((4, created.PromptText), (restored.Version, restored.PromptText));
        var history = await _templates.ListVersionsAsync(_admin, created.Id, new PageRequest());
        Assert.Equal([4, 3, 2, 1], history.Items.Select(v => v.Version));
        Assert.Equal(("Restored version 1", 1), (history.Items[0].Message, history.Items[0].RestoredFrom));
        Assert.Equal("v2 {{userName}}", (await _templates.GetVersionAsync(_admin, created.Id, 2)).PromptText);
        Assert.Equal(v2.PromptText, (await _templates.GetVersionAsync(_admin, created.Id, 2)).PromptText);

        // Restoring the content it already has changes nothing.
        var again = await _templates.RestoreAsync(_admin, created.Id, 4, "again", null);
        Assert.Equal(4, again.Version);
        await Assert.ThrowsAsync<NotFoundException>(() => _templates.RestoreAsync(_admin, created.Id, 9, null, null));
    }

    [Fact]
    public async Task A_stale_concurrency_token_is_refused_and_changes_nothing()
    {
        var created = await _templates.CreateAsync(_admin, _acme, Input());
        await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(PromptText: "new {{userName}}"), created.ConcurrencyToken);

        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(PromptText: "stale"), created.ConcurrencyToken));
        await Assert.ThrowsAsync<ConcurrencyException>(() => _templates.RestoreAsync(_admin, created.Id, 1, null, created.ConcurrencyToken));
        Assert.Equal((2, "new {{userName}}"), ((await _templates.GetAsync(_admin, created.Id)).Version, (await _templates.GetAsync(_admin, created.Id)).PromptText));
    }

    [Fact]
    public async Task Labels_move_explicitly_and_every_move_is_recorded_and_audited()
    {
        var created = await _templates.CreateAsync(_admin, _acme, Input());
        await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(PromptText: "two {{userName}}"), null);
        await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(PromptText: "three {{userName}}"), null);

        await _templates.MoveLabelAsync(_admin, created.Id, "Production", 2);
        await _templates.MoveLabelAsync(_admin, created.Id, "staging", 3);
        await _templates.MoveLabelAsync(_admin, created.Id, "production", 3);
        await _templates.MoveLabelAsync(_admin, created.Id, "production", 3); // already there: not a move

        // A new version does not move a label.
        await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(PromptText: "four {{userName}}"), null);
        var labels = await _templates.ListLabelsAsync(_admin, created.Id);
        Assert.Equal([("production", 3), ("staging", 3)], labels.Select(l => (l.Name, l.Version)));
        var byLabel = await _templates.GetAsync(_admin, created.Id, new PromptTemplateVersionSelector(Label: "production"));
        Assert.Equal((3, "three {{userName}}"), (byLabel.Version, byLabel.PromptText));

        var moves = await _templates.LabelHistoryAsync(_admin, created.Id, new PageRequest());
        Assert.Equal([("production", (int?)2, 3), ("staging", null, 3), ("production", null, 2)],
            moves.Items.Select(m => (m.Label, m.FromVersion, m.ToVersion)));
        Assert.All(moves.Items, m => Assert.Equal("admin@acme.test", m.MovedBy));
        var versions = await _templates.ListVersionsAsync(_admin, created.Id, new PageRequest());
        Assert.Equal(["production", "staging"], versions.Items.Single(v => v.Version == 3).Labels);

        await using var db = _db.Context();
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.ResourceId == created.Id && a.Action == PromptTemplateService.LabelMovedAction));
    }

    [Theory]
    [InlineData("prod uction")]
    [InlineData("1prod")]
    [InlineData("prod/../x")]
    [InlineData("pr\u00f6d")]
    [InlineData("")]
    public async Task Odd_label_names_and_missing_versions_are_400_and_record_nothing(string name)
    {
        var created = await _templates.CreateAsync(_admin, _acme, Input());
        await Assert.ThrowsAsync<ValidationException>(() => _templates.MoveLabelAsync(_admin, created.Id, name, 1));
        var missing = await Assert.ThrowsAsync<ValidationException>(() => _templates.MoveLabelAsync(_admin, created.Id, "production", 2));
        Assert.Equal("Version 2 does not exist; the versions are 1 to 1.", missing.Errors["version"].Single());
        Assert.Empty(await _templates.ListLabelsAsync(_admin, created.Id));
        Assert.Equal(0, (await _templates.LabelHistoryAsync(_admin, created.Id, new PageRequest())).Total);
    }

    [Fact]
    public async Task A_model_must_be_the_organizations_or_a_visible_system_model()
    {
        var own = await AddModelAsync(_acme);
        var visible = await AddModelAsync(null, visible: true, name: "Shared");
        var hidden = await AddModelAsync(null, visible: false, name: "Hidden");
        var foreign = await AddModelAsync(_globex, name: "Globex GPT");

        var withOwn = await _templates.CreateAsync(_admin, _acme, Input("A") with { ModelId = own });
        Assert.Equal(new NamedRef(own, "GPT"), withOwn.Model);
        Assert.Equal(visible, (await _templates.CreateAsync(_admin, _acme, Input("B") with { ModelId = visible })).ModelId);
        foreach (var bad in new[] { hidden, foreign, Guid.NewGuid() })
        {
            var error = await Assert.ThrowsAsync<ValidationException>(() => _templates.CreateAsync(_admin, _acme, Input("C") with { ModelId = bad }));
            Assert.Equal("That model does not exist in this organization.", error.Errors["modelId"].Single());
        }
        await Assert.ThrowsAsync<ValidationException>(() => _templates.UpdateAsync(_admin, withOwn.Id, new PromptTemplateInput(ModelId: foreign), null));
        Assert.Equal(own, (await _templates.GetAsync(_admin, withOwn.Id)).ModelId);
    }

    [Fact]
    public async Task Clearing_the_model_and_the_environment_makes_a_version_without_them_and_leaving_them_out_keeps_them()
    {
        var model = await AddModelAsync(_acme);
        var system = await _db.ActorAsync("system@builder.local");
        var staging = await new Environments.EnvironmentService(_db, _db.Clock).CreateAsync(system, _acme, new Environments.EnvironmentInput("Staging", null));
        var created = await _templates.CreateAsync(_admin, _acme, Input() with { ModelId = model, EnvironmentId = staging.Id });

        var kept = await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(Description: "Other"), created.ConcurrencyToken);
        Assert.Equal((model, staging.Id), (kept.ModelId, kept.EnvironmentId));

        var cleared = await _templates.UpdateAsync(_admin, created.Id, new PromptTemplateInput(ClearModel: true, ClearEnvironment: true, Message: "No model"),
            kept.ConcurrencyToken);

        Assert.Equal(3, cleared.Version);
        Assert.Null(cleared.ModelId);
        Assert.Null(cleared.Model);
        Assert.Null(cleared.Environment);
        var version = await _templates.GetVersionAsync(_admin, created.Id, 3);
        Assert.Equal((null, null, "No model"), (version.ModelId, version.EnvironmentId, version.Message));
        // Restoring version 2 brings both back.
        var restored = await _templates.RestoreAsync(_admin, created.Id, 2, null, cleared.ConcurrencyToken);
        Assert.Equal((model, staging.Id), (restored.ModelId, restored.EnvironmentId));
    }

    [Fact]
    public async Task Sending_a_model_and_clearing_it_at_once_is_refused_and_changes_nothing()
    {
        var model = await AddModelAsync(_acme);
        var created = await _templates.CreateAsync(_admin, _acme, Input() with { ModelId = model });

        var error = await Assert.ThrowsAsync<ValidationException>(() => _templates.UpdateAsync(_admin, created.Id,
            new PromptTemplateInput(ModelId: model, ClearModel: true, EnvironmentId: Guid.NewGuid(), ClearEnvironment: true), null));

        Assert.Equal("Send a model or clear it, not both.", error.Errors["modelId"].First());
        Assert.Contains("Send an environment or clear it, not both.", error.Errors["environmentId"]);
        var read = await _templates.GetAsync(_admin, created.Id);
        Assert.Equal((1, model), (read.Version, read.ModelId));
    }

    [Fact]
    public async Task Names_are_unique_per_organization_ignoring_case()
    {
        await _templates.CreateAsync(_admin, _acme, Input("Welcome"));
        await Assert.ThrowsAsync<ConflictException>(() => _templates.CreateAsync(_admin, _acme, Input("WELCOME")));
        var globexAdmin = await _db.ActorAsync("admin@globex.test");
        Assert.Equal("WELCOME", (await _templates.CreateAsync(globexAdmin, _globex, Input("WELCOME"))).Name);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once_and_nothing_is_saved()
    {
        var variables = Enumerable.Range(0, 10_000).ToDictionary(i => $"v{i}", _ => "string");
        var error = await Assert.ThrowsAsync<ValidationException>(() => _templates.CreateAsync(_admin, _acme,
            new PromptTemplateInput("", null, new string('x', PromptTemplate.PromptTextMax + 1), null, null, variables, null, new string('m', 501))));

        Assert.Equal(["message", "name", "promptText", "variables"], error.Errors.Keys.Order());
        Assert.Equal("A template declares at most 100 variables; this one has 10000.", error.Errors["variables"].Single());
        await using var db = _db.Context();
        Assert.Equal(0, await db.PromptTemplates.CountAsync());
    }

    [Fact]
    public async Task Users_and_guests_read_but_cannot_change_and_other_organizations_see_nothing()
    {
        var created = await _templates.CreateAsync(_admin, _acme, Input());
        var user = await _db.ActorAsync("builder@acme.test");
        var guest = await _db.ActorAsync("guest@acme.test");
        var outsider = await _db.ActorAsync("admin@globex.test");

        Assert.Equal(created.Id, (await _templates.GetAsync(guest, created.Id)).Id);
        await Assert.ThrowsAsync<ForbiddenException>(() => _templates.UpdateAsync(user, created.Id, new PromptTemplateInput(Name: "x"), null));
        await Assert.ThrowsAsync<ForbiddenException>(() => _templates.MoveLabelAsync(guest, created.Id, "production", 1));
        await Assert.ThrowsAsync<ForbiddenException>(() => _templates.CreateAsync(user, _acme, Input("Other")));
        await Assert.ThrowsAsync<NotFoundException>(() => _templates.GetAsync(outsider, created.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => _templates.ListVersionsAsync(outsider, created.Id, new PageRequest()));
    }

    [Fact]
    public async Task Deleting_an_environment_leaves_its_templates_organization_wide()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var environments = new Environments.EnvironmentService(_db, _db.Clock);
        var staging = await environments.CreateAsync(system, _acme, new Environments.EnvironmentInput("Staging", null));
        var created = await _templates.CreateAsync(_admin, _acme, Input() with { EnvironmentId = staging.Id });
        Assert.Equal("Staging", created.Environment!.Name);

        await environments.DeleteAsync(system, staging.Id, null);

        var read = await _templates.GetAsync(_admin, created.Id);
        Assert.Null(read.Environment);
        Assert.Equal(1, read.Version);
    }

    [Fact]
    public async Task Sentiment_results_are_stored_without_a_version_or_a_new_etag()
    {
        var created = await _templates.CreateAsync(_admin, _acme, Input());
        var guest = await _db.ActorAsync("guest@acme.test");
        await _templates.SaveSentimentAsync(guest, created.Id, JsonNode.Parse("""{ "label": "positive", "score": 0.8, "sentences": [] }"""), null);

        var read = await _templates.GetAsync(_admin, created.Id);
        Assert.Equal("positive", read.RawSentimentAnalysis!["label"]!.GetValue<string>());
        Assert.Null(read.ResultSentimentAnalysis);
        Assert.Equal((1, created.ConcurrencyToken), (read.Version, read.ConcurrencyToken));
    }
}
