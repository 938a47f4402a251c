using System.Collections.Concurrent;
using System.Data.Common;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Tests.Support;
using Builder.Domain.Variables;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Builder.Domain.Tests.Common;

/// <summary>Search terms travel as SQL parameters: one SQL text (one compiled query) for every term, and no term inside it.</summary>
public class SearchParameterTests : IAsyncLifetime
{
    private readonly CommandLog _log = new();
    private TestDatabase _db = null!;
    private Guid _acme, _development;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Two_different_terms_send_the_same_SQL_with_the_term_as_a_parameter()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var variables = new VariableService(_db.With(_log), _db.Protector, _db.Clock);
        await new VariableService(_db, _db.Protector, _db.Clock).CreateAsync(system, _development, new VariableInput("ZEBRA_TOKEN"));

        var first = await variables.ListAsync(system, new VariableFilter(_acme, null), new PageRequest(Search: "zebra"));
        var firstSql = _log.Take();
        var second = await variables.ListAsync(system, new VariableFilter(_acme, null), new PageRequest(Search: "quokka' OR '1'='1"));
        var secondSql = _log.Take();

        Assert.Equal(["ZEBRA_TOKEN"], first.Items.Select(v => v.Name));
        Assert.Empty(second.Items);
        // The count of each search: the same text, whatever the term.
        var like = firstSql.First(c => c.Text.Contains("LIKE"));
        Assert.Equal(like.Text, secondSql.First(c => c.Text.Contains("LIKE")).Text);
        Assert.DoesNotContain("zebra", like.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("%zebra%", like.Parameters);
        Assert.Contains("%quokka' or '1'='1%", secondSql.SelectMany(c => c.Parameters));
    }

    /// <summary>Named, because a NUL does not survive the test runner's serialization of theory data.</summary>
    [Theory]
    [InlineData("nul")]
    [InlineData("zebra-nul")]
    [InlineData("'")]
    [InlineData("\\")]
    public async Task Awkward_terms_find_nothing_they_are_not_in(string name)
    {
        var term = name.Replace("-", "").Replace("nul", "\0");
        var system = await _db.ActorAsync("system@builder.local");
        var variables = new VariableService(_db, _db.Protector, _db.Clock);
        await variables.CreateAsync(system, _development, new VariableInput("ZEBRA_TOKEN"));
        var page = await variables.ListAsync(system, new VariableFilter(_acme, null), new PageRequest(Search: term));
        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task The_audit_actor_filter_is_a_parameter_too()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var audit = new AuditService(_db.With(_log));
        await new EnvironmentService(_db, _db.Clock).CreateAsync(system, _acme, new EnvironmentInput("Audited", null));

        var found = await audit.ListAsync(system, _acme, new AuditFilter(Actor: "system@"), new PageRequest());
        var sql = _log.Take();

        Assert.NotEmpty(found.Items);
        Assert.All(sql, c => Assert.DoesNotContain("system@", c.Text));
        Assert.Contains("%system@%", sql.SelectMany(c => c.Parameters));
    }

    /// <summary>Remembers the text and string parameter values of every command sent.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<(string Text, List<string> Parameters)> _commands = new();

        public List<(string Text, List<string> Parameters)> Take()
        {
            var taken = new List<(string, List<string>)>();
            while (_commands.TryDequeue(out var command)) taken.Add(command);
            return taken;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Record(DbCommand command) => _commands.Enqueue((command.CommandText,
            command.Parameters.Cast<DbParameter>().Select(p => p.Value as string).OfType<string>().ToList()));
    }
}
