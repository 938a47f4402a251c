using Builder.Web.Tests.Api;
using Builder.Web.Tests.Poweruser.Agents;

namespace Builder.Web.Tests.Poweruser.Conversations;

/// <summary>The conversations endpoints are in the OpenAPI document, as POSTs under the agents' and managers' tags, and in the README.</summary>
public sealed class ConversationsDocsTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static readonly (string Group, string Tag, string[] Endpoints)[] Groups =
    [
        ("agents", "Poweruser: Agents", ["conversations/history", "submit-evaluation", "statistics"]),
        ("managers", "Poweruser: Managers", ["conversations", "conversation", "statistics"]),
    ];

    [Fact]
    public async Task Every_endpoint_is_documented_with_a_summary_and_in_the_readme()
    {
        var document = await factory.As((string?)null).GetAsync("/openapi/v1.json").ExpectJson(200);
        var paths = document.GetProperty("paths");
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "README.md"));
        foreach (var (group, tag, names) in Groups)
        foreach (var name in names)
        {
            var path = $"/autessa_poweruser/{group}/{name}";
            Assert.True(paths.TryGetProperty(path, out var item), path);
            Assert.Equal(["post"], item.EnumerateObject().Select(p => p.Name));
            Assert.Equal(tag, item.GetProperty("post").GetProperty("tags")[0].GetString());
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("post").Str("summary")), path);
            Assert.Contains($"…/{group}/{name}`", readme);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("README.md not found above the test's folder.");
    }
}
