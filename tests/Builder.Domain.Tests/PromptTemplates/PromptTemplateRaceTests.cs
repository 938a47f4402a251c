using Builder.Domain.Common;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Builder.Domain.Tests.PromptTemplates;

/// <summary>Two saves of one template at once: the loser is a concurrency failure (so an unconditional write retries), never a "duplicate name".</summary>
public class PromptTemplateRaceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary>Just before the first save it intercepts, runs <see cref="Other"/> (another person's save) to completion.</summary>
    private sealed class SaveFirst : SaveChangesInterceptor
    {
        public Func<Task>? Other;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref Other, null) is { } other) await other();
            return result;
        }
    }

    [Fact]
    public async Task A_save_that_loses_the_race_for_the_next_version_is_a_concurrency_failure_and_changes_nothing()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var acme = await _db.OrganizationIdAsync("Acme Corp");
        var plain = new PromptTemplateService(_db, _db.Clock);
        var created = await plain.CreateAsync(admin, acme, new PromptTemplateInput("Raced", null, "one", Variables: new Dictionary<string, string>()));
        var interceptor = new SaveFirst
        {
            Other = () => plain.UpdateAsync(admin, created.Id, new PromptTemplateInput(PromptText: "winner"), null),
        };
        var racing = new PromptTemplateService(_db.With(interceptor), _db.Clock);

        var error = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            racing.UpdateAsync(admin, created.Id, new PromptTemplateInput(PromptText: "loser"), null));

        Assert.Contains("admin@acme.test", error.Message);
        var current = await plain.GetAsync(admin, created.Id);
        Assert.Equal((2, "winner"), (current.Version, current.PromptText));
        Assert.Equal(2, (await plain.ListVersionsAsync(admin, created.Id, new PageRequest())).Total);
    }
}
