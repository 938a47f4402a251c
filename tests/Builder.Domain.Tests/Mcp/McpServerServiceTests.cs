using Builder.Data;
using Builder.Domain.Access;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Mcp;
using Builder.Domain.Outbound;
using Builder.Domain.Tests.Support;
using Builder.Domain.Trash;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Mcp;

/// <summary>The MCP server rules: validation, the permission matrix, other organizations, write-only headers, deletion.</summary>
public sealed class McpServerServiceTests : IAsyncLifetime
{
    internal const string Canary = "mcp-HEADER-CANARY-7f3e9a";
    private const string Url = "https://mcp.example.com/mcp";
    private FileTestDatabase _db = null!;
    private readonly ISecretProtector _protector = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());
    private ServiceProvider _services = null!;
    private Guid _acme, _globex;
    private Actor _system = null!, _admin = null!, _user = null!, _guest = null!, _outsider = null!, _reviewer = null!, _key = null!;

    public async Task InitializeAsync()
    {
        _db = await FileTestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBuilderDomain();
        services.AddOutboundHttp(new ConfigurationBuilder().Build(), isDevelopment: true);
        services.AddSingleton<IBuilderDbContextFactory>(_db);
        services.AddSingleton(_protector);
        services.AddSingleton<Builder.Domain.Models.IModelGateway, Builder.Domain.Models.ModelGateway>();
        _services = services.BuildServiceProvider();
        (_acme, _globex) = (await _db.OrganizationIdAsync("Acme Corp"), await _db.OrganizationIdAsync("Globex"));
        _system = await _db.ActorAsync("system@builder.local");
        _admin = await _db.ActorAsync("admin@acme.test");
        _user = await _db.ActorAsync("builder@acme.test");
        _guest = await _db.ActorAsync("guest@acme.test");
        _reviewer = await _db.ActorAsync("reviewer@acme.test");
        _outsider = await _db.ActorAsync("admin@globex.test");
        _key = (await _db.Accounts.BuildActorAsync(await _db.UserIdAsync("admin@acme.test"), _acme))!;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private McpServerService Servers => _services.CreateScope().ServiceProvider.GetRequiredService<McpServerService>();
    private T Get<T>() where T : notnull => _services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private static McpServerInput Input(string name, params (string Name, string? Value)[] headers) =>
        new(name, Url, "Orders", Headers: headers.Select(h => new McpHeaderInput(h.Name, h.Value)).ToList());

    [Fact]
    public async Task A_server_gets_the_next_public_number_and_its_view_names_headers_only()
    {
        var first = await Servers.CreateAsync(_admin, _acme, Input("Orders", ("Authorization", "Bearer " + Canary)));
        var second = await Servers.CreateAsync(_admin, _acme, Input("Billing"));

        Assert.Equal(first.ServerId + 1, second.ServerId);
        Assert.Equal("STREAMABLE_HTTP", first.Transport);
        Assert.Equal(30, first.TimeoutSeconds);
        Assert.Equal([new McpHeaderView("Authorization")], first.Headers);
        Assert.DoesNotContain(Canary, System.Text.Json.JsonSerializer.Serialize(first));
        var byNumber = await Servers.GetByNumberAsync(_guest, _acme, first.ServerId);
        Assert.Equal(first.Id, byNumber.Id);
    }

    [Fact]
    public async Task Header_values_are_encrypted_and_audited_by_the_field_name_only()
    {
        var created = await Servers.CreateAsync(_admin, _acme, Input("Orders", ("X-Api-Key", Canary)));
        await Servers.UpdateAsync(_admin, created.Id, Input("Orders", ("X-Api-Key", Canary + "-2")), created.Version);

        await using var context = _db.Context();
        var stored = await context.Set<McpServer>().SingleAsync(s => s.Id == created.Id);
        Assert.DoesNotContain(Canary, stored.ProtectedHeaders);
        Assert.Equal(Canary + "-2", _protector.Unprotect(stored.ReadHeaders().Single().Value));
        var entries = await context.AuditEntries.Where(a => a.ResourceId == created.Id).OrderBy(a => a.At).ToListAsync();
        Assert.Equal(["created", "updated"], entries.Select(e => e.Action));
        Assert.Contains("headers", entries[0].ChangedFields);
        Assert.Equal("headers", entries[1].ChangedFields);
        Assert.All(entries, e => Assert.DoesNotContain("CANARY", e.ChangedFields + e.ResourceName));
    }

    [Fact]
    public async Task A_header_without_a_new_value_keeps_the_stored_one_and_a_missing_header_is_removed()
    {
        var created = await Servers.CreateAsync(_admin, _acme, Input("Orders", ("Authorization", Canary), ("X-Tenant", "acme")));

        var kept = await Servers.UpdateAsync(_admin, created.Id, Input("Orders", ("Authorization", null)), created.Version);

        Assert.Equal(["Authorization"], kept.Headers.Select(h => h.Name));
        await using var context = _db.Context();
        var stored = await context.Set<McpServer>().SingleAsync(s => s.Id == created.Id);
        Assert.Equal(Canary, _protector.Unprotect(stored.ReadHeaders().Single().Value));
        // Headers left out (null) keep everything; an edit that changes nothing writes nothing.
        var same = await Servers.UpdateAsync(_admin, created.Id, new McpServerInput("Orders", Url, "Orders"), kept.Version);
        Assert.Equal(kept.Version, same.Version);
    }

    [Theory]
    [InlineData("", Url, "name", "Name is required.")]
    [InlineData("Orders", "", "url", "URL is required.")]
    [InlineData("Orders", "ftp://mcp.example.com/mcp", "url", "absolute http or https URL")]
    [InlineData("Orders", "mcp.example.com/mcp", "url", "absolute http or https URL")]
    [InlineData("Orders", "https://user:pass@mcp.example.com/mcp", "url", "user name or password")]
    [InlineData("Orders", "https://mcp.example.com/mcp?api_key=abc", "url", "credential in its query ('api_key')")]
    public async Task Bad_settings_are_a_400_naming_the_field_and_nothing_is_saved(string name, string url, string field, string message)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Servers.CreateAsync(_admin, _acme, new McpServerInput(name, url)));

        Assert.Contains(error.Errors[field], m => m.Contains(message));
        Assert.Empty(await Servers.ListAllAsync(_admin, _acme));
    }

    [Fact]
    public async Task Bad_headers_transport_and_timeout_are_refused_by_field()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => Servers.CreateAsync(_admin, _acme,
            Input("Orders", ("Bad Name", "x"), ("Content-Type", "x"), ("X-Ok", null), ("X-Line", "a\r\nInjected: 1"), ("x-ok", "y"), ("X-Empty", ""))
                with { Transport = "SSE", TimeoutSeconds = 0 }));

        Assert.Contains("not a valid header name", error.Errors["headers[0].name"].Single());
        Assert.Contains("set by the MCP transport", error.Errors["headers[1].name"].Single());
        Assert.Contains("Enter a value for the header X-Ok", error.Errors["headers[2].value"].Single());
        Assert.Contains("printable ASCII", error.Errors["headers[3].value"].Single());
        Assert.Contains("given twice", error.Errors["headers[4].name"].Single());
        Assert.Contains("cannot be empty", error.Errors["headers[5].value"].Single());
        Assert.Contains("STREAMABLE_HTTP", error.Errors["transport"].Single());
        Assert.Contains("between 1 and 300", error.Errors["timeoutSeconds"].Single());
        var tooMany = await Assert.ThrowsAsync<ValidationException>(() => Servers.CreateAsync(_admin, _acme,
            Input("Many", Enumerable.Range(0, 21).Select(i => ($"X-H{i}", (string?)"v")).ToArray())));
        Assert.Contains("at most 20 headers", tooMany.Errors["headers"].Single());
    }

    [Fact]
    public async Task A_duplicate_name_in_the_organization_is_a_conflict_but_another_organization_may_use_it()
    {
        await Servers.CreateAsync(_admin, _acme, Input("Orders"));

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => Servers.CreateAsync(_admin, _acme, Input("ORDERS")));
        Assert.Contains("already exists", conflict.Message);
        await Servers.CreateAsync(_outsider, _globex, Input("Orders"));
    }

    [Fact]
    public async Task Moving_a_server_to_another_host_must_enter_its_header_values_again()
    {
        var created = await Servers.CreateAsync(_admin, _acme, Input("Orders", ("Authorization", Canary)));

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            Servers.UpdateAsync(_admin, created.Id, Input("Orders", ("Authorization", null)) with { Url = "https://attacker.example/mcp" }));
        Assert.Contains("Authorization", error.Errors["url"].Single());
        // Same origin, another path: fine. Another host with the value entered again: fine.
        var moved = await Servers.UpdateAsync(_admin, created.Id, Input("Orders", ("Authorization", null)) with { Url = "https://mcp.example.com/v2/mcp" });
        await Servers.UpdateAsync(_admin, created.Id, Input("Orders", ("Authorization", "new")) with { Url = "https://other.example/mcp" }, moved.Version);
    }

    public static TheoryData<string, bool, bool> Roles => new()
    {
        // who, may read, may create/update
        { "system@builder.local", true, true },
        { "admin@acme.test", true, true },
        { "builder@acme.test", true, false },
        { "guest@acme.test", true, false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_method_follows_the_permission_matrix(string email, bool read, bool write)
    {
        var actor = await _db.ActorAsync(email);
        var existing = await Servers.CreateAsync(_admin, _acme, Input("Existing"));

        if (write)
        {
            var created = await Servers.CreateAsync(actor, _acme, Input("Mine"));
            await Servers.UpdateAsync(actor, created.Id, Input("Mine renamed"), created.Version);
        }
        else
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => Servers.CreateAsync(actor, _acme, Input("Mine")));
            await Assert.ThrowsAsync<ForbiddenException>(() => Servers.UpdateAsync(actor, existing.Id, Input("Renamed")));
            await Assert.ThrowsAsync<ForbiddenException>(() => Servers.DescribeDeletionAsync(actor, existing.Id));
        }
        Assert.True(read);
        Assert.Equal(existing.Id, (await Servers.GetAsync(actor, existing.Id)).Id);
        Assert.NotEmpty((await Servers.ListAsync(actor, _acme, new PageRequest())).Items);
    }

    [Fact]
    public async Task Another_organizations_server_is_not_found_for_every_method()
    {
        var server = await Servers.CreateAsync(_admin, _acme, Input("Orders", ("Authorization", Canary)));

        await Assert.ThrowsAsync<NotFoundException>(() => Servers.GetAsync(_outsider, server.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Servers.GetByNumberAsync(_outsider, _globex, server.ServerId));
        await Assert.ThrowsAsync<NotFoundException>(() => Servers.GetByNumberAsync(_outsider, _acme, server.ServerId));
        await Assert.ThrowsAsync<NotFoundException>(() => Servers.ListAsync(_outsider, _acme, new PageRequest()));
        await Assert.ThrowsAsync<NotFoundException>(() => Servers.CreateAsync(_outsider, _acme, Input("Theirs")));
        await Assert.ThrowsAsync<NotFoundException>(() => Servers.UpdateAsync(_outsider, server.Id, Input("Theirs")));
        await Assert.ThrowsAsync<NotFoundException>(() => Servers.DescribeDeletionAsync(_outsider, server.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Servers.GetConnectionAsync(_outsider, server.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Get<McpClientService>().ListToolsAsync(_outsider, server.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => Get<McpClientService>().CallToolAsync(_outsider, server.Id, "add", "{}"));
        Assert.Empty(await Servers.ListAllAsync(_outsider, _globex));
    }

    [Fact]
    public async Task Deletion_goes_through_approval_into_the_trash_and_comes_back()
    {
        var server = await Servers.CreateAsync(_admin, _acme, Input("Orders", ("Authorization", Canary)));
        var approvals = Get<ApprovalService>();

        await Assert.ThrowsAsync<HumanOversightRequiredException>(() =>
            approvals.RequestAsync(_key, ApprovalOperations.Delete, ResourceTypes.McpServer, server.Id, "no longer used", null));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            approvals.RequestAsync(_user, ApprovalOperations.Delete, ResourceTypes.McpServer, server.Id, "no longer used", null));
        var request = await approvals.RequestAsync(_admin, ApprovalOperations.Delete, ResourceTypes.McpServer, server.Id, "no longer used", null);
        Assert.Contains(request.Consequences!, c => c.Contains("Orders") && !c.Contains(Canary));
        Assert.Single(await Servers.ListAllAsync(_admin, _acme)); // nothing happens before the approval

        await approvals.ApproveAsync(_reviewer, request.Id, null);

        Assert.Empty(await Servers.ListAllAsync(_admin, _acme));
        await Assert.ThrowsAsync<NotFoundException>(() => Servers.GetAsync(_admin, server.Id));
        var trash = Get<TrashService>();
        var item = (await trash.ListAsync(_admin, _acme, new PageRequest())).Items.Single(i => i.ResourceType == ResourceTypes.McpServer);
        await trash.RestoreAsync(_admin, item.Id, null);
        Assert.Equal(server.ServerId, (await Servers.GetAsync(_admin, server.Id)).ServerId);
    }

    [Fact]
    public async Task The_tools_lookup_knows_only_servers_the_caller_reads_in_the_organization()
    {
        var server = await Servers.CreateAsync(_admin, _acme, Input("Orders"));
        var lookup = Get<Builder.Domain.Tools.IMcpServerLookup>();

        Assert.IsType<McpServerLookup>(lookup);
        Assert.True(await lookup.ExistsAsync(_guest, _acme, server.Id));
        Assert.Equal(server.Id, await lookup.IdOfAsync(_guest, _acme, server.ServerId));
        Assert.Equal(server.ServerId, await lookup.NumberOfAsync(_guest, _acme, server.Id));
        Assert.False(await lookup.ExistsAsync(_outsider, _acme, server.Id));
        Assert.False(await lookup.ExistsAsync(_outsider, _globex, server.Id));
        Assert.Null(await lookup.IdOfAsync(_outsider, _globex, server.ServerId));
        Assert.Null(await lookup.IdOfAsync(_guest, _acme, long.MaxValue));
        Assert.Null(await lookup.NumberOfAsync(_outsider, _globex, server.Id));
    }
}
