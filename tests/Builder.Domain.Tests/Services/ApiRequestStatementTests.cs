using Builder.Domain.ApiKeys;
using Builder.Domain.Common;
using Builder.Domain.Tests.Support;
using Builder.Domain.Variables;

namespace Builder.Domain.Tests.Services;

/// <summary>
/// The statements behind one API request with a key: authenticating a warm key reads nothing (the cache follows
/// revocations and actor changes at once), and a variables list is the scope with its count, then the page.
/// </summary>
public class ApiRequestStatementTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly StatementCounter _counter = new();
    private ApiKeyService _keys = null!;
    private Guid _acme;
    private Guid _development;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _keys = new ApiKeyService(_db.With(_counter), _db.Accounts, _db.ApiKeys, _db.Clock);
        _acme = await _db.OrganizationIdAsync("Acme Corp");
        _development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_warm_key_authenticates_without_a_statement()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var generated = await _keys.GenerateAsync(admin, _acme, "Automation");
        await _keys.AuthenticateAsync(generated.Token);
        var before = _counter.Count;

        var actor = await _keys.AuthenticateAsync(generated.Token);

        Assert.Equal(admin.UserId, actor?.UserId);
        Assert.Equal(_acme, actor?.ApiKeyOrganizationId);
        Assert.Equal(before, _counter.Count);
    }

    [Fact]
    public async Task A_cached_key_still_checks_its_secret_and_is_read_again_after_an_actor_change()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var generated = await _keys.GenerateAsync(admin, _acme, "Automation");
        await _keys.AuthenticateAsync(generated.Token);

        Assert.Null(await _keys.AuthenticateAsync(generated.Token[..^1] + (generated.Token[^1] == 'A' ? 'B' : 'A')));
        var before = _counter.Count;
        _db.Actors.Evict(Guid.NewGuid()); // a membership change of anyone
        Assert.NotNull(await _keys.AuthenticateAsync(generated.Token));
        Assert.True(_counter.Count > before, "the key was not read again after an actor change");
    }

    [Fact]
    public async Task A_cached_key_fails_at_once_when_revoked()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var generated = await _keys.GenerateAsync(admin, _acme, "Automation");
        Assert.NotNull(await _keys.AuthenticateAsync(generated.Token));
        Assert.NotNull(await _keys.AuthenticateAsync(generated.Token));

        await _keys.RevokeAsync(admin, generated.Key.Id);

        Assert.Null(await _keys.AuthenticateAsync(generated.Token));
    }

    [Fact]
    public async Task A_page_of_an_environments_variables_is_one_statement_and_an_empty_page_two()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var variables = new VariableService(_db.With(_counter), _db.Protector, _db.Clock);
        foreach (var name in new[] { "ALPHA", "BETA", "GAMMA" }) await variables.CreateAsync(admin, _development, new VariableInput(name));
        var production = await _db.EnvironmentIdAsync("Acme Corp", "Production");

        async Task<(PagedResult<VariableView> Page, int Statements)> ListAsync(Guid environment, int page)
        {
            var before = _counter.Count;
            var result = await variables.ListAsync(admin, new VariableFilter(_acme, environment), new PageRequest(Page: page, Limit: 2));
            return (result, _counter.Count - before);
        }

        var (first, firstStatements) = await ListAsync(_development, 1);
        var (second, secondStatements) = await ListAsync(_development, 2);
        var (past, pastStatements) = await ListAsync(_development, 3);
        var (empty, emptyStatements) = await ListAsync(production, 1);

        Assert.Equal(("ALPHA,BETA", 3, 1), (string.Join(",", first.Items.Select(v => v.Name)), first.Total, firstStatements));
        Assert.Equal(("GAMMA", 3, 1), (string.Join(",", second.Items.Select(v => v.Name)), second.Total, secondStatements));
        Assert.Equal((0, 3, 2), (past.Items.Count, past.Total, pastStatements));
        Assert.Equal((0, 0, 2), (empty.Items.Count, empty.Total, emptyStatements));
    }

    [Fact]
    public async Task A_variables_list_of_an_environment_is_one_statement_and_of_an_organization_two()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var variables = new VariableService(_db.With(_counter), _db.Protector, _db.Clock);
        await variables.CreateAsync(admin, _development, new VariableInput("FIRST"));
        await variables.CreateAsync(admin, _development, new VariableInput("SECOND"));

        var before = _counter.Count;
        var byEnvironment = await variables.ListAsync(admin, new VariableFilter(_acme, _development), new PageRequest(Limit: 1));
        var environmentStatements = _counter.Count - before;
        before = _counter.Count;
        var byOrganization = await variables.ListAsync(admin, new VariableFilter(_acme, null), new PageRequest(Limit: 1, Search: "sec"));
        var organizationStatements = _counter.Count - before;

        Assert.Equal((1, 2), (byEnvironment.Items.Count, byEnvironment.Total));
        Assert.Equal(("SECOND", 1), (byOrganization.Items.Single().Name, byOrganization.Total));
        Assert.Equal((1, 2), (environmentStatements, organizationStatements));
    }

    [Fact]
    public async Task A_list_of_another_organizations_environment_or_of_none_is_not_found()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var system = await _db.ActorAsync("system@builder.local");
        var variables = new VariableService(_db, _db.Protector, _db.Clock);
        var globex = await _db.OrganizationIdAsync("Globex");
        var globexProduction = await _db.EnvironmentIdAsync("Globex", "Production");

        // With a variable in it, so the page that carries its organization is what refuses (and without, the count).
        await variables.CreateAsync(system, globexProduction, new VariableInput("GLOBEX_ONLY"));
        await Assert.ThrowsAsync<NotFoundException>(() => variables.ListAsync(admin, new VariableFilter(null, globexProduction), new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => variables.ListAsync(admin, new VariableFilter(null, globexProduction), new PageRequest(Page: 9)));
        await Assert.ThrowsAsync<NotFoundException>(() => variables.ListAsync(admin, new VariableFilter(_acme, globexProduction), new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => variables.ListAsync(system, new VariableFilter(_acme, globexProduction), new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => variables.ListAsync(system, new VariableFilter(null, Guid.NewGuid()), new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => variables.ListAsync(system, new VariableFilter(Guid.NewGuid(), null), new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => variables.ListAsync(admin, new VariableFilter(globex, null), new PageRequest()));
        Assert.NotNull(await variables.ListAsync(system, new VariableFilter(globex, globexProduction), new PageRequest()));
    }
}
