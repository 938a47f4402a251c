using System.Data.Common;
using Builder.Data;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Tests.Support;
using Builder.Domain.Variables;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Builder.Domain.Tests.Audit;

/// <summary>The audit trail's read side: names kept with each record, whether the resource still exists, and the bounded export.</summary>
public class AuditServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private AuditService _audit = null!;
    private Guid _acme;
    private Guid _development;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _audit = new AuditService(_db);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Recorded_names_are_returned_and_existence_is_known_per_record()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var variable = await new VariableService(_db, _db.Protector, _db.Clock).CreateAsync(admin, _development, new VariableInput("CURRENT_NAME"));
        var gone = Guid.Parse("7f9b7c4a-0000-4000-8000-000000000001");
        var recorded = Entry(ResourceTypes.Variable, variable.Id, AuditActions.Updated, "name", "NAME_AT_THE_TIME", "Development");
        var deleted = Entry(ResourceTypes.Variable, gone, AuditActions.Deleted, "", "DELETED_VAR", "Development");
        var oldExisting = Entry(ResourceTypes.Variable, variable.Id, AuditActions.Updated, "value:cleared", null, null);
        var oldDeleted = Entry(ResourceTypes.Variable, gone, AuditActions.Updated, "value", null, null);
        await AddAsync(recorded, deleted, oldExisting, oldDeleted);

        var page = await _audit.ListAsync(admin, _acme, new AuditFilter(ResourceTypes.Variable), new PageRequest(Limit: 100));
        AuditView Find(AuditEntry e) => page.Items.Single(a => a.Id == e.Id);

        Assert.Equal(("NAME_AT_THE_TIME", "Development", true, "updated name"), Describe(Find(recorded)));
        Assert.Equal(("DELETED_VAR", "Development", false, "deleted"), Describe(Find(deleted)));
        Assert.Equal(("CURRENT_NAME", "Development", true, "cleared the value"), Describe(Find(oldExisting)));
        Assert.Equal(("Variable 7f9b7c4a", "Development", false, "set the value"), Describe(Find(oldDeleted)));
        Assert.Null(Find(oldDeleted).ResourceName);
        Assert.Equal("Variable", Find(recorded).ResourceTypeName);
    }

    [Fact]
    public async Task Models_and_prompt_templates_that_still_exist_read_as_existing()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var model = await new ModelService(_db, _db.Protector, _db.Clock).CreateAsync(admin, _acme,
            new ModelInput("Audited model", "http://127.0.0.1:9/v1/chat/completions", "gpt-4o-mini"));
        var template = await new PromptTemplateService(_db, _db.Clock).CreateAsync(admin, _acme, new PromptTemplateInput("Audited template", PromptText: "Hi"));

        var page = await _audit.ListAsync(admin, _acme, new AuditFilter(), new PageRequest(Limit: 100));

        Assert.True(page.Items.Single(a => a.ResourceId == model.Id).ResourceExists, "the model exists");
        Assert.True(page.Items.Single(a => a.ResourceId == template.Id).ResourceExists, "the template exists");
    }

    [Fact]
    public async Task One_query_tells_a_whole_page_which_resources_exist()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var types = ResourceTypes.All;
        await AddAsync(Enumerable.Range(0, 60).Select(i => Entry(types[i % types.Count], Guid.NewGuid(), AuditActions.Created, "name", null, null)).ToArray());
        var counter = new StatementCounter();
        var audit = new AuditService(_db.With(counter));

        await audit.ListAsync(admin, _acme, new AuditFilter(), new PageRequest(Limit: 2));
        var small = counter.Count;
        var page = await audit.ListAsync(admin, _acme, new AuditFilter(), new PageRequest(Limit: 50));
        var large = counter.Count - small;

        Assert.Equal(50, page.Items.Count);
        Assert.Equal(small, large);
        Assert.True(large <= 4, $"{large} statements for a page");
    }

    [Fact]
    public async Task The_export_is_newest_first_and_bounded()
    {
        var globex = await _db.OrganizationIdAsync("Globex");
        var admin = await _db.ActorAsync("admin@globex.test");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var entries = Enumerable.Range(0, AuditService.ExportLimit + 3).Select(i =>
        {
            var entry = Entry(ResourceTypes.Environment, Guid.NewGuid(), AuditActions.Created, "name", $"Env {i}", null);
            entry.OrganizationId = globex;
            entry.At = start.AddMinutes(i);
            return entry;
        }).ToArray();
        await AddAsync(entries);

        var export = await _audit.ExportAsync(admin, globex, new AuditFilter(From: start));
        var rows = await export.Rows.ToListAsync();

        Assert.Equal((AuditService.ExportLimit + 3, true), (export.Total, export.Truncated));
        Assert.Equal(AuditService.ExportLimit, rows.Count);
        Assert.Equal($"Env {AuditService.ExportLimit + 2}", rows[0].ResourceName);
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.At >= p.Second.At), "Newest first");
        Assert.All(rows, r => Assert.False(r.ResourceExists));
    }

    [Fact]
    public async Task The_export_refuses_before_reading_a_row()
    {
        var guest = await _db.ActorAsync("guest@acme.test");
        var outsider = await _db.ActorAsync("admin@globex.test");
        var admin = await _db.ActorAsync("admin@acme.test");
        await Assert.ThrowsAsync<ForbiddenException>(() => _audit.ExportAsync(guest, _acme, new AuditFilter()));
        await Assert.ThrowsAsync<NotFoundException>(() => _audit.ExportAsync(outsider, _acme, new AuditFilter()));
        await Assert.ThrowsAsync<ValidationException>(() => _audit.ExportAsync(admin, _acme, new AuditFilter("widget")));
    }

    private static (string, string?, bool, string) Describe(AuditView a) => (a.ResourceLabel, a.EnvironmentName, a.ResourceExists, a.Summary);

    private AuditEntry Entry(string type, Guid id, string action, string fields, string? name, string? environmentName) => new()
    {
        At = DateTime.UtcNow, ActorEmail = "admin@acme.test", OrganizationId = _acme,
        EnvironmentId = type is ResourceTypes.Variable ? _development : null,
        ResourceType = type, ResourceId = id, Action = action, ChangedFields = fields, ResourceName = name, EnvironmentName = environmentName,
    };

    private async Task AddAsync(params AuditEntry[] entries)
    {
        await using var db = _db.Context();
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync();
    }
}
