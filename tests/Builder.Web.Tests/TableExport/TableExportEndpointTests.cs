using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Builder.Domain.Users;
using Builder.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.TableExport;

/// <summary><c>GET /api/tables/{n}/export.csv</c>: the rows as CSV, streamed, with the table's access rules.</summary>
public sealed class TableExportEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    // Reading rows needs entities.read: every member of the organization; the outsider (another organization) gets 404.
    public static TheoryData<Caller, int> ExportStatus => Callers.Expect(Permissions.EntitiesRead, 200, 200, 200, 200, 404);

    private async Task<(Guid Org, int Table)> ArrangeAsync()
    {
        var seed = await factory.SeedAsync();
        using var scope = factory.Services.CreateScope();
        var adminId = await factory.QueryAsync(db => db.Users.Where(u => u.Email == "admin@acme.test").Select(u => u.Id).SingleAsync());
        var admin = (await scope.ServiceProvider.GetRequiredService<UserAccountService>().BuildActorAsync(adminId))!;
        var table = await scope.ServiceProvider.GetRequiredService<TableService>().CreateAsync(admin, seed.Acme,
            new TableInput($"export_{Guid.NewGuid():N}"[..20], null, [new ColumnInput("title", "text"), new ColumnInput("qty", "integer")]));
        await scope.ServiceProvider.GetRequiredService<RowService>().InsertManyAsync(admin, table.TableId,
        [
            new JsonObject { ["title"] = "=1+1", ["qty"] = 2 },
            new JsonObject { ["title"] = "plain, with comma", ["qty"] = 1 },
        ]);
        return (seed.Acme, table.TableId);
    }

    [Theory, MemberData(nameof(ExportStatus))]
    public async Task Export_follows_the_tables_access(Caller caller, int status)
    {
        var (org, table) = await ArrangeAsync();
        var response = await factory.As(caller).GetAsync($"/api/tables/{table}/export.csv?organizationId={org}").Expect(status);
        var body = await response.Content.ReadAsStringAsync();
        if (status != 200)
        {
            Assert.DoesNotContain("plain, with comma", body);
            return;
        }
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var lines = body.TrimStart('\uFEFF').Split("\r\n");
        Assert.Equal("id,createdAt,updatedAt,title,qty", lines[0]);
        Assert.EndsWith(",'=1+1,2", lines[1]);
        Assert.EndsWith(",\"plain, with comma\",1", lines[2]);
    }

    [Fact]
    public async Task Filter_and_sort_apply_and_bad_ones_are_400()
    {
        var (org, table) = await ArrangeAsync();
        var admin = factory.As(Caller.Admin);
        var filters = Uri.EscapeDataString("""[{"column":"qty","operator":"equals","value":1}]""");
        var body = await (await admin.GetAsync($"/api/tables/{table}/export.csv?organizationId={org}&filters={filters}").Expect(200)).Content.ReadAsStringAsync();
        Assert.Equal(3, body.Split("\r\n").Length); // header, one row, the empty end
        var sorted = await (await admin.GetAsync($"/api/tables/{table}/export.csv?organizationId={org}&sort=qty&order=asc").Expect(200)).Content.ReadAsStringAsync();
        Assert.Contains("plain", sorted.Split("\r\n")[1]);
        await admin.GetAsync($"/api/tables/{table}/export.csv?organizationId={org}&filters=%5Bnot-json").Expect(400);
        await admin.GetAsync($"/api/tables/{table}/export.csv?organizationId={org}&sort=nope").Expect(400);
        await admin.GetAsync($"/api/tables/{table}/export.csv").Expect(400);
    }
}
