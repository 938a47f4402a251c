using System.Text.Json;
using Builder.Domain.Access;
using Builder.Web.Tests.Api;
using static Builder.Web.Tests.Poweruser.Agents.AgentsApi;
using static Builder.Web.Tests.Poweruser.PoweruserArrange;

namespace Builder.Web.Tests.Poweruser.Agents;

/// <summary>
/// Every agents, tools and managers poweruser endpoint × System, Admin, User, Guest (by key and by session) and another
/// organization's admin (its key and session act in Globex: Acme's records are 404 to it). The matrix decides: reading needs
/// entities:read, creating entities:create, editing, publishing and rolling back entities:update. A refusal changes nothing.
/// </summary>
public sealed class AgentsMatrixTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private readonly AgentsApi _api = AgentsApi.For(factory);

    public static readonly string[] Families = ["agents", "tools", "managers"];

    public static TheoryData<string, string, Caller, bool, int> Cases()
    {
        var data = new TheoryData<string, string, Caller, bool, int>();
        void Add(string endpoint, string permission, int system, int admin, int user, int guest, int outsider)
        {
            foreach (var family in Families)
            foreach (var row in Callers.Expect(permission, system, admin, user, guest, outsider))
            foreach (var byKey in new[] { true, false })
                data.Add(family, endpoint, (Caller)row[0], byKey, (int)row[1]);
        }
        Add("all", Permissions.EntitiesRead, 200, 200, 200, 200, 200);
        Add("get", Permissions.EntitiesRead, 200, 200, 200, 200, 404);
        Add("versions", Permissions.EntitiesRead, 200, 200, 200, 200, 404);
        // Another organization's admin creates in its own organization.
        Add("create", Permissions.EntitiesCreate, 200, 200, 403, 403, 200);
        Add("update", Permissions.EntitiesUpdate, 200, 200, 403, 403, 404);
        Add("publish", Permissions.EntitiesUpdate, 200, 200, 403, 403, 404);
        Add("rollback", Permissions.EntitiesUpdate, 200, 200, 403, 403, 404);
        return data;
    }

    private static string Singular(string family) => family[..^1];

    private static string Path(string family, string endpoint) => $"{Prefix}/{family}/{(endpoint == "all" && family == "managers" ? "get-all" : endpoint)}";

    private async Task<int> CreateAsync(string family) => family switch
    {
        "agents" => await _api.CreateAgentAsync(),
        "tools" => await _api.CreateToolAsync(),
        _ => await _api.CreateManagerAsync(),
    };

    /// <summary>A change of the draft's description, so that a publish has something to publish.</summary>
    private async Task EditAsync(string family, int id, string description) =>
        await _api.PostAsync($"/{family}/update", new Dictionary<string, object> { [$"{Singular(family)}Id"] = id, [$"{Singular(family)}Description"] = description });

    private async Task<(string Draft, int Versions)> StateAsync(string family, int id)
    {
        var key = $"{Singular(family)}Id";
        var draft = await _api.PostAsync($"/{family}/get", new Dictionary<string, object> { [key] = id, ["version"] = new { versionState = "DRAFT" } });
        var versions = await _api.PostAsync($"/{family}/versions", new Dictionary<string, object> { [key] = id });
        return (draft.GetProperty(Singular(family)).GetRawText(), versions.GetProperty("versions").GetArrayLength());
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Every_endpoint_answers_as_the_matrix_says_for_every_caller(string family, string endpoint, Caller caller, bool byKey, int status)
    {
        var single = Singular(family);
        var key = $"{single}Id";
        var id = await CreateAsync(family);
        await _api.PostAsync($"/{family}/publish", new Dictionary<string, object> { [key] = id });
        if (endpoint == "rollback")
        {
            await EditAsync(family, id, "second");
            await _api.PostAsync($"/{family}/publish", new Dictionary<string, object> { [key] = id });
        }
        if (endpoint == "publish") await EditAsync(family, id, "to publish");
        var before = await StateAsync(family, id);
        var (client, query) = await _api.CallerAsync(caller, byKey);

        object body = endpoint switch
        {
            "all" => new { },
            "create" => family switch
            {
                "agents" => new { agentName = Name("Agent"), agentType = "TASK" },
                "tools" => new { toolName = Name("Tool") },
                _ => (object)new { managerName = Name("Manager") },
            },
            "update" => new Dictionary<string, object> { [key] = id, [$"{single}Description"] = "changed by " + caller },
            _ => new Dictionary<string, object> { [key] = id },
        };

        var response = await client.PostJsonAsync(Path(family, endpoint) + query, body).ExpectJson(status);

        if (status != 200)
        {
            AssertErrors(response, status == 404 ? "not_found" : "forbidden");
            Assert.Equal(before, await StateAsync(family, id));
            return;
        }
        Assert.Empty(response.GetProperty("errors").EnumerateArray());
        var plural = char.ToUpperInvariant(family[0]) + family[1..];
        switch (endpoint)
        {
            case "all":
                var all = new[] { "owned", "companyShared", "sharedWithMe" }.SelectMany(list => response.GetProperty(list + plural).EnumerateArray())
                    .Select(r => r.GetProperty(key).GetInt32()).ToList();
                if (caller == Caller.Outsider) Assert.DoesNotContain(id, all); else Assert.Contains(id, all);
                if (caller == Caller.Admin) Assert.Contains(response.GetProperty("owned" + plural).EnumerateArray(), r => r.GetProperty(key).GetInt32() == id);
                break;
            case "get":
                Assert.Equal((id, 1, "PUBLISHED"), (response.GetProperty(single).GetProperty(key).GetInt32(),
                    response.GetProperty(single).GetProperty("version").GetProperty("versionNumber").GetInt32(),
                    response.GetProperty(single).GetProperty("version").Str("versionState")));
                break;
            case "versions":
                Assert.Equal(["DRAFT", "PUBLISHED"], response.GetProperty("versions").EnumerateArray().Select(v => v.Str("versionState")));
                break;
            case "create":
                Assert.True(response.GetProperty(key).GetInt32() > 0);
                Assert.Equal("DRAFT", response.GetProperty(single).GetProperty("version").Str("versionState"));
                break;
            case "update":
                Assert.Equal("changed by " + caller, response.GetProperty(single).Str($"{single}Description"));
                break;
            case "publish":
                Assert.Equal(2, response.GetProperty("versionNumber").GetInt32());
                Assert.Equal(before.Versions + 1, (await StateAsync(family, id)).Versions);
                break;
            case "rollback":
                Assert.Equal(3, response.GetProperty("versionNumber").GetInt32());
                Assert.Equal(1, response.GetProperty(single).GetProperty("version").GetProperty("restoredFrom").GetInt32());
                break;
        }
    }

    public static TheoryData<string, string> Excluded()
    {
        var data = new TheoryData<string, string>();
        foreach (var family in Families)
        foreach (var op in new[] { "delete", "confirm-delete", "share", "transfer-ownership", "get-sharing-details" })
            data.Add(family, op);
        return data;
    }

    [Theory, MemberData(nameof(Excluded))]
    public async Task Deleting_sharing_and_transferring_are_refused_with_the_human_oversight_message_and_change_nothing(string family, string operation)
    {
        var id = await CreateAsync(family);
        var before = await StateAsync(family, id);
        var key = $"{Singular(family)}Id";

        var error = await (await _api.AdminAsync()).PostJsonAsync($"{Prefix}/{family}/{operation}", new Dictionary<string, object> { [key] = id })
            .ExpectErrors(403, "human_oversight_required");

        Assert.Contains("human oversight", error.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await StateAsync(family, id));
    }
}
