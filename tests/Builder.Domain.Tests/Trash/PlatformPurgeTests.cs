using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.Tests.Support;
using Builder.Domain.Trash;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Tests.Trash;

/// <summary>
/// "Delete permanently" from the platform's trash (an item of no organization): a request of the platform that another
/// System administrator sees among the platform's requests, approves, and that then removes the item for good.
/// </summary>
public class PlatformPurgeTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly ApprovalNotifier _notifier = new();
    private Actor _system = null!, _secondSystem = null!, _admin = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _system = await _db.ActorAsync("system@builder.local");
        _admin = await _db.ActorAsync("admin@acme.test");
        await using (var context = _db.Context())
        {
            context.Users.Add(new User { Email = "second-system@builder.local", Name = "Second System", IsSystem = true, CreatedAt = _clock.Now.UtcDateTime });
            await context.SaveChangesAsync();
        }
        _secondSystem = await _db.ActorAsync("second-system@builder.local");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private TrashService Trash => new(_db, _clock, _db.Actors);

    private ApprovalService Approvals() => new(_db, _clock, [new PurgeTrashItemOperation(_db, Trash, _clock)], _db.Accounts, _notifier,
        NullLogger<ApprovalService>.Instance);

    private async Task<TrashItemView> TrashedSystemModelAsync()
    {
        var models = new ModelService(_db, _db.Protector, _clock);
        var model = await models.CreateSystemAsync(_system,
            new ModelInput("Shared mini", "https://api.openai.com/v1/chat/completions", "gpt-4o-mini"));
        await models.DeleteSystemAsync(_system, model.Id, null);
        return Assert.Single((await Trash.ListAsync(_system, null, new PageRequest())).Items);
    }

    [Fact]
    public async Task A_purge_of_a_platform_trash_item_is_listed_for_another_system_administrator_who_approves_and_it_runs()
    {
        var item = await TrashedSystemModelAsync();
        Assert.Null(item.OrganizationId);
        var approvals = Approvals();
        var changes = new List<ApprovalChange>();
        _notifier.Changed += changes.Add;

        var request = await approvals.RequestAsync(_system, ApprovalOperations.Purge, ResourceTypes.TrashItem, item.Id, "Leaked key in its settings", null);

        Assert.Equal((ApprovalStatus.Pending, (Guid?)null, "Shared mini"), (request.Status, request.OrganizationId, request.ResourceName));
        Assert.Contains(request.Consequences, c => c.Contains("removed for good"));
        Assert.False(request.CanDecide); // the requester's own approval never counts
        Assert.Contains(changes, c => c.RequestId == request.Id && c.OrganizationId is null);

        // The other System administrator finds it among the platform's requests waiting for them, and the badge counts it.
        var waiting = await approvals.ListAsync(_secondSystem, null, new ApprovalQuery(WaitingForMe: true), new PageRequest());
        var listed = Assert.Single(waiting.Items);
        Assert.Equal(request.Id, listed.Id);
        Assert.True(listed.CanDecide);
        Assert.Equal(1, await approvals.CountWaitingForAsync(_secondSystem));
        Assert.Empty((await approvals.ListAsync(_system, null, new ApprovalQuery(WaitingForMe: true), new PageRequest())).Items);
        // An organization's Admin neither lists the platform's requests nor opens this one.
        await Assert.ThrowsAsync<ValidationException>(() => approvals.ListAsync(_admin, null, new ApprovalQuery(), new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => approvals.GetAsync(_admin, request.Id));

        var decided = await approvals.ApproveAsync(_secondSystem, request.Id, "Agreed");

        Assert.Equal(ApprovalStatus.Executed, decided.Status);
        Assert.Empty((await Trash.ListAsync(_system, null, new PageRequest())).Items);
        await using var context = _db.Context();
        Assert.False(await context.TrashItems.AnyAsync(t => t.Id == item.Id));
        Assert.False(await context.Models.IgnoreQueryFilters().AnyAsync(m => m.Id == item.ResourceId));
        Assert.Contains(AuditActions.Purged, await context.AuditEntries.Where(a => a.ResourceId == item.ResourceId).Select(a => a.Action).ToListAsync());
        Assert.Equal(0, await approvals.CountWaitingForAsync(_secondSystem));
    }
}
