using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Members;
using Builder.Domain.Prompts;
using Builder.Domain.Sharing;
using Builder.Domain.Tests.Support;
using Builder.Domain.Users;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Sharing;

/// <summary>
/// The services enforce access = matrix ∩ sharing: a PRIVATE workflow is invisible (404) to a User it is not shared with,
/// a VIEW share reads but cannot update, lists hide what the caller cannot see; and sharing changes and ownership transfers
/// (the approval operations, run directly here) validate, need ADMIN, apply against the version and are audited.
/// </summary>
public class SharingEnforcementTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private WorkflowService _workflows = null!;
    private Guid _acme, _development, _entity;
    private Actor _admin = null!, _builder = null!, _other = null!, _guest = null!, _outsider = null!, _system = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _workflows = new WorkflowService(_db, _db.Clock);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
        _admin = await _db.ActorAsync("admin@acme.test");
        _entity = (await new WorkflowEntityService(_db, _db.Clock).CreateAsync(_admin, _acme,
            new WorkflowEntityInput("Done", null, WorkflowEntityType.BuiltIn[3].Id, null, null, null, null, []))).Id;
        _builder = await _db.ActorAsync("builder@acme.test");
        _other = await MemberAsync("other@acme.test", Role.User);
        _guest = await _db.ActorAsync("guest@acme.test");
        _outsider = await _db.ActorAsync("admin@globex.test");
        _system = await _db.ActorAsync("system@builder.local");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>A second member of Acme with <paramref name="role"/>.</summary>
    private async Task<Actor> MemberAsync(string email, Role role)
    {
        await using (var db = _db.Context())
        {
            var user = new User { Email = email, Name = email.Split('@')[0], CreatedAt = DateTime.UtcNow };
            db.Users.Add(user);
            db.Memberships.Add(new Membership { OrganizationId = _acme, Email = email, UserId = user.Id, Role = role, UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }
        return await _db.ActorAsync(email);
    }

    private WorkflowInput Input(string name, string? description = null) =>
        new(name, description, new JsonObject { ["root"] = new JsonObject
        {
            ["name"] = "Done", ["entityId"] = _entity.ToString(), ["entityType"] = "result",
            ["presentation"] = new JsonObject { ["type"] = "circle", ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } },
            ["children"] = new JsonArray(),
        } });

    private ShareOperation<Workflow> Share => new(_db, _db.Clock);
    private TransferOwnershipOperation<Workflow> Transfer => new(_db, _db.Clock);

    private static JsonObject Sharing(string level, string company = "VIEW", params (Guid User, string Level)[] shares) => new()
    {
        ["sharingLevel"] = level, ["companyPermissionLevel"] = company,
        ["shares"] = new JsonArray(shares.Select(s => (JsonNode)new JsonObject { ["userId"] = s.User.ToString(), ["accessLevel"] = s.Level }).ToArray()),
    };

    /// <summary>Describes and runs a sharing change as <paramref name="requester"/>, as an approved request would.</summary>
    private async Task ShareAsync(Actor requester, Guid id, JsonObject payload)
    {
        var target = await Share.DescribeAsync(requester, id, payload);
        await Share.ExecuteAsync(requester, target, payload);
    }

    private async Task<WorkflowView> PrivateWorkflowAsync(Actor owner, params (Guid User, string Level)[] shares)
    {
        var created = await _workflows.CreateAsync(owner, _development, Input($"Private {Guid.NewGuid():N}"));
        await ShareAsync(owner, created.Id, Sharing("PRIVATE", "VIEW", shares));
        return await _workflows.GetAsync(owner, created.Id);
    }

    [Fact]
    public async Task A_new_workflow_is_owned_by_its_creator_and_shared_company_wide_at_edit()
    {
        var created = await _workflows.CreateAsync(_builder, _development, Input("Mine"));
        Assert.Equal((_builder.UserId, "COMPANY", "EDIT", "ADMIN"), (created.Owner!.Id, created.SharingLevel, created.CompanyPermissionLevel, created.UserAccessLevel));
        var seenByOther = await _workflows.GetAsync(_other, created.Id);
        Assert.Equal(("EDIT", "builder@acme.test"), (seenByOther.UserAccessLevel, seenByOther.Owner!.Email));
        await _workflows.UpdateAsync(_other, created.Id, Input("Mine", "edited by a colleague"), null);
        Assert.Equal("VIEW", (await _workflows.GetAsync(_guest, created.Id)).UserAccessLevel);
    }

    [Fact]
    public async Task A_private_workflow_is_not_found_for_a_user_it_is_not_shared_with_and_missing_from_their_list()
    {
        var workflow = await PrivateWorkflowAsync(_builder);

        Assert.Equal("Workflow not found", (await Assert.ThrowsAsync<NotFoundException>(() => _workflows.GetAsync(_other, workflow.Id))).Message);
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.UpdateAsync(_other, workflow.Id, Input("Taken"), null));
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.DryRunAsync(_other, workflow.Id, new JsonObject()));
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.DeleteAsync(_other, workflow.Id, null));
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.GetAsync(_guest, workflow.Id));
        var listed = await _workflows.ListAsync(_other, new WorkflowFilter(_acme, null), new PageRequest(Limit: 100));
        Assert.DoesNotContain(listed.Items, w => w.Id == workflow.Id);

        // The owner, the organization's Admins and System see and manage it.
        foreach (var actor in new[] { _builder, _admin, _system })
        {
            Assert.Equal("ADMIN", (await _workflows.GetAsync(actor, workflow.Id)).UserAccessLevel);
            Assert.Contains((await _workflows.ListAsync(actor, new WorkflowFilter(_acme, null), new PageRequest(Limit: 100))).Items, w => w.Id == workflow.Id);
        }
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.GetAsync(_outsider, workflow.Id));
    }

    [Fact]
    public async Task A_view_share_reads_and_dry_runs_but_cannot_update_or_delete()
    {
        var workflow = await PrivateWorkflowAsync(_builder, (_other.UserId, "VIEW"));

        var seen = await _workflows.GetAsync(_other, workflow.Id);
        Assert.Equal(("VIEW", "PRIVATE"), (seen.UserAccessLevel, seen.SharingLevel));
        await _workflows.DryRunAsync(_other, workflow.Id, new JsonObject());
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => _workflows.UpdateAsync(_other, workflow.Id, Input(workflow.Name, "no"), null));
        Assert.Equal("Forbidden: this workflow is shared with you at VIEW; changing it needs EDIT", refused.Message);
        await Assert.ThrowsAsync<ForbiddenException>(() => _workflows.DeleteAsync(_other, workflow.Id, null));
        Assert.Null((await _workflows.GetAsync(_builder, workflow.Id)).Description);
        Assert.Contains((await _workflows.ListAsync(_other, new WorkflowFilter(_acme, null), new PageRequest(Limit: 100))).Items, w => w.Id == workflow.Id);
    }

    [Fact]
    public async Task An_edit_share_updates_and_a_guest_with_an_edit_share_still_only_reads()
    {
        var workflow = await PrivateWorkflowAsync(_builder, (_other.UserId, "EDIT"), (_guest.UserId, "EDIT"));
        await _workflows.UpdateAsync(_other, workflow.Id, Input(workflow.Name, "edited"), null);
        Assert.Equal("VIEW", (await _workflows.GetAsync(_guest, workflow.Id)).UserAccessLevel);
        await Assert.ThrowsAsync<ForbiddenException>(() => _workflows.UpdateAsync(_guest, workflow.Id, Input(workflow.Name, "guest"), null));
        Assert.Equal("edited", (await _workflows.GetAsync(_admin, workflow.Id)).Description);
    }

    [Fact]
    public async Task The_ownership_filter_splits_the_list_into_owned_shared_with_me_and_company()
    {
        var owned = await _workflows.CreateAsync(_other, _development, Input("Owned by other"));
        var company = await _workflows.CreateAsync(_builder, _development, Input("Company by builder"));
        var shared = await PrivateWorkflowAsync(_builder, (_other.UserId, "VIEW"));
        var hidden = await PrivateWorkflowAsync(_builder);

        async Task<List<Guid>> Ids(OwnershipFilter? filter) =>
            (await _workflows.ListAsync(_other, new WorkflowFilter(_acme, null, filter), new PageRequest(Limit: 100))).Items.Select(w => w.Id).ToList();
        Assert.Equal([owned.Id], await Ids(OwnershipFilter.Owned));
        Assert.Equal([shared.Id], await Ids(OwnershipFilter.Shared));
        Assert.Equal([company.Id], await Ids(OwnershipFilter.Company));
        Assert.Equal(3, (await Ids(null)).Count);
        Assert.DoesNotContain(hidden.Id, await Ids(null));
        Assert.Equal(OwnershipFilter.Shared, OwnedResources.ParseFilter("Shared"));
        Assert.Equal("ownership", Assert.Single(Assert.Throws<ValidationException>(() => OwnedResources.ParseFilter("mine")).Errors).Key);
    }

    [Fact]
    public async Task Sharing_is_described_before_and_after_and_applied_audited_once_approved()
    {
        var workflow = await _workflows.CreateAsync(_builder, _development, Input("To restrict"));
        var payload = Sharing("PRIVATE", "VIEW", (_other.UserId, "EDIT"));

        var target = await Share.DescribeAsync(_builder, workflow.Id, payload);
        Assert.Equal(("workflow", workflow.Id, "To restrict", workflow.Version), (target.ResourceType, target.ResourceId, target.Name, target.Version));
        Assert.Equal("Shared company-wide (edit); no one else explicitly", target.Before);
        Assert.Equal("Private; shared with other (other@acme.test) (EDIT)", target.After);
        Assert.Equal("EDIT", (await _workflows.GetAsync(_guest, workflow.Id)) is { } before ? before.CompanyPermissionLevel : null);

        await Share.ExecuteAsync(_builder, target, payload);
        var sharing = await new SharingService(_db).GetAsync<Workflow>(_builder, workflow.Id);
        Assert.Equal(("PRIVATE", "VIEW", true), (sharing.SharingLevel, sharing.CompanyPermissionLevel, sharing.CanManage));
        Assert.Equal(("other@acme.test", "EDIT"), (Assert.Single(sharing.Shares).Email, sharing.Shares[0].AccessLevel));
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.GetAsync(_guest, workflow.Id));

        await using var db = _db.Context();
        var audit = await db.AuditEntries.SingleAsync(a => a.ResourceId == workflow.Id && a.Action == AuditActions.Shared);
        Assert.Equal(("builder@acme.test", "sharingLevel,companyPermissionLevel,shares"), (audit.ActorEmail, audit.ChangedFields));
        Assert.Equal("changed the sharing", AuditWording.Describe(audit.Action, audit.ResourceType, []));

        // The request was for the version it was made against: once that changed, it fails and changes nothing.
        await Assert.ThrowsAsync<ConcurrencyException>(() => Share.ExecuteAsync(_builder, target, Sharing("COMPANY", "ADMIN")));
        Assert.Equal("PRIVATE", (await _workflows.GetAsync(_builder, workflow.Id)).SharingLevel);
    }

    [Fact]
    public async Task A_sharing_change_changed_since_the_request_fails_and_changes_nothing()
    {
        var workflow = await _workflows.CreateAsync(_builder, _development, Input("Raced"));
        var payload = Sharing("PRIVATE");
        var target = await Share.DescribeAsync(_builder, workflow.Id, payload);
        await _workflows.UpdateAsync(_builder, workflow.Id, Input("Raced", "changed meanwhile"), null);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Share.ExecuteAsync(_builder, target, payload));
        Assert.Equal("COMPANY", (await _workflows.GetAsync(_builder, workflow.Id)).SharingLevel);
    }

    [Fact]
    public async Task Bad_sharing_payloads_are_400_naming_each_problem()
    {
        var workflow = await _workflows.CreateAsync(_builder, _development, Input("Validated"));
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => Share.DescribeAsync(_builder, workflow.Id, new JsonObject
        {
            ["sharingLevel"] = "SECRET", ["companyPermissionLevel"] = "OWNER",
            ["shares"] = new JsonArray(
                new JsonObject { ["userId"] = Guid.NewGuid().ToString(), ["accessLevel"] = "VIEW" },
                new JsonObject { ["userId"] = _outsider.UserId.ToString(), ["accessLevel"] = "EDIT" },
                new JsonObject { ["userId"] = _other.UserId.ToString(), ["accessLevel"] = "NONE" },
                new JsonObject { ["userId"] = _builder.UserId.ToString(), ["accessLevel"] = "VIEW" }),
        }));
        // Every problem at once: the levels, unknown and foreign members, a share that grants nothing, the owner.
        Assert.Equal(["companyPermissionLevel", "shares[0].userId", "shares[1].userId", "shares[2].accessLevel", "shares[3].userId", "sharingLevel"],
            invalid.Errors.Keys.Order(StringComparer.Ordinal).ToList());
        invalid = await Assert.ThrowsAsync<ValidationException>(() => Share.DescribeAsync(_builder, workflow.Id, new JsonObject
        {
            ["shares"] = new JsonArray(
                new JsonObject { ["userId"] = Guid.NewGuid().ToString(), ["accessLevel"] = "VIEW" },
                new JsonObject { ["userId"] = _outsider.UserId.ToString(), ["accessLevel"] = "EDIT" },
                new JsonObject { ["userId"] = _builder.UserId.ToString(), ["accessLevel"] = "VIEW" }),
        }));
        Assert.Contains("is not a member of this organization", invalid.Errors["shares[0].userId"][0]);
        Assert.Contains("is not a member of this organization", invalid.Errors["shares[1].userId"][0]);
        Assert.Contains("That is the owner", invalid.Errors["shares[2].userId"][0]);
        await Assert.ThrowsAsync<ValidationException>(() => Share.DescribeAsync(_builder, workflow.Id, Sharing("COMPANY", "EDIT")));
        await Assert.ThrowsAsync<ValidationException>(() => Share.DescribeAsync(_builder, workflow.Id, null));
    }

    [Fact]
    public async Task Only_people_with_admin_access_may_ask_to_change_the_sharing()
    {
        var workflow = await _workflows.CreateAsync(_builder, _development, Input("Guarded"));
        var payload = Sharing("PRIVATE");
        // A colleague with EDIT (the company default) may not; the owner, an Admin and System may.
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => Share.DescribeAsync(_other, workflow.Id, payload));
        Assert.Equal("Forbidden: this workflow is shared with you at EDIT; managing its sharing or ownership needs ADMIN", refused.Message);
        await Assert.ThrowsAsync<ForbiddenException>(() => Share.DescribeAsync(_guest, workflow.Id, payload));
        await Assert.ThrowsAsync<NotFoundException>(() => Share.DescribeAsync(_outsider, workflow.Id, payload));
        foreach (var actor in new[] { _builder, _admin, _system }) await Share.DescribeAsync(actor, workflow.Id, payload);
        // An ADMIN share makes a member a manager of it.
        await ShareAsync(_builder, workflow.Id, Sharing("COMPANY", "EDIT", (_other.UserId, "ADMIN")));
        await Share.DescribeAsync(_other, workflow.Id, payload);
        // An API key never: human oversight.
        var key = await _db.ActorAsync("builder@acme.test", _acme);
        Assert.Equal("Share requires human oversight in the Builder UI",
            (await Assert.ThrowsAsync<HumanOversightRequiredException>(() => Share.DescribeAsync(key, workflow.Id, payload))).Message);
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => Transfer.DescribeAsync(key, workflow.Id, new JsonObject { ["newOwnerId"] = _other.UserId.ToString() }));
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => new SharingService(_db).GetAsync<Workflow>(key, workflow.Id));
    }

    [Fact]
    public async Task Ownership_moves_to_a_member_who_can_edit_and_the_previous_owner_keeps_only_the_sharing()
    {
        var workflow = await PrivateWorkflowAsync(_builder, (_other.UserId, "VIEW"));
        var payload = new JsonObject { ["newOwnerId"] = _other.UserId.ToString() };

        foreach (var (bad, message) in new (JsonObject, string)[]
                 {
                     (new JsonObject(), "newOwnerId is required"),
                     (new JsonObject { ["newOwnerId"] = _guest.UserId.ToString() }, "guest@acme.test is a Guest of this organization and could not edit this workflow"),
                     (new JsonObject { ["newOwnerId"] = _outsider.UserId.ToString() }, "is not a member of this organization"),
                     (new JsonObject { ["newOwnerId"] = _builder.UserId.ToString() }, "owns this workflow already"),
                 })
            Assert.Contains(message, (await Assert.ThrowsAsync<ValidationException>(() => Transfer.DescribeAsync(_builder, workflow.Id, bad))).Errors["newOwnerId"][0]);
        await Assert.ThrowsAsync<ForbiddenException>(() => Transfer.DescribeAsync(_other, workflow.Id, payload));

        var target = await Transfer.DescribeAsync(_builder, workflow.Id, payload);
        Assert.Equal(("Owner: Bob Builder (builder@acme.test)", "Owner: other (other@acme.test)"), (target.Before, target.After));
        await Transfer.ExecuteAsync(_builder, target, payload);

        var now = await _workflows.GetAsync(_other, workflow.Id);
        Assert.Equal((_other.UserId, "ADMIN"), (now.Owner!.Id, now.UserAccessLevel));
        Assert.Empty((await new SharingService(_db).GetAsync<Workflow>(_other, workflow.Id)).Shares);
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.GetAsync(_builder, workflow.Id));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Transfer.ExecuteAsync(_admin, target, payload));
        await using var db = _db.Context();
        Assert.Equal("ownerId,shares", (await db.AuditEntries.SingleAsync(a => a.ResourceId == workflow.Id && a.Action == AuditActions.OwnershipTransferred)).ChangedFields);
    }

    [Fact]
    public async Task Prompts_and_prompt_templates_share_the_same_mechanism()
    {
        var models = new Builder.Domain.Models.ModelService(_db, _db.Protector, _db.Clock);
        var prompts = new PromptService(_db, models, null!, _db.Clock);
        var prompt = await prompts.CreateAsync(_admin, _acme, new PromptInput("Private prompt", "Hello", null, null, null));
        Assert.Equal((_admin.UserId, "COMPANY"), (prompt.Owner!.Id, prompt.SharingLevel));
        Assert.Equal("VIEW", (await prompts.GetAsync(_builder, prompt.Id)).UserAccessLevel);

        var share = new ShareOperation<Prompt>(_db, _db.Clock);
        var payload = Sharing("PRIVATE", "VIEW", (_other.UserId, "ADMIN"));
        await share.ExecuteAsync(_admin, await share.DescribeAsync(_admin, prompt.Id, payload), payload);
        await Assert.ThrowsAsync<NotFoundException>(() => prompts.GetAsync(_builder, prompt.Id));
        // An ADMIN share on a prompt gives a User what the matrix allows them: VIEW.
        Assert.Equal("VIEW", (await prompts.GetAsync(_other, prompt.Id)).UserAccessLevel);
        Assert.DoesNotContain((await prompts.ListAsync(_builder, _acme, new PageRequest(Limit: 100))).Items, p => p.Id == prompt.Id);
        Assert.Contains((await prompts.ListAsync(_other, _acme, new PageRequest(Limit: 100), ownership: OwnershipFilter.Shared)).Items, p => p.Id == prompt.Id);
        // A User cannot own a prompt (they could not edit it).
        Assert.Contains("could not edit this prompt", (await Assert.ThrowsAsync<ValidationException>(() =>
            new TransferOwnershipOperation<Prompt>(_db, _db.Clock).DescribeAsync(_admin, prompt.Id, new JsonObject { ["newOwnerId"] = _other.UserId.ToString() }))).Errors["newOwnerId"][0]);
    }

    [Fact]
    public async Task A_deleted_workflow_keeps_its_shares_in_the_trash_so_a_restore_brings_them_back()
    {
        var workflow = await PrivateWorkflowAsync(_builder, (_other.UserId, "VIEW"));
        await _workflows.DeleteAsync(_builder, workflow.Id, null);
        await using var db = _db.Context();
        // The purge removes them (TrashTests); while it waits in the trash the workflow is invisible, shares or not.
        Assert.True(await db.ResourceShares.AnyAsync(s => s.ResourceId == workflow.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => _workflows.GetAsync(_other, workflow.Id));
    }
}
