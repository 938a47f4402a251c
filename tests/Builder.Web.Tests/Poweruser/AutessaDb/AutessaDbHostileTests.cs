using System.Net.Http.Headers;
using System.Text;
using Builder.Web.Tests.Api;
using static Builder.Web.Tests.Poweruser.AutessaDb.AutessaDbApi;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.AutessaDb;

/// <summary>Holes a hostile pass found in the AutessaDB poweruser endpoints and the upload links; each test failed before its fix.</summary>
public sealed class AutessaDbHostileTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private readonly AutessaDbApi _api = AutessaDbApi.For(factory);

    [Fact]
    public async Task A_json_cell_nested_two_hundred_deep_is_a_400_naming_it_not_a_500_and_the_table_still_reads()
    {
        var admin = await _api.AdminAsync();
        var tableId = await _api.CreateTableAsync("deep", [new { name = "payload", type = "json" }]);
        // The body parser allows 256 levels; the cell is checked against the 64 a stored cell is read back with.
        var deep = new string('[', 200) + "1" + new string(']', 200);
        var body = new StringContent($"{{ \"tableId\": {tableId}, \"data\": {{ \"payload\": {deep} }} }}", Encoding.UTF8, "application/json");

        await admin.PostAsync($"{Query}/insert", body).ExpectErrors(400, "invalid_value", "data.payload");

        await _api.InsertAsync(tableId, new { payload = new { fine = new[] { 1, 2 } } });
        var rows = await admin.PostJsonAsync($"{Query}/get-data", new { tableId }).ExpectJson(200);
        Assert.Equal(1, rows.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_knowledge_base_upload_that_is_not_a_readable_document_is_refused_and_leaves_no_row_and_no_file()
    {
        var key = await _api.AdminAsync();
        var tableId = (await key.PostJsonAsync($"{Tables}/create-knowledge-base", new { tableName = Name("kbx") }).ExpectJson(200)).GetProperty("tableId").GetInt32();
        var link = (await key.PostJsonAsync($"{Tables}/generate-knowledge-base-upload-links", new { tableId }).ExpectJson(200)).GetProperty("links")[0];

        foreach (var name in new[] { "", "?name=payload.exe", "?name=..%2F..%2Fnotes" })
        {
            var upload = new HttpRequestMessage(HttpMethod.Put, link.Str("url") + name) { Content = new StringContent("plain words") };
            upload.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            var refused = await _api.App.CreateClient().SendAsync(upload);
            Assert.Equal(400, (int)refused.StatusCode);
            Assert.Contains("not kept", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(0, await _api.CountAsync(tableId));

        // Nothing was kept, so the link still takes the document, named as a knowledge base reads it.
        var good = new HttpRequestMessage(HttpMethod.Put, link.Str("url") + "?name=notes.txt") { Content = new StringContent("Plain words about trains.") };
        good.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        Assert.Equal(201, (int)(await _api.App.CreateClient().SendAsync(good)).StatusCode);
        Assert.Equal(1, await _api.CountAsync(tableId));
    }
}
