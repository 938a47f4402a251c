using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.ApiKeys;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Members;
using Builder.Domain.Organizations;
using Builder.Domain.Tests.Support;
using Builder.Domain.Trash;
using Builder.Domain.Variables;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Trash;

/// <summary>
/// A delete moves the resource to its organization's trash: hidden everywhere, its name free again, restorable at once by
/// an Admin (under a new name when the old one was taken), with what went with it, and purged when the trash window ends.
/// </summary>
public class TrashTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private Guid _acme, _globex, _development;
    private Actor _admin = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _globex = await _db.OrganizationIdAsync("Globex");
        _development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
        _admin = await _db.ActorAsync("admin@acme.test");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private TrashService Trash => new(_db, _clock, _db.Actors);
    private EnvironmentService Environments => new(_db, _clock);
    private VariableService Variables => new(_db, _db.Protector, _clock);
    private WorkflowService Workflows => new(_db, _clock);

    private async Task<TrashItemView> OnlyItemAsync(Guid? organizationId = null, Actor? actor = null) =>
        Assert.Single((await Trash.ListAsync(actor ?? _admin, organizationId ?? _acme, new PageRequest())).Items);

    private async Task<List<string>> TrailAsync(Guid resourceId)
    {
        await using var context = _db.Context();
        return await context.AuditEntries.Where(a => a.ResourceId == resourceId).OrderBy(a => a.At).Select(a => a.Action).ToListAsync();
    }

    [Fact]
    public async Task A_deleted_variable_is_hidden_everywhere_and_waits_in_the_trash_for_the_policys_days()
    {
        var variable = await Variables.CreateAsync(_admin, _development, new VariableInput("OLD_KEY", "secret"));
        await Variables.DeleteAsync(_admin, variable.Id, variable.Version);

        await Assert.ThrowsAsync<NotFoundException>(() => Variables.GetAsync(_admin, variable.Id));
        var list = await Variables.ListAsync(_admin, new VariableFilter(_acme, _development), new PageRequest(Limit: 100));
        Assert.DoesNotContain(list.Items, v => v.Id == variable.Id);
        await using (var context = _db.Context())
        {
            Assert.False(await context.Variables.AnyAsync(v => v.Id == variable.Id));
            var row = await context.Variables.IgnoreQueryFilters().SingleAsync(v => v.Id == variable.Id);
            Assert.Equal(_clock.Now.UtcDateTime, row.DeletedAt);
        }
        var item = await OnlyItemAsync();
        Assert.Equal((ResourceTypes.Variable, variable.Id, "OLD_KEY", "Development", "admin@acme.test"),
            (item.ResourceType, item.ResourceId, item.Name, item.EnvironmentName, item.DeletedBy));
        Assert.Equal(_clock.Now.UtcDateTime.AddDays(30), item.PurgeAfter);
        Assert.Equal(30, item.DaysLeft);
    }

    [Fact]
    public async Task A_name_is_free_again_while_the_old_record_sits_in_the_trash()
    {
        var staging = await Environments.CreateAsync(_admin, _acme, new EnvironmentInput("Staging", null));
        await Environments.DeleteAsync(_admin, staging.Id, staging.Version);

        var again = await Environments.CreateAsync(_admin, _acme, new EnvironmentInput("staging", null));
        Assert.NotEqual(staging.Id, again.Id);
        var variable = await Variables.CreateAsync(_admin, _development, new VariableInput("REUSED"));
        await Variables.DeleteAsync(_admin, variable.Id, null);
        await Variables.CreateAsync(_admin, _development, new VariableInput("REUSED"));
    }

    [Fact]
    public async Task A_restore_brings_the_record_back_at_once_and_the_audit_log_shows_its_whole_life()
    {
        var variable = await Variables.CreateAsync(_admin, _development, new VariableInput("COMEBACK", "secret"));
        await Variables.DeleteAsync(_admin, variable.Id, null);
        var item = await OnlyItemAsync();

        var restored = await Trash.RestoreAsync(_admin, item.Id, null);

        Assert.False(restored.Renamed);
        var back = await Variables.GetAsync(_admin, variable.Id);
        Assert.Equal(("COMEBACK", true), (back.Name, back.HasValue));
        Assert.Empty((await Trash.ListAsync(_admin, _acme, new PageRequest())).Items);
        await Variables.DeleteAsync(_admin, variable.Id, null);
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(1, await Trash.PurgeExpiredAsync());
        Assert.Equal(["created", "deleted", "restored", "deleted", "purged"], await TrailAsync(variable.Id));
    }

    [Fact]
    public async Task Restoring_onto_a_name_that_was_reused_asks_for_a_new_name_and_takes_one()
    {
        var variable = await Variables.CreateAsync(_admin, _development, new VariableInput("CLASH"));
        await Variables.DeleteAsync(_admin, variable.Id, null);
        await Variables.CreateAsync(_admin, _development, new VariableInput("CLASH"));
        var item = await OnlyItemAsync();

        var clash = await Assert.ThrowsAsync<NameTakenException>(() => Trash.RestoreAsync(_admin, item.Id, null));
        Assert.Contains("already exists", clash.Message);
        Assert.Contains("new name", clash.Details);
        await Assert.ThrowsAsync<NameTakenException>(() => Trash.RestoreAsync(_admin, item.Id, "clash"));
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => Trash.RestoreAsync(_admin, item.Id, "not a name"));
        Assert.Contains("name", invalid.Errors.Keys);

        var restored = await Trash.RestoreAsync(_admin, item.Id, "CLASH_OLD");
        Assert.True(restored.Renamed);
        Assert.Equal("CLASH_OLD", (await Variables.GetAsync(_admin, variable.Id)).Name);
        await using var context = _db.Context();
        var audit = await context.AuditEntries.Where(a => a.ResourceId == variable.Id && a.Action == AuditActions.Restored).SingleAsync();
        Assert.Equal("name", audit.ChangedFields);
    }

    [Fact]
    public async Task An_environments_variables_and_workflows_go_and_come_back_with_it()
    {
        var staging = await Environments.CreateAsync(_admin, _acme, new EnvironmentInput("Staging", null));
        var kept = await Variables.CreateAsync(_admin, staging.Id, new VariableInput("KEPT"));
        var alone = await Variables.CreateAsync(_admin, staging.Id, new VariableInput("ALONE"));
        var workflow = await Workflows.CreateAsync(_admin, staging.Id, new WorkflowInput("Flow", null, await OneStepAsync()));
        await Variables.DeleteAsync(_admin, alone.Id, null); // in the trash on its own before the environment goes
        var environment = await Environments.GetAsync(_admin, staging.Id);
        await Environments.DeleteAsync(_admin, staging.Id, environment.Version);

        await Assert.ThrowsAsync<NotFoundException>(() => Variables.GetAsync(_admin, kept.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Workflows.GetAsync(_admin, workflow.Id));
        var items = (await Trash.ListAsync(_admin, _acme, new PageRequest())).Items;
        Assert.Equal([ResourceTypes.Environment, ResourceTypes.Variable], items.Select(i => i.ResourceType)); // newest first
        Assert.Equal(2, items[0].DependentCount);

        var early = await Assert.ThrowsAsync<ConflictException>(() => Trash.RestoreAsync(_admin, items[1].Id, null));
        Assert.Equal("Its environment 'Staging' is in the trash: restore the environment first.", early.Message);

        var restored = await Trash.RestoreAsync(_admin, items[0].Id, null);
        Assert.Equal(2, restored.DependentCount);
        Assert.Equal("KEPT", (await Variables.GetAsync(_admin, kept.Id)).Name);
        Assert.Equal("Flow", (await Workflows.GetAsync(_admin, workflow.Id)).Name);
        await Assert.ThrowsAsync<NotFoundException>(() => Variables.GetAsync(_admin, alone.Id)); // it went on its own, it stays
        await Trash.RestoreAsync(_admin, items[1].Id, null);
        Assert.Equal("ALONE", (await Variables.GetAsync(_admin, alone.Id)).Name);
    }

    [Fact]
    public async Task The_purge_job_removes_only_what_is_past_the_window_for_good_as_the_system()
    {
        var first = await Variables.CreateAsync(_admin, _development, new VariableInput("FIRST"));
        await Variables.DeleteAsync(_admin, first.Id, null);
        _clock.Advance(TimeSpan.FromDays(10));
        var second = await Variables.CreateAsync(_admin, _development, new VariableInput("SECOND"));
        await Variables.DeleteAsync(_admin, second.Id, null);

        _clock.Advance(TimeSpan.FromDays(19));
        Assert.Equal(0, await Trash.PurgeExpiredAsync());
        Assert.Equal(1, (await Trash.ListAsync(_admin, _acme, new PageRequest())).Items[^1].DaysLeft);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await Trash.PurgeExpiredAsync());

        await using var context = _db.Context();
        Assert.False(await context.Variables.IgnoreQueryFilters().AnyAsync(v => v.Id == first.Id));
        Assert.True(await context.Variables.IgnoreQueryFilters().AnyAsync(v => v.Id == second.Id));
        var purged = await context.AuditEntries.SingleAsync(a => a.ResourceId == first.Id && a.Action == AuditActions.Purged);
        Assert.Equal(("system", "FIRST", _acme), (purged.ActorEmail, purged.ResourceName, purged.OrganizationId));
        Assert.Equal("SECOND", (await OnlyItemAsync()).Name);
    }

    [Fact]
    public async Task Purging_an_environment_removes_it_with_its_variables_workflows_and_their_own_trash_items()
    {
        var staging = await Environments.CreateAsync(_admin, _acme, new EnvironmentInput("Staging", null));
        var variable = await Variables.CreateAsync(_admin, staging.Id, new VariableInput("GOES"));
        var alone = await Variables.CreateAsync(_admin, staging.Id, new VariableInput("ALONE"));
        await Workflows.CreateAsync(_admin, staging.Id, new WorkflowInput("Flow", null, await OneStepAsync()));
        await Variables.DeleteAsync(_admin, alone.Id, null);
        await Environments.DeleteAsync(_admin, staging.Id, null);

        // Deleted permanently (the approved request's execution) before the variable's own item is due: that item goes too.
        var item = (await Trash.ListAsync(_admin, _acme, new PageRequest())).Items[0];
        var operation = new PurgeTrashItemOperation(_db, Trash, _clock);
        await operation.ExecuteAsync(_admin, await operation.DescribeAsync(_admin, item.Id, null), null);

        await using var context = _db.Context();
        Assert.False(await context.Environments.IgnoreQueryFilters().AnyAsync(e => e.Id == staging.Id));
        Assert.False(await context.Variables.IgnoreQueryFilters().AnyAsync(v => v.Id == variable.Id || v.Id == alone.Id));
        Assert.False(await context.Workflows.IgnoreQueryFilters().AnyAsync(w => w.EnvironmentId == staging.Id));
        Assert.Empty(await context.TrashItems.ToListAsync());
    }

    [Fact]
    public async Task A_workflows_explicit_shares_wait_with_it_in_the_trash_come_back_with_it_and_go_when_it_is_purged()
    {
        var builder = await _db.ActorAsync("builder@acme.test");
        var staging = await Environments.CreateAsync(_admin, _acme, new EnvironmentInput("Staging", null));
        var kept = await Workflows.CreateAsync(_admin, _development, new WorkflowInput("Kept", null, await OneStepAsync()));
        var inStaging = await Workflows.CreateAsync(_admin, staging.Id, new WorkflowInput("In staging", null, await OneStepAsync()));
        await using (var context = _db.Context())
        {
            foreach (var id in new[] { kept.Id, inStaging.Id })
                context.ResourceShares.Add(new Builder.Domain.Sharing.ResourceShare
                {
                    ResourceType = ResourceTypes.Workflow, ResourceId = id, UserId = builder.UserId, OrganizationId = _acme,
                    Level = Builder.Domain.Sharing.AccessLevel.View,
                });
            await context.SaveChangesAsync();
        }
        async Task<int> SharesAsync(Guid workflow)
        {
            await using var context = _db.Context();
            return await context.ResourceShares.CountAsync(s => s.ResourceId == workflow);
        }

        await Workflows.DeleteAsync(_admin, kept.Id, null);
        Assert.Equal(1, await SharesAsync(kept.Id));
        await Trash.RestoreAsync(_admin, (await OnlyItemAsync()).Id, null);
        Assert.Equal(1, await SharesAsync(kept.Id));

        await Workflows.DeleteAsync(_admin, kept.Id, null);
        await Environments.DeleteAsync(_admin, staging.Id, null);
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(2, await Trash.PurgeExpiredAsync());
        Assert.Equal(0, await SharesAsync(kept.Id));
        Assert.Equal(0, await SharesAsync(inStaging.Id));
    }

    [Fact]
    public async Task A_removed_membership_grants_nothing_until_it_is_restored()
    {
        var members = new MemberService(_db, _clock, _db.Actors);
        var builderId = (await _db.ActorAsync("builder@acme.test")).UserId;
        var membership = (await members.ListAsync(_admin, _acme, new PageRequest(Search: "builder@"))).Items.Single();
        await members.RemoveAsync(_admin, membership.Id, membership.Version);

        Assert.Null((await _db.Accounts.BuildActorAsync(builderId))!.RoleIn(_acme));
        await members.InviteAsync(_admin, _acme, new InviteInput("someone@acme.test", Role.Guest));
        var item = (await Trash.ListAsync(_admin, _acme, new PageRequest())).Items.Single(i => i.ResourceType == ResourceTypes.Member);
        Assert.Equal("builder@acme.test", item.Name);

        await Trash.RestoreAsync(_admin, item.Id, null);
        Assert.Equal(Role.User, (await _db.Accounts.BuildActorAsync(builderId))!.RoleIn(_acme));
    }

    [Fact]
    public async Task A_reinvited_member_is_not_restored_over_the_new_membership()
    {
        var members = new MemberService(_db, _clock, _db.Actors);
        var membership = (await members.ListAsync(_admin, _acme, new PageRequest(Search: "guest@"))).Items.Single();
        await members.RemoveAsync(_admin, membership.Id, null);
        await members.InviteAsync(_admin, _acme, new InviteInput("guest@acme.test", Role.User));
        var item = await OnlyItemAsync();

        var clash = await Assert.ThrowsAsync<ConflictException>(() => Trash.RestoreAsync(_admin, item.Id, null));
        Assert.Contains("member of this organization again", clash.Message);
        await Assert.ThrowsAsync<ValidationException>(() => Trash.RestoreAsync(_admin, item.Id, "other@acme.test"));
    }

    [Fact]
    public async Task A_deleted_organization_vanishes_for_its_members_and_only_a_system_administrator_restores_it()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var organizations = new OrganizationService(_db, _clock, _db.Actors);
        var globexAdmin = await _db.ActorAsync("admin@globex.test");
        var keys = new ApiKeyService(_db, _db.Accounts, _db.ApiKeys, _clock);
        var key = await keys.GenerateAsync(globexAdmin, _globex, "Bot");
        Assert.NotNull(await keys.AuthenticateAsync(key.Token));
        await organizations.DeleteAsync(system, _globex, null);

        var member = (await _db.Accounts.BuildActorAsync(globexAdmin.UserId))!;
        Assert.Null(member.RoleIn(_globex));
        Assert.DoesNotContain((await organizations.ListAsync(system, new PageRequest(Limit: 100))).Items, o => o.Id == _globex);
        await Assert.ThrowsAsync<NotFoundException>(() => Environments.ListAsync(system, _globex, new PageRequest()));
        Assert.Null(await keys.AuthenticateAsync(key.Token));
        Assert.Empty((await Trash.ListAsync(_admin, _acme, new PageRequest())).Items);
        var item = Assert.Single((await Trash.ListAsync(system, null, new PageRequest())).Items);
        Assert.Equal((ResourceTypes.Organization, "Globex", (Guid?)null), (item.ResourceType, item.Name, item.OrganizationId));
        await Assert.ThrowsAsync<ForbiddenException>(() => Trash.ListAsync(_admin, null, new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => Trash.RestoreAsync(_admin, item.Id, null));

        await Trash.RestoreAsync(system, item.Id, null);
        Assert.Equal(Role.Admin, (await _db.Accounts.BuildActorAsync(globexAdmin.UserId))!.RoleIn(_globex));
        Assert.NotEmpty((await Environments.ListAsync(system, _globex, new PageRequest())).Items);
    }

    [Fact]
    public async Task Only_admins_and_system_see_and_restore_the_trash_and_another_organizations_is_not_found()
    {
        var variable = await Variables.CreateAsync(_admin, _development, new VariableInput("GUARDED"));
        await Variables.DeleteAsync(_admin, variable.Id, null);
        var item = await OnlyItemAsync();

        var builder = await _db.ActorAsync("builder@acme.test");
        var guest = await _db.ActorAsync("guest@acme.test");
        var globexAdmin = await _db.ActorAsync("admin@globex.test");
        await Assert.ThrowsAsync<ForbiddenException>(() => Trash.ListAsync(builder, _acme, new PageRequest()));
        await Assert.ThrowsAsync<ForbiddenException>(() => Trash.RestoreAsync(guest, item.Id, null));
        await Assert.ThrowsAsync<NotFoundException>(() => Trash.ListAsync(globexAdmin, _acme, new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => Trash.RestoreAsync(globexAdmin, item.Id, null));
        var key = await _db.ActorAsync("admin@acme.test", _acme);
        Assert.Single((await Trash.ListAsync(key, _acme, new PageRequest())).Items);
        var system = await _db.ActorAsync("system@builder.local");
        await Trash.RestoreAsync(system, item.Id, null);
    }

    [Fact]
    public async Task A_workflow_in_the_trash_uses_nothing_so_its_entities_can_be_deleted_and_purged()
    {
        var entities = new WorkflowEntityService(_db, _clock);
        var start = await entities.CreateAsync(_admin, _acme, new WorkflowEntityInput("Start", null, WorkflowEntityType.BuiltIn[0].Id,
            null, null, null, null, []));
        var workflow = await Workflows.CreateAsync(_admin, _development, new WorkflowInput("Uses start", null, OneStep(start.Id)));
        await Assert.ThrowsAsync<ConflictException>(() => entities.DeleteAsync(_admin, start.Id, null));

        await Workflows.DeleteAsync(_admin, workflow.Id, null);
        Assert.Equal(0, await entities.UsageCountAsync(_admin, start.Id));
        await entities.DeleteAsync(_admin, start.Id, null);
        var entityItem = (await Trash.ListAsync(_admin, _acme, new PageRequest())).Items[0];
        var approvals = new PurgeTrashItemOperation(_db, Trash, _clock);
        var target = await approvals.DescribeAsync(_admin, entityItem.Id, null);
        Assert.Equal((ResourceTypes.TrashItem, "Start"), (target.ResourceType, target.Name));
        await approvals.ExecuteAsync(_admin, target, null);

        await using var context = _db.Context();
        Assert.False(await context.WorkflowEntities.IgnoreQueryFilters().AnyAsync(e => e.Id == start.Id));
        Assert.Contains(AuditActions.Purged, await TrailAsync(start.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => approvals.ExecuteAsync(_admin, target, null));
    }

    [Fact]
    public async Task Deleting_permanently_is_for_people_and_for_admins_of_the_items_organization()
    {
        var variable = await Variables.CreateAsync(_admin, _development, new VariableInput("PERMANENT"));
        await Variables.DeleteAsync(_admin, variable.Id, null);
        var item = await OnlyItemAsync();
        var approvals = new PurgeTrashItemOperation(_db, Trash, _clock);

        await Assert.ThrowsAsync<HumanOversightRequiredException>(() =>
            approvals.DescribeAsync(_db.ActorAsync("admin@acme.test", _acme).Result, item.Id, null));
        await Assert.ThrowsAsync<ForbiddenException>(async () => await approvals.DescribeAsync(await _db.ActorAsync("builder@acme.test"), item.Id, null));
        await Assert.ThrowsAsync<NotFoundException>(async () => await approvals.DescribeAsync(await _db.ActorAsync("admin@globex.test"), item.Id, null));
        Assert.Equal(("purge", "trash-item"), (approvals.Operation, approvals.ResourceType));
    }

    [Fact]
    public async Task Platform_resources_go_to_the_platforms_trash_and_an_entity_type_waits_for_its_entities_to_be_purged()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var types = new WorkflowEntityTypeService(_db, _clock);
        var type = await types.CreateAsync(system, new WorkflowEntityTypeInput("Webhook", null, StepKind.Action, "hexagon", "#ef6c00"));
        var entities = new WorkflowEntityService(_db, _clock);
        var entity = await entities.CreateAsync(_admin, _acme, new WorkflowEntityInput("Call CRM", null, type.Id, null, null, null, null, []));
        await entities.DeleteAsync(_admin, entity.Id, null);
        await types.DeleteAsync(system, type.Id, null); // no visible entity uses it any more

        await Assert.ThrowsAsync<NotFoundException>(() => types.GetAsync(system, type.Id));
        var item = Assert.Single((await Trash.ListAsync(system, null, new PageRequest())).Items);
        Assert.Equal((Builder.Domain.Audit.ResourceTypes.WorkflowEntityType, "Webhook"), (item.ResourceType, item.Name));
        var entityItem = await OnlyItemAsync();
        var early = await Assert.ThrowsAsync<ConflictException>(() => Trash.RestoreAsync(_admin, entityItem.Id, null));
        Assert.Contains("entity type is in the trash", early.Message);

        // Both due: the entity is purged first (older); the type then has nothing referring to it.
        _clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(2, await Trash.PurgeExpiredAsync());
        await using var context = _db.Context();
        Assert.False(await context.WorkflowEntityTypes.IgnoreQueryFilters().AnyAsync(t => t.Id == type.Id));
    }

    [Fact]
    public async Task A_system_model_goes_to_the_platforms_trash_and_its_name_is_free_meanwhile()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var models = new Builder.Domain.Models.ModelService(_db, _db.Protector, _clock);
        var input = new Builder.Domain.Models.ModelInput("Shared mini", "https://api.openai.com/v1/chat/completions", "gpt-4o-mini");
        var model = await models.CreateSystemAsync(system, input);
        await models.DeleteSystemAsync(system, model.Id, null);
        var again = await models.CreateSystemAsync(system, input);

        var item = Assert.Single((await Trash.ListAsync(system, null, new PageRequest())).Items);
        var clash = await Assert.ThrowsAsync<NameTakenException>(() => Trash.RestoreAsync(system, item.Id, null));
        Assert.Equal("A system model named 'Shared mini' already exists", clash.Message);
        await Trash.RestoreAsync(system, item.Id, "Shared mini (old)");
        Assert.NotEqual(model.Id, again.Id);
    }

    private JsonObject OneStep(Guid entity) => new() { ["root"] = Node("Start", entity, "event") };

    private async Task<JsonObject> OneStepAsync()
    {
        var entity = await new WorkflowEntityService(_db, _clock).CreateAsync(_admin, _acme, new WorkflowEntityInput("Event " + Guid.NewGuid(),
            null, WorkflowEntityType.BuiltIn[0].Id, null, null, null, null, []));
        return OneStep(entity.Id);
    }

    private static JsonObject Node(string name, Guid entity, string type, params JsonObject[] children) => new()
    {
        ["name"] = name, ["entityId"] = entity.ToString(), ["entityType"] = type,
        ["presentation"] = new JsonObject { ["type"] = "circle", ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } },
        ["children"] = new JsonArray(children),
    };
}
