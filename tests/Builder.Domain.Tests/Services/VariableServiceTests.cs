using Builder.Domain.Common;
using Builder.Domain.Tests.Support;
using Builder.Domain.Variables;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Services;

public class VariableServiceTests : IAsyncLifetime
{
    private const string Secret = "sk-proj-TOP-SECRET-0123456789";
    private TestDatabase _db = null!;
    private VariableService _variables = null!;
    private Guid _development;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _variables = new VariableService(_db, _db.Protector, _db.Clock);
        _development = await _db.EnvironmentIdAsync("Acme Corp", "Development");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_value_is_stored_encrypted_and_only_reported_as_set()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _variables.CreateAsync(admin, _development, new VariableInput("OPENAI_API_KEY", Secret));

        Assert.True(created.HasValue);
        await using var context = _db.Context();
        var stored = await context.Variables.SingleAsync(v => v.Id == created.Id);
        Assert.DoesNotContain(Secret, stored.ProtectedValue);
        Assert.Equal(Secret, _db.Protector.Unprotect(stored.ProtectedValue!));
        Assert.DoesNotContain(typeof(VariableView).GetProperties(), p => p.Name.Contains("Value") && p.Name != "HasValue");
    }

    [Fact]
    public async Task Audit_records_name_the_value_field_but_never_contain_it()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _variables.CreateAsync(admin, _development, new VariableInput("STRIPE_KEY", Secret));
        await _variables.UpdateAsync(admin, created.Id, new VariableInput("STRIPE_KEY", Secret + "-2"), created.Version);

        await using var context = _db.Context();
        var entries = await context.AuditEntries.Where(a => a.ResourceId == created.Id).OrderBy(a => a.At).ToListAsync();
        Assert.Equal(["created", "updated"], entries.Select(e => e.Action));
        Assert.Equal("value", entries[1].ChangedFields);
        Assert.All(entries, e => Assert.DoesNotContain("sk-proj", e.ChangedFields + e.ActorEmail + e.ResourceType));
    }

    [Fact]
    public async Task A_value_can_be_replaced_and_cleared_but_never_read()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _variables.CreateAsync(admin, _development, new VariableInput("TOKEN"));
        Assert.False(created.HasValue);

        var set = await _variables.UpdateAsync(admin, created.Id, new VariableInput("TOKEN", Secret), created.Version);
        Assert.True(set.HasValue);
        var cleared = await _variables.UpdateAsync(admin, created.Id, new VariableInput("TOKEN", ClearValue: true), set.Version);
        Assert.False(cleared.HasValue);
    }

    [Fact]
    public async Task A_stale_version_is_refused_naming_who_changed_it()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var reviewer = await _db.ActorAsync("reviewer@acme.test");
        var created = await _variables.CreateAsync(admin, _development, new VariableInput("REGION", "eu"));
        await _variables.UpdateAsync(reviewer, created.Id, new VariableInput("REGION", "us"), created.Version);

        var conflict = await Assert.ThrowsAsync<ConcurrencyException>(() =>
            _variables.UpdateAsync(admin, created.Id, new VariableInput("REGION_RENAMED"), created.Version));
        Assert.Equal("reviewer@acme.test", conflict.ChangedBy);
        Assert.Equal("REGION", (await _variables.GetAsync(admin, created.Id)).Name);
    }

    [Theory]
    [InlineData("1BAD")]
    [InlineData("has space")]
    [InlineData("dash-ed")]
    [InlineData("")]
    public async Task Names_must_be_identifiers(string name)
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var error = await Assert.ThrowsAsync<ValidationException>(() => _variables.CreateAsync(admin, _development, new VariableInput(name)));
        Assert.Contains("name", error.Errors.Keys);
    }

    [Fact]
    public async Task Names_are_unique_per_environment_ignoring_case_but_may_repeat_across_environments()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        await _variables.CreateAsync(admin, _development, new VariableInput("API_URL"));
        await Assert.ThrowsAsync<ConflictException>(() => _variables.CreateAsync(admin, _development, new VariableInput("api_url")));
        var production = await _db.EnvironmentIdAsync("Acme Corp", "Production");
        await _variables.CreateAsync(admin, production, new VariableInput("API_URL"));
    }

    [Fact]
    public async Task Users_and_guests_may_read_but_not_write()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _variables.CreateAsync(admin, _development, new VariableInput("READ_ME"));
        foreach (var email in new[] { "builder@acme.test", "guest@acme.test" })
        {
            var actor = await _db.ActorAsync(email);
            Assert.Equal("READ_ME", (await _variables.GetAsync(actor, created.Id)).Name);
            await Assert.ThrowsAsync<ForbiddenException>(() => _variables.CreateAsync(actor, _development, new VariableInput("NOPE")));
            await Assert.ThrowsAsync<ForbiddenException>(() => _variables.DeleteAsync(actor, created.Id, null));
        }
    }

    [Fact]
    public async Task Another_organization_sees_nothing()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _variables.CreateAsync(admin, _development, new VariableInput("HIDDEN"));
        var globex = await _db.ActorAsync("admin@globex.test");
        await Assert.ThrowsAsync<NotFoundException>(() => _variables.GetAsync(globex, created.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => _variables.CreateAsync(globex, _development, new VariableInput("X")));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            _variables.ListAsync(globex, new VariableFilter(null, _development), new PageRequest()));
    }

    [Fact]
    public async Task Deleting_through_an_api_key_requires_a_person()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _variables.CreateAsync(admin, _development, new VariableInput("KEEP"));
        var viaKey = await _db.ActorAsync("admin@acme.test", await _db.OrganizationIdAsync("Acme Corp"));
        await Assert.ThrowsAsync<HumanOversightRequiredException>(() => _variables.DeleteAsync(viaKey, created.Id, null));
        Assert.Equal("KEEP", (await _variables.GetAsync(admin, created.Id)).Name);
    }

    [Fact]
    public async Task Lists_page_and_search_on_the_server()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        await using (var context = _db.Context())
        {
            var organization = await _db.OrganizationIdAsync("Acme Corp");
            for (var i = 0; i < 250; i++)
                context.Variables.Add(new Variable { OrganizationId = organization, EnvironmentId = _development, Name = $"VAR_{i:D4}", UpdatedBy = "seed" });
            context.Variables.Add(new Variable { OrganizationId = organization, EnvironmentId = _development, Name = "SPECIAL_ONE", UpdatedBy = "seed" });
            await context.SaveChangesAsync();
        }

        var third = await _variables.ListAsync(admin, new VariableFilter(null, _development), new PageRequest(3, 100, Sort: "name"));
        Assert.Equal(251, third.Total);
        Assert.Equal(3, third.TotalPages);
        Assert.Equal(51, third.Items.Count);
        Assert.Equal("VAR_0199", third.Items[0].Name);

        var found = await _variables.ListAsync(admin, new VariableFilter(null, _development), new PageRequest(Search: "special"));
        Assert.Equal(["SPECIAL_ONE"], found.Items.Select(v => v.Name));
    }
}
