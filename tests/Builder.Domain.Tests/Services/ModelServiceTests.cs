using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tests.Services;

/// <summary>The model rules the pickers and the execution path rely on: what an organization may choose and call.</summary>
public class ModelServiceTests : IAsyncLifetime
{
    private const string Token = "sk-proj-MODEL-CANARY-0123456789";
    private const string Url = "https://api.openai.com/v1/chat/completions";
    private TestDatabase _db = null!;
    private ModelService _models = null!;
    private Guid _acme, _globex;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _models = new ModelService(_db, _db.Protector, _db.Clock);
        (_acme, _globex) = (await _db.OrganizationIdAsync("Acme Corp"), await _db.OrganizationIdAsync("Globex"));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static ModelInput Input(string name, string? token = null, bool? visible = null) =>
        new(name, Url, "gpt-4o-mini", Token: token, IsVisible: visible);

    [Fact]
    public async Task Choosable_models_are_the_organizations_own_then_the_visible_system_models()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var admin = await _db.ActorAsync("admin@acme.test");
        await _models.CreateAsync(admin, _acme, Input("Zeta"));
        await _models.CreateAsync(admin, _acme, Input("alpha"));
        await _models.CreateAsync(system, _globex, Input("Globex only"));
        await _models.CreateSystemAsync(system, Input("Shared", visible: true));
        await _models.CreateSystemAsync(system, Input("Hidden", visible: false));

        var choices = await _models.ListChoosableAsync(await _db.ActorAsync("guest@acme.test"), _acme);

        Assert.Equal([("alpha", false), ("Zeta", false), ("Shared", true)], choices.Select(c => (c.Name, c.IsSystem)));
        var outsider = await _db.ActorAsync("admin@globex.test");
        await Assert.ThrowsAsync<NotFoundException>(() => _models.ListChoosableAsync(outsider, _acme));
    }

    [Fact]
    public async Task The_execution_path_gets_decrypted_credentials_only_for_a_model_the_organization_may_use()
    {
        var system = await _db.ActorAsync("system@builder.local");
        var admin = await _db.ActorAsync("admin@acme.test");
        var guest = await _db.ActorAsync("guest@acme.test");
        var own = await _models.CreateAsync(admin, _acme, Input("Own", Token));
        var shared = await _models.CreateSystemAsync(system, Input("Shared", Token, visible: true));
        var hidden = await _models.CreateSystemAsync(system, Input("Hidden", Token, visible: false));
        var foreign = await _models.CreateAsync(system, _globex, Input("Foreign", Token));

        Assert.Equal(Token, (await _models.GetEndpointAsync(guest, own.Id, _acme)).Endpoint.Token);
        Assert.Equal(Token, (await _models.GetEndpointAsync(guest, shared.Id, _acme)).Endpoint.Token);
        await Assert.ThrowsAsync<NotFoundException>(() => _models.GetEndpointAsync(guest, hidden.Id, _acme));
        await Assert.ThrowsAsync<NotFoundException>(() => _models.GetEndpointAsync(guest, foreign.Id, _acme));
        var outsider = await _db.ActorAsync("admin@globex.test");
        await Assert.ThrowsAsync<NotFoundException>(() => _models.GetEndpointAsync(outsider, own.Id, _acme));
        Assert.DoesNotContain(Token, (await _models.GetEndpointAsync(guest, own.Id, _acme)).ToString());
    }

    [Fact]
    public async Task Credentials_are_encrypted_and_audited_by_field_name_only()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _models.CreateAsync(admin, _acme, Input("Audited", Token));
        await _models.UpdateAsync(admin, created.Id, Input("Audited") with { ClearToken = true, ClientKey = Token + "-client" }, created.Version);

        await using var context = _db.Context();
        var stored = await context.Models.SingleAsync(m => m.Id == created.Id);
        Assert.Null(stored.ProtectedToken);
        Assert.Equal(Token + "-client", _db.Protector.Unprotect(stored.ProtectedClientKey!));
        var entries = await context.AuditEntries.Where(a => a.ResourceId == created.Id).OrderBy(a => a.At).ToListAsync();
        Assert.Equal(["created", "updated"], entries.Select(e => e.Action));
        Assert.Contains("token", entries[0].ChangedFields);
        Assert.Equal("token:cleared,clientKey", entries[1].ChangedFields);
        Assert.All(entries, e => Assert.DoesNotContain("MODEL-CANARY", e.ChangedFields + e.ResourceName));
        Assert.All(entries, e => Assert.Equal("Audited", e.ResourceName));
    }

    [Fact]
    public async Task An_update_that_changes_nothing_writes_nothing()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        var created = await _models.CreateAsync(admin, _acme, Input("Same", Token));

        var updated = await _models.UpdateAsync(admin, created.Id, Input("Same"), created.Version);

        Assert.Equal(created.Version, updated.Version);
    }

    [Fact]
    public async Task Only_a_System_person_manages_system_models()
    {
        var admin = await _db.ActorAsync("admin@acme.test");
        await Assert.ThrowsAsync<ForbiddenException>(() => _models.CreateSystemAsync(admin, Input("No")));
        var key = await _db.ActorAsync("system@builder.local", apiKeyOrganization: _acme);
        await Assert.ThrowsAsync<ApiKeyScopeException>(() => _models.CreateSystemAsync(key, Input("No")));
    }
}
