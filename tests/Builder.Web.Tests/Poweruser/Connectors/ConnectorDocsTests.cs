using Builder.Web.Tests.Api;

namespace Builder.Web.Tests.Poweruser.Connectors;

/// <summary>The connector endpoints of the reference's summary (all, get) are in the OpenAPI document and the README; no write is.</summary>
public sealed class ConnectorDocsTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    [Fact]
    public async Task All_and_get_are_documented_as_POSTs_and_nothing_else_is()
    {
        var document = await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200);
        var paths = document.GetProperty("paths");
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));
        foreach (var name in new[] { "all", "get" })
        {
            var path = $"/autessa_poweruser/connectors/{name}";
            Assert.True(paths.TryGetProperty(path, out var item), path);
            Assert.Equal(["post"], item.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Poweruser: connectors", item.GetProperty("post").GetProperty("tags")[0].GetString());
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("post").Str("summary")), path);
            Assert.Contains($"`POST …/connectors/{name}`", readme);
        }
        Assert.Equal(["/autessa_poweruser/connectors/all", "/autessa_poweruser/connectors/get"],
            paths.EnumerateObject().Select(p => p.Name).Where(p => p.StartsWith("/autessa_poweruser/connectors/")).Order());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("README.md not found above the test's folder.");
    }
}
