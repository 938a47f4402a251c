using System.Data;
using Builder.Data;
using Builder.Domain.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Persistence;

/// <summary>
/// Readers keep their connection open between uses, see every commit, never save, and the pool neither reuses a reader
/// left in a transaction nor keeps more than <see cref="SqliteReaders.MaxIdle"/> open.
/// </summary>
public class SqliteReadersTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("builder-readers-").FullName;
    private ServiceProvider _services = null!;
    private IBuilderDbContextFactory Contexts => _services.GetRequiredService<IBuilderDbContextFactory>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Builder"] = $"Data Source={Path.Combine(_folder, "builder.db")}",
        }).Build();
        _services = new ServiceCollection().AddLogging().AddBuilderData(configuration, _folder).BuildServiceProvider();
        await _services.InitializeDatabaseAsync(seed: true);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_reader_comes_back_with_its_connection_open_and_sees_a_later_commit()
    {
        var first = (DbContext)Contexts.CreateReader();
        var connection = first.Database.GetDbConnection();
        var before = await first.Set<Builder.Domain.Organizations.Organization>().CountAsync();
        await first.DisposeAsync();
        Assert.Equal(ConnectionState.Open, connection.State);

        await using (var writer = (BuilderDbContext)Contexts.Create())
        {
            writer.Organizations.Add(new Builder.Domain.Organizations.Organization
            {
                Id = Guid.NewGuid(), Name = "Readers Ltd", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "test", Version = Guid.NewGuid(),
            });
            await writer.SaveChangesAsync();
        }

        await using var again = (DbContext)Contexts.CreateReader();
        Assert.Same(first, again);
        Assert.Equal(before + 1, await again.Set<Builder.Domain.Organizations.Organization>().CountAsync());
        Assert.Equal(QueryTrackingBehavior.NoTracking, again.ChangeTracker.QueryTrackingBehavior);
    }

    [Fact]
    public async Task A_reader_refuses_to_save()
    {
        await using var reader = Contexts.CreateReader();
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.SaveChangesAsync());
    }

    [Fact]
    public async Task A_reader_left_in_a_transaction_is_closed_not_reused()
    {
        var reader = (DbContext)Contexts.CreateReader();
        var connection = reader.Database.GetDbConnection();
        await reader.Database.BeginTransactionAsync();
        await reader.DisposeAsync();
        Assert.Equal(ConnectionState.Closed, connection.State);
        await using var next = (DbContext)Contexts.CreateReader();
        Assert.NotSame(reader, next);
    }

    [Fact]
    public async Task At_most_MaxIdle_readers_stay_open()
    {
        var readers = Enumerable.Range(0, SqliteReaders.MaxIdle + 5).Select(_ => (DbContext)Contexts.CreateReader()).ToList();
        var connections = readers.Select(r => r.Database.GetDbConnection()).ToList();
        foreach (var reader in readers) await reader.DisposeAsync();
        Assert.Equal(SqliteReaders.MaxIdle, connections.Count(c => c.State == ConnectionState.Open));

        await _services.DisposeAsync();
        Assert.All(connections, c => Assert.Equal(ConnectionState.Closed, c.State));
    }

    /// <summary>A reader runs the same query again on the statements SQLite prepared the first time, with the new values.</summary>
    [Fact]
    public async Task The_same_query_with_other_values_answers_each_time_from_its_kept_command()
    {
        var contexts = Contexts;
        var names = new List<string>();
        foreach (var name in new[] { "Acme Corp", "Globex", "Nobody Inc", "Acme Corp" })
        {
            await using var reader = (DbContext)contexts.CreateReader();
            names.Add(await reader.Set<Builder.Domain.Organizations.Organization>().Where(o => o.Name == name)
                .Select(o => o.Name).FirstOrDefaultAsync() ?? "(none)");
        }
        Assert.Equal(["Acme Corp", "Globex", "(none)", "Acme Corp"], names);

        // A GUID parameter keeps the type EF gave it (stored as text): an id found, then another, then none.
        var ids = new List<Guid?>();
        await using (var context = (BuilderDbContext)contexts.Create())
            ids.AddRange(await context.Organizations.OrderBy(o => o.Name).Select(o => (Guid?)o.Id).Take(2).ToListAsync());
        ids.Add(Guid.NewGuid());
        var found = new List<bool>();
        foreach (var id in ids)
        {
            await using var reader = (DbContext)contexts.CreateReader();
            found.Add(await reader.Set<Builder.Domain.Organizations.Organization>().AnyAsync(o => o.Id == id));
        }
        Assert.Equal([true, true, false], found);
    }
}
