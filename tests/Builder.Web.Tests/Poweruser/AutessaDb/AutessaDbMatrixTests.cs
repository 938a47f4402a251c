using System.Text.Json;
using Builder.Domain.Access;
using Builder.Web.Tests.Api;
using static Builder.Web.Tests.Poweruser.AutessaDb.AutessaDbApi;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.AutessaDb;

/// <summary>
/// Every AutessaDB poweruser endpoint × System, Admin, User, Guest (by key and by session) and another organization's admin
/// (its key and session act in Globex: Acme's tables are 404 to it). The matrix decides: reading needs entities:read,
/// writing rows and the schema entities:update, creating tables entities:create. A refusal changes nothing.
/// </summary>
public sealed class AutessaDbMatrixTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private readonly AutessaDbApi _api = AutessaDbApi.For(factory);

    public static readonly string[] ReadEndpoints =
        ["tables/get", "query/get-data", "query/get-single-row", "query/query", "query/join-query"];

    public static readonly string[] WriteEndpoints =
    [
        "tables/update-schema", "tables/generate-knowledge-base-upload-links",
        "query/insert", "query/update", "query/batch-update", "query/delete-row", "query/batch-delete", "query/generate-upload-link", "query/index-record",
    ];

    public static readonly string[] CreateEndpoints = ["tables/create", "tables/create-knowledge-base"];

    public static TheoryData<string, Caller, bool, int> Cases()
    {
        var data = new TheoryData<string, Caller, bool, int>();
        void Add(IEnumerable<string> endpoints, string permission, int system, int admin, int user, int guest, int outsider)
        {
            foreach (var endpoint in endpoints)
            foreach (var row in Callers.Expect(permission, system, admin, user, guest, outsider))
            foreach (var byKey in new[] { true, false })
                data.Add(endpoint, (Caller)row[0], byKey, (int)row[1]);
        }
        Add(ReadEndpoints, Permissions.EntitiesRead, 200, 200, 200, 200, 404);
        Add(WriteEndpoints, Permissions.EntitiesUpdate, 200, 200, 403, 403, 404);
        // Another organization's admin creates in its own organization.
        Add(CreateEndpoints, Permissions.EntitiesCreate, 200, 200, 403, 403, 200);
        Add(["tables/all", "tables/table-options"], Permissions.EntitiesRead, 200, 200, 200, 200, 200);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Every_endpoint_answers_as_the_matrix_says_for_every_caller(string endpoint, Caller caller, bool byKey, int status)
    {
        var kb = endpoint == "tables/generate-knowledge-base-upload-links";
        int tableId;
        if (kb)
        {
            var created = await (await _api.AdminAsync()).PostJsonAsync($"{Tables}/create-knowledge-base", new { tableName = Name("kb") }).ExpectJson(200);
            tableId = created.GetProperty("tableId").GetInt32();
        }
        else tableId = await _api.CreateTableAsync();
        if (endpoint == "query/join-query")
            await (await _api.AdminAsync()).PostJsonAsync($"{Tables}/update-schema", new
            {
                tableId, operations = new object[] { new { op = "add_column", column = new { name = "parent", type = "link", link = tableId } } },
            }).Expect(200);
        var rowId = kb ? 0 : await _api.InsertAsync(tableId, new { name = "Alice", amount = 5 });
        var other = kb ? 0 : await _api.InsertAsync(tableId, new { name = "Bob", amount = 7 });
        var before = kb ? 0 : await _api.CountAsync(tableId);
        var columnsBefore = (await _api.TableAsync(tableId)).GetProperty("columns").GetArrayLength();
        var (client, query) = await _api.CallerAsync(caller, byKey);

        object body = endpoint switch
        {
            "tables/create" => new { tableName = Name("c"), columns = new[] { new { name = "title", type = "text" } } },
            "tables/create-knowledge-base" => new { tableName = Name("kb") },
            "tables/all" or "tables/table-options" => new { },
            "tables/update-schema" => new { tableId, operations = new object[] { new { op = "add_column", column = new { name = "extra", type = "boolean" } } } },
            "query/insert" => new { tableId, data = new { name = "Carol", amount = 1 } },
            "query/update" => new { tableId, rowId, data = new { amount = 6 } },
            "query/batch-update" => new { tableId, rows = new[] { new { rowId, data = new { amount = 8 } } } },
            "query/batch-delete" => new { tableId, rowIds = new[] { rowId, other } },
            "query/join-query" => new { tableId, joins = new[] { "parent" } },
            "query/query" => new { tableId, filters = new[] { new { column = "amount", @operator = "greater_than", value = 1 } } },
            "query/generate-upload-link" => new { tableId, column = "attachment" },
            "tables/generate-knowledge-base-upload-links" => new { tableId, count = 2 },
            _ => new { tableId, rowId },
        };

        var response = await client.PostJsonAsync($"/autessa_poweruser/autessadb/{endpoint}{query}", body).ExpectJson(status);

        if (status != 200)
        {
            AssertErrors(response, status == 404 ? "not_found" : "forbidden");
            if (!kb && endpoint != "tables/create" && endpoint != "tables/create-knowledge-base")
            {
                Assert.Equal(before, await _api.CountAsync(tableId));
                var table = await _api.TableAsync(tableId);
                Assert.Equal(columnsBefore, table.GetProperty("columns").GetArrayLength());
                var row = await (await _api.AdminAsync()).PostJsonAsync($"{Query}/get-single-row", new { tableId, rowId }).ExpectJson(200);
                Assert.Equal(5, row.GetProperty("row").GetProperty("data").GetProperty("amount").GetInt32());
            }
            return;
        }
        Assert.Empty(response.GetProperty("errors").EnumerateArray());
        switch (endpoint)
        {
            case "tables/all":
                var owned = response.GetProperty("ownedTables").EnumerateArray()
                    .Concat(response.GetProperty("companySharedTables").EnumerateArray())
                    .Concat(response.GetProperty("sharedWithMeTables").EnumerateArray())
                    .Select(t => t.GetProperty("tableId").GetInt32()).ToList();
                if (caller == Caller.Outsider) Assert.DoesNotContain(tableId, owned); else Assert.Contains(tableId, owned);
                if (caller == Caller.Admin) Assert.Contains(response.GetProperty("ownedTables").EnumerateArray(), t => t.GetProperty("tableId").GetInt32() == tableId);
                break;
            case "tables/get":
                Assert.Equal(["name", "amount", "attachment"], response.GetProperty("table").GetProperty("columns").EnumerateArray().Select(c => c.Str("name")));
                break;
            case "tables/create" or "tables/create-knowledge-base":
                Assert.True(response.GetProperty("tableId").GetInt32() > 0);
                break;
            case "tables/update-schema":
                Assert.Equal(columnsBefore + 1, (await _api.TableAsync(tableId)).GetProperty("columns").GetArrayLength());
                break;
            case "query/insert":
                Assert.Equal(before + 1, await _api.CountAsync(tableId));
                Assert.True(response.GetProperty("rowId").GetInt64() > other);
                break;
            case "query/batch-delete":
                Assert.Equal(before - 2, await _api.CountAsync(tableId));
                Assert.Equal(2, response.GetProperty("count").GetInt32());
                break;
            case "query/delete-row":
                Assert.Equal(before - 1, await _api.CountAsync(tableId));
                break;
            case "query/get-single-row":
                AssertRow(response.GetProperty("row"), rowId, "Alice");
                break;
            case "query/get-data" or "query/query" or "query/join-query":
                Assert.Equal(2, response.GetProperty("total").GetInt64());
                AssertRow(response.GetProperty("rows")[0], rowId, "Alice");
                break;
            case "query/generate-upload-link":
                Assert.StartsWith("/files/upload/", response.GetProperty("link").Str("url"));
                break;
            case "tables/generate-knowledge-base-upload-links":
                Assert.Equal(2, response.GetProperty("links").GetArrayLength());
                break;
        }
    }

    /// <summary>A row reads back as exactly { rowId, data, createdAt, updatedAt }.</summary>
    internal static void AssertRow(JsonElement row, long rowId, string name)
    {
        Assert.Equal(["rowId", "data", "createdAt", "updatedAt"], row.EnumerateObject().Select(p => p.Name));
        Assert.Equal(rowId, row.GetProperty("rowId").GetInt64());
        Assert.Equal(name, row.GetProperty("data").Str("name"));
    }
}
