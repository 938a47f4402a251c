using Builder.Domain.Access;
using Builder.Domain.Agents;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Managers;
using Builder.Domain.Sharing;
using Builder.Domain.Tools;
using Builder.Domain.Trash;
using Builder.Domain.Versioning;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Versioning;

/// <summary>
/// The permission matrix (entities:*) × roles for every operation of the three services, another organization's ids as 404,
/// deletion through approval, the trash, and publishes and rollbacks racing each other.
/// </summary>
public sealed class AccessAndRaceTests : VersioningTestContext
{
    public enum Kind { Agent, Tool, Manager }

    private async Task<Guid> CreateAsync(Kind kind, Actor actor, Guid organization) => kind switch
    {
        Kind.Agent => (await Agents.CreateAsync(actor, organization, new AgentInput(Unique("Agent"), ModelId: await ModelAsync(organization)))).Id,
        Kind.Tool => (await Tools.CreateAsync(actor, organization, new ToolInput(Unique("Tool"), Http: new HttpTemplateInput(Url: "https://api.example.com/")))).Id,
        _ => (await Managers.CreateAsync(actor, organization, new ManagerInput(Unique("Manager"), ModelId: await ModelAsync(organization),
            Agents: [new ManagedAgentInput((await Agents.CreateAsync(organization == Acme ? Admin : GlobexAdmin, organization, new AgentInput(Unique("Agent")))).Id, "all")]))).Id,
    };

    private Task Operation(Kind kind, string operation, Actor actor, Guid id) => (kind, operation) switch
    {
        (Kind.Agent, "get") => Agents.GetAsync(actor, id, VersionSelector.Draft),
        (Kind.Agent, "versions") => Agents.VersionsAsync(actor, id),
        (Kind.Agent, "diff") => Agents.DiffAsync(actor, id, VersionSelector.Draft, VersionSelector.Draft),
        (Kind.Agent, "update") => Agents.UpdateAsync(actor, id, new AgentInput(Description: "changed " + Guid.NewGuid())),
        (Kind.Agent, "publish") => Agents.PublishAsync(actor, id),
        (Kind.Agent, "rollback") => Agents.RollbackAsync(actor, id),
        (Kind.Agent, "delete") => Agents.DescribeDeletionAsync(actor, id),
        (Kind.Tool, "get") => Tools.GetAsync(actor, id, VersionSelector.Draft),
        (Kind.Tool, "versions") => Tools.VersionsAsync(actor, id),
        (Kind.Tool, "diff") => Tools.DiffAsync(actor, id, VersionSelector.Draft, VersionSelector.Draft),
        (Kind.Tool, "update") => Tools.UpdateAsync(actor, id, new ToolInput(Description: "changed " + Guid.NewGuid())),
        (Kind.Tool, "publish") => Tools.PublishAsync(actor, id),
        (Kind.Tool, "rollback") => Tools.RollbackAsync(actor, id),
        (Kind.Tool, "delete") => Tools.DescribeDeletionAsync(actor, id),
        (Kind.Manager, "get") => Managers.GetAsync(actor, id, VersionSelector.Draft),
        (Kind.Manager, "versions") => Managers.VersionsAsync(actor, id),
        (Kind.Manager, "diff") => Managers.DiffAsync(actor, id, VersionSelector.Draft, VersionSelector.Draft),
        (Kind.Manager, "update") => Managers.UpdateAsync(actor, id, new ManagerInput(Description: "changed " + Guid.NewGuid())),
        (Kind.Manager, "publish") => Managers.PublishAsync(actor, id),
        (Kind.Manager, "rollback") => Managers.RollbackAsync(actor, id),
        (Kind.Manager, "delete") => Managers.DescribeDeletionAsync(actor, id),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static TheoryData<Kind, string> Operations()
    {
        var data = new TheoryData<Kind, string>();
        foreach (var kind in Enum.GetValues<Kind>())
        foreach (var op in new[] { "get", "versions", "diff", "update", "publish", "rollback", "delete" })
            data.Add(kind, op);
        return data;
    }

    private static string PermissionOf(string operation) => operation switch
    {
        "get" or "versions" or "diff" => Permissions.EntitiesRead,
        "delete" => Permissions.EntitiesDelete,
        _ => Permissions.EntitiesUpdate,
    };

    [Theory, MemberData(nameof(Operations))]
    public async Task Every_operation_follows_the_matrix_for_every_role_and_another_organization_gets_404(Kind kind, string operation)
    {
        var permission = PermissionOf(operation);
        foreach (var (actor, role) in new[] { (System, Role.System), (Admin, Role.Admin), (Builder, Role.User), (Guest, Role.Guest) })
        {
            var id = await CreateAsync(kind, Admin, Acme);
            if (operation == "rollback")
            {
                await Publish(kind, id);
                await Operation(kind, "update", Admin, id);
                await Publish(kind, id);
            }
            var allowed = PermissionMatrix.Allows(role, permission);
            var task = Operation(kind, operation, actor, id);
            if (allowed) await task;
            else
            {
                var refused = await Assert.ThrowsAsync<ForbiddenException>(() => task);
                Assert.IsNotType<HumanOversightRequiredException>(refused);
            }
        }
        var ours = await CreateAsync(kind, Admin, Acme);
        await Assert.ThrowsAsync<NotFoundException>(() => Operation(kind, operation, GlobexAdmin, ours));
        var theirs = await CreateAsync(kind, GlobexAdmin, Globex);
        await Assert.ThrowsAsync<NotFoundException>(() => Operation(kind, operation, Admin, theirs));
    }

    private Task Publish(Kind kind, Guid id) => kind switch
    {
        Kind.Agent => Agents.PublishAsync(Admin, id),
        Kind.Tool => Tools.PublishAsync(Admin, id),
        _ => PublishManagerAsync(id),
    };

    private async Task PublishManagerAsync(Guid id)
    {
        var draft = await Managers.GetAsync(Admin, id, VersionSelector.Draft);
        if (draft.Definition.Agents.Count == 0)
            await Managers.UpdateAsync(Admin, id, new ManagerInput(ModelId: await ModelAsync(), Agents: [new ManagedAgentInput((await AgentAsync()).Id, "everything")]));
        await Managers.PublishAsync(Admin, id);
    }

    [Theory]
    [InlineData(Kind.Agent), InlineData(Kind.Tool), InlineData(Kind.Manager)]
    public async Task Creating_follows_the_matrix_and_an_api_key_cannot_ask_to_delete(Kind kind)
    {
        await CreateAsync(kind, System, Acme);
        await CreateAsync(kind, ApiKey, Acme);
        await Assert.ThrowsAsync<ForbiddenException>(() => CreateAsync(kind, Builder, Acme));
        await Assert.ThrowsAsync<ForbiddenException>(() => CreateAsync(kind, Guest, Acme));
        await Assert.ThrowsAsync<NotFoundException>(() => CreateAsync(kind, GlobexAdmin, Acme));
        var id = await CreateAsync(kind, Admin, Acme);
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => Operation(kind, "delete", ApiKey, id));
    }

    [Fact]
    public async Task Lists_split_owned_company_shared_and_private_and_hide_another_organizations()
    {
        var mine = await AgentAsync();
        var acmeTheirs = await Agents.CreateAsync(System, Acme, new AgentInput(Unique("Agent")));
        await using (var db = Db.Context())
        {
            var row = await db.Agents.SingleAsync(a => a.Id == acmeTheirs.Id);
            row.SharingLevel = SharingLevel.Private;
            await db.SaveChangesAsync();
        }
        var shared = await Agents.CreateAsync(System, Acme, new AgentInput(Unique("Agent")));
        await Agents.CreateAsync(GlobexAdmin, Globex, new AgentInput(Unique("Agent")));

        var owned = await Agents.ListAllAsync(Admin, Acme, OwnershipFilter.Owned);
        var company = await Agents.ListAllAsync(Admin, Acme, OwnershipFilter.Company);
        Assert.Contains(owned, a => a.Id == mine.Id);
        Assert.Contains(company, a => a.Id == shared.Id);
        Assert.DoesNotContain(company, a => a.Id == acmeTheirs.Id);
        var builderSees = await Agents.ListAsync(Builder, Acme, new PageRequest(1, 100));
        Assert.DoesNotContain(builderSees.Items, a => a.Id == acmeTheirs.Id);
        await Assert.ThrowsAsync<NotFoundException>(() => Agents.GetAsync(Builder, acmeTheirs.Id, VersionSelector.Draft));
        await Assert.ThrowsAsync<NotFoundException>(() => Agents.IdOfAsync(Builder, Acme, acmeTheirs.Number));
        await Assert.ThrowsAsync<NotFoundException>(() => Agents.IdOfAsync(GlobexAdmin, Globex, mine.Number));
        await Assert.ThrowsAsync<NotFoundException>(() => Agents.ListAsync(GlobexAdmin, Acme, new PageRequest()));
    }

    [Fact]
    public async Task Deleting_goes_through_approval_to_the_trash_and_a_restore_brings_the_versions_back()
    {
        var tool = await ToolAsync();
        await Tools.PublishAsync(Admin, tool.Id);
        var agent = await Agents.CreateAsync(Admin, Acme, new AgentInput(Unique("Agent"), ToolIds: [tool.Id]));
        var approvals = Get<ApprovalService>();

        var described = await approvals.DescribeAsync(Admin, ApprovalOperations.Delete, ResourceTypes.Tool, tool.Id, null);
        Assert.Contains("1 published version", described.Consequences[0]);
        Assert.Contains(agent.Definition.Name, described.Consequences[1]);

        var request = await approvals.RequestAsync(Admin, ApprovalOperations.Delete, ResourceTypes.Tool, tool.Id, "Replaced", null, null);
        await Tools.GetAsync(Admin, tool.Id);
        await approvals.ApproveAsync(Reviewer, request.Id, "ok");

        await Assert.ThrowsAsync<NotFoundException>(() => Tools.GetAsync(Admin, tool.Id));
        var trash = Get<TrashService>();
        var item = (await trash.ListAsync(Admin, Acme, new PageRequest(1, 100))).Items.Single(i => i.ResourceId == tool.Id);
        await trash.RestoreAsync(Admin, item.Id, null);
        Assert.Equal(1, (await Tools.GetAsync(Admin, tool.Id)).Version.Number);
    }

    [Fact]
    public async Task Unconditional_draft_edits_racing_each_other_all_succeed_and_none_is_a_412()
    {
        // An edit without an expected version asked for no precondition: losing a race runs it again on fresh data
        // (as /api's unconditional PUTs do), never "Precondition failed".
        var tool = await ToolAsync();
        await Tools.PublishAsync(Admin, tool.Id);
        // Task.Run: SQLite's async calls complete synchronously, so without threads nothing would interleave.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 48).Select(i => Task.Run(async () =>
        {
            try
            {
                if (i % 3 != 2)
                {
                    try { await (i % 3 == 0 ? Tools.PublishAsync(Admin, tool.Id) : Tools.RollbackAsync(Admin, tool.Id)); }
                    catch (ConflictException) { }
                    return "publish or rollback";
                }
                await Tools.UpdateAsync(Admin, tool.Id, new ToolInput(Description: $"writer {i}"));
                return "ok";
            }
            catch (ConcurrencyException) { return "412"; }
        })));

        Assert.Equal(16, outcomes.Count(o => o == "ok"));
        Assert.DoesNotContain("412", outcomes);
        Assert.StartsWith("writer ", (await Tools.GetAsync(Admin, tool.Id, VersionSelector.Draft)).Definition.Description);
    }

    [Fact]
    public async Task Publishes_and_rollbacks_racing_each_other_never_leave_two_published_versions()
    {
        var agent = await AgentAsync("v1");
        await Agents.PublishAsync(Admin, agent.Id);
        await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(SystemPrompt: "v2"));
        await Agents.PublishAsync(Admin, agent.Id);
        await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(SystemPrompt: "v3"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                if (i % 2 == 0) await Agents.PublishAsync(Admin, agent.Id);
                else await Agents.RollbackAsync(Admin, agent.Id, 1);
                return "ok";
            }
            catch (ConflictException) { return "409"; }
            catch (ConcurrencyException) { return "412"; }
        }));

        Assert.Contains("ok", outcomes);
        Assert.DoesNotContain("412", outcomes);
        await using var db = Db.Context();
        var versions = await db.ResourceVersions.Where(v => v.ResourceId == agent.Id).ToListAsync();
        Assert.Single(versions, v => v.State == VersionState.Published);
        Assert.Single(versions, v => v.State == VersionState.Draft);
        var numbers = versions.Where(v => v.Number != null).Select(v => v.Number!.Value).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        var record = await db.Agents.SingleAsync(a => a.Id == agent.Id);
        Assert.Equal(numbers.Max(), record.PublishedVersion);
        Assert.Equal(record.PublishedVersion, versions.Single(v => v.State == VersionState.Published).Number);
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_published_or_draft_row_and_a_repeated_number()
    {
        var agent = await AgentAsync();
        await Agents.PublishAsync(Admin, agent.Id);
        ResourceVersion Row(VersionState state, int? number) => new()
        {
            ResourceType = ResourceTypes.Agent, ResourceId = agent.Id, OrganizationId = Acme, State = state, Number = number,
            DefinitionJson = "{}", CreatedAt = DateTime.UtcNow, CreatedBy = "test",
        };
        foreach (var row in new[] { Row(VersionState.Published, 2), Row(VersionState.Draft, null), Row(VersionState.Archived, 1) })
        {
            await using var db = Db.Context();
            db.ResourceVersions.Add(row);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using (var db = Db.Context())
        {
            db.ResourceVersions.Add(Row(VersionState.Archived, 2));
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task A_restore_under_a_new_name_renames_the_draft_too_so_the_next_edit_keeps_it()
    {
        var agent = await AgentAsync();
        var name = agent.Definition.Name;
        await using (var db = Db.Context())
        {
            var row = await db.Agents.SingleAsync(a => a.Id == agent.Id);
            await db.RemoveAuditedAsync(Admin, TimeProvider.System, row, row.ToAuditSubject(), "x");
        }
        await Agents.CreateAsync(Admin, Acme, new AgentInput(name));
        var trash = Get<TrashService>();
        var item = (await trash.ListAsync(Admin, Acme, new PageRequest(1, 100))).Items.Single(i => i.ResourceId == agent.Id);
        await Assert.ThrowsAnyAsync<ConflictException>(() => trash.RestoreAsync(Admin, item.Id, null));
        await trash.RestoreAsync(Admin, item.Id, name + " (old)");

        Assert.Equal(name + " (old)", (await Agents.GetAsync(Admin, agent.Id, VersionSelector.Draft)).Definition.Name);
        var edited = await Agents.UpdateAsync(Admin, agent.Id, new AgentInput(Description: "still here"));
        Assert.Equal(name + " (old)", edited.Definition.Name);
    }
}
