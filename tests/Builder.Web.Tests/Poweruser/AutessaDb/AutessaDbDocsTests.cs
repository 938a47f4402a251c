using Builder.Web.Tests.Api;

namespace Builder.Web.Tests.Poweruser.AutessaDb;

/// <summary>The AutessaDB endpoints of the reference's summary are in the OpenAPI document, as POSTs under their tags, and in the README.</summary>
public sealed class AutessaDbDocsTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static readonly string[] TableEndpoints = ["all", "get", "table-options", "create", "create-knowledge-base", "generate-knowledge-base-upload-links", "update-schema"];

    public static readonly string[] QueryEndpoints =
        ["insert", "update", "batch-update", "delete-row", "batch-delete", "get-data", "get-single-row", "query", "join-query", "search", "generate-upload-link", "index-record"];

    [Fact]
    public async Task Every_endpoint_of_the_reference_is_documented_with_a_summary()
    {
        var document = await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200);
        var paths = document.GetProperty("paths");
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));
        foreach (var (group, tag, names) in new[] { ("tables", "Poweruser: AutessaDB tables", TableEndpoints), ("query", "Poweruser: AutessaDB queries", QueryEndpoints) })
        foreach (var name in names)
        {
            var path = $"/autessa_poweruser/autessadb/{group}/{name}";
            Assert.True(paths.TryGetProperty(path, out var item), path);
            Assert.Equal(["post"], item.EnumerateObject().Select(p => p.Name));
            Assert.Equal(tag, item.GetProperty("post").GetProperty("tags")[0].GetString());
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("post").Str("summary")), path);
            Assert.Contains($"`POST …/autessadb/{group}/{name}`", readme);
        }
        Assert.False(paths.TryGetProperty("/autessa_poweruser/autessadb/tables/delete", out _));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("README.md not found above the test's folder.");
    }
}
