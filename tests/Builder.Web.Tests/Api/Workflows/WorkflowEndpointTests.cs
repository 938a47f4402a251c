using Builder.Domain.WorkflowEntities;
using Microsoft.EntityFrameworkCore;
using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api.Workflows;

/// <summary><c>/api/workflows</c>: workflows:* permissions — a User has them in full, a Guest reads; people only delete.</summary>
public sealed class WorkflowEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string Url = "/api/workflows";

    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(WorkflowsRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(WorkflowsCreate, 201, 201, 201, 403, 404);
    public static TheoryData<Caller, int> UpdateStatus => Callers.Expect(WorkflowsUpdate, 200, 200, 200, 403, 404);
    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(WorkflowsDelete, 202, 202, 202, 403, 404);

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List_by_organization(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var (workflow, _) = await factory.CreateSimpleWorkflowAsync();
        var body = await factory.As(caller).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(workflow.Str("name"))}")
            .ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Organization not found", body.Error());
            return;
        }
        var row = Assert.Single(body.Data());
        Assert.Equal(workflow.Id(), row.Id());
        Assert.False(row.TryGetProperty("workflowData", out _), "List rows leave the tree out.");
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List_by_environment(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var (workflow, _) = await factory.CreateSimpleWorkflowAsync();
        var body = await factory.As(caller).GetAsync($"{Url}?environmentId={seed.AcmeDevelopment}&limit=100").ExpectJson(status);
        if (status == 200) Assert.Contains(body.Data(), w => w.Id() == workflow.Id());
        else Assert.Equal("Environment not found", body.Error());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Caller caller, int status)
    {
        var (workflow, entity) = await factory.CreateSimpleWorkflowAsync();
        var response = await factory.As(caller).GetAsync($"{Url}/{workflow.Id()}").Expect(status);
        var body = await response.JsonAsync();
        if (status != 200)
        {
            Assert.Equal("Workflow not found", body.Error());
            return;
        }
        Assert.Equal($"\"{body.Str("version")}\"", response.ETag());
        var root = body.GetProperty("workflowData").GetProperty("root");
        Assert.Equal((entity.Id().ToString(), 120.0, 80.5), (root.Str("entityId"),
            root.GetProperty("presentation").GetProperty("position").GetProperty("x").GetDouble(),
            root.GetProperty("presentation").GetProperty("position").GetProperty("y").GetDouble()));
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var entity = await factory.CreateEntityAsync(seed.Acme);
        var name = Arrange.Unique("Onboarding");
        var response = await factory.As(caller).PostJsonAsync(Url, new
        {
            organizationId = seed.Acme, environmentId = seed.AcmeDevelopment, name, description = "welcome",
            workflowData = Tree.Data(Tree.Node(entity, "root", Tree.Node(entity, "child"))),
        }).Expect(status);

        var listed = await factory.As(Caller.System).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, listed.Data().Count);
        Assert.Equal(status == 201 ? 1 : 0, await factory.UsageCountAsync(entity.Id()));
        var body = await response.JsonAsync();
        if (status == 201)
        {
            Assert.Equal($"{Url}/{body.Id()}", response.Headers.Location?.ToString());
            Assert.Equal(2, Tree.Nodes(body.GetProperty("workflowData")).Count());
        }
        else if (status == 404) Assert.Equal("Environment not found", body.Error());
        else Assert.Equal("Forbidden: You do not have permission to create workflows", body.Error());
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Update(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var (workflow, entity) = await factory.CreateSimpleWorkflowAsync();
        var replacement = await factory.CreateEntityAsync(seed.Acme, StepKind.Prompt);
        var url = $"{Url}/{workflow.Id()}";
        var name = Arrange.Unique("Renamed");
        await factory.As(caller).PutJsonAsync(url, new { name, workflowData = Tree.Data(Tree.Node(replacement, "root")) }).Expect(status);

        var current = (await factory.CurrentAsync(url))!.Value;
        var root = current.GetProperty("workflowData").GetProperty("root");
        Assert.Equal(status == 200 ? (name, replacement.Id().ToString()) : (workflow.Str("name"), entity.Id().ToString()),
            (current.Str("name"), root.Str("entityId")));
        Assert.Equal(status == 200, current.Str("version") != workflow.Str("version"));
        Assert.Equal((status == 200 ? 0 : 1, status == 200 ? 1 : 0),
            (await factory.UsageCountAsync(entity.Id()), await factory.UsageCountAsync(replacement.Id())));
    }

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var (workflow, entity) = await factory.CreateSimpleWorkflowAsync();
        var url = $"{Url}/{workflow.Id()}";
        await factory.ExpectDeletionAsync(caller, status, url, workflow.Id());
        Assert.Equal(status == 202 ? 0 : 1, await factory.UsageCountAsync(entity.Id()));
    }

    [Fact]
    public async Task An_API_key_may_create_and_update_but_deleting_needs_a_person()
    {
        var seed = await factory.SeedAsync();
        var entity = await factory.CreateEntityAsync(seed.Acme);
        var key = await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.Admin);
        var client = factory.WithApiKey(key.Str("token"));

        var workflow = await client.PostJsonAsync(Url, new
        {
            environmentId = seed.AcmeProduction, name = Arrange.Unique("By key"), workflowData = Tree.Data(Tree.Node(entity, "root")),
        }).ExpectJson(201);
        var url = $"{Url}/{workflow.Id()}";
        await client.PutJsonAsync(url, new { name = workflow.Str("name"), description = "edited by a program", workflowData = workflow.GetProperty("workflowData") })
            .Expect(200);

        var body = await client.DeleteAsync(url).ExpectJson(403);
        Assert.Equal("Delete requires human oversight in the Builder UI", body.Error());
        Assert.Equal("edited by a program", (await factory.CurrentAsync(url))!.Value.Str("description"));
        Assert.Equal(1, await factory.UsageCountAsync(entity.Id()));
    }

    [Fact]
    public async Task Stale_If_Match_is_412_and_changes_nothing()
    {
        var seed = await factory.SeedAsync();
        var (workflow, entity) = await factory.CreateSimpleWorkflowAsync();
        var other = await factory.CreateEntityAsync(seed.Acme);
        var url = $"{Url}/{workflow.Id()}";
        var user = factory.As(Caller.User);
        var stale = (await user.GetAsync(url).Expect(200)).ETag();
        var renamed = Arrange.Unique("First");
        var fresh = (await user.PutJsonAsync(url, new { name = renamed, workflowData = workflow.GetProperty("workflowData") }, stale).Expect(200)).ETag();

        var body = await user.PutJsonAsync(url, new { name = Arrange.Unique("Second"), workflowData = Tree.Data(Tree.Node(other, "root")) }, stale)
            .ExpectJson(412);
        Assert.Equal("Precondition failed: the record has changed", body.Error());
        Assert.Contains(Callers.UserEmail, body.Str("details"));
        await user.DeleteAsync(url, stale).Expect(412);

        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal((renamed, entity.Id().ToString()), (current.Str("name"), current.GetProperty("workflowData").GetProperty("root").Str("entityId")));
        Assert.Equal((1, 0), (await factory.UsageCountAsync(entity.Id()), await factory.UsageCountAsync(other.Id())));

        await factory.DeleteApprovedAsync(url, Caller.User, fresh);
        Assert.Null(await factory.CurrentAsync(url));
    }

    [Fact]
    public async Task Refusals_write_no_audit_entry_and_no_usage()
    {
        var seed = await factory.SeedAsync();
        var (workflow, entity) = await factory.CreateSimpleWorkflowAsync();
        var url = $"{Url}/{workflow.Id()}";
        var data = workflow.GetProperty("workflowData");
        foreach (var caller in new[] { Caller.Guest, Caller.Outsider })
        {
            await factory.As(caller).PutJsonAsync(url, new { name = "x", workflowData = data }).Expect(caller == Caller.Guest ? 403 : 404);
            await factory.As(caller).DeleteAsync(url).Expect(caller == Caller.Guest ? 403 : 404);
            await factory.As(caller).PostJsonAsync(Url, new { environmentId = seed.AcmeDevelopment, name = "x", workflowData = data })
                .Expect(caller == Caller.Guest ? 403 : 404);
        }
        var audited = await factory.QueryAsync(db => db.AuditEntries.CountAsync(a => a.ResourceId == workflow.Id()));
        Assert.Equal(1, audited);
        Assert.Equal(1, await factory.UsageCountAsync(entity.Id()));
        Assert.Equal(workflow.Str("version"), (await factory.CurrentAsync(url))!.Value.Str("version"));
    }

    [Fact]
    public async Task Listing_requires_an_organization_or_environment_that_agree()
    {
        var seed = await factory.SeedAsync();
        var user = factory.As(Caller.User);
        Assert.Contains("organizationId or environmentId is required", (await user.GetAsync(Url).ExpectJson(400)).Str("details"));
        await user.GetAsync($"{Url}?organizationId={seed.Acme}&environmentId={seed.AcmeProduction}").Expect(200);
        await factory.As(Caller.System).GetAsync($"{Url}?organizationId={seed.Globex}&environmentId={seed.AcmeProduction}").Expect(404);
    }

    [Fact]
    public async Task Creating_in_an_environment_of_another_organization_is_404_and_creates_nothing()
    {
        var seed = await factory.SeedAsync();
        var entity = await factory.CreateEntityAsync(seed.Acme);
        var name = Arrange.Unique("Mismatch");
        await factory.As(Caller.System).PostJsonAsync(Url, new
        {
            organizationId = seed.Globex, environmentId = seed.AcmeDevelopment, name, workflowData = Tree.Data(Tree.Node(entity, "root")),
        }).Expect(404);
        await factory.As(Caller.Admin).PostJsonAsync(Url, new
        {
            environmentId = Guid.NewGuid(), name, workflowData = Tree.Data(Tree.Node(entity, "root")),
        }).Expect(404);
        var listed = await factory.As(Caller.System).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Empty(listed.Data());
        Assert.Equal(0, await factory.UsageCountAsync(entity.Id()));
    }

    [Fact]
    public async Task Duplicate_names_in_one_environment_are_409_and_another_environment_may_reuse_them()
    {
        var seed = await factory.SeedAsync();
        var (workflow, entity) = await factory.CreateSimpleWorkflowAsync();
        var data = Tree.Data(Tree.Node(entity, "root"));
        var body = await factory.As(Caller.User).PostJsonAsync(Url,
            new { environmentId = seed.AcmeDevelopment, name = workflow.Str("name").ToUpperInvariant(), workflowData = data }).ExpectJson(409);
        Assert.Contains("already exists in this environment", body.Error());
        await factory.As(Caller.User).PostJsonAsync(Url,
            new { environmentId = seed.AcmeProduction, name = workflow.Str("name"), workflowData = data.DeepClone() }).Expect(201);
        Assert.Equal(2, await factory.UsageCountAsync(entity.Id()));
    }

    [Theory]
    [InlineData("""{"name":"x","workflowData":{}}""", "environmentId")]
    [InlineData("""{"environmentId":"ENV","workflowData":{}}""", "name")]
    [InlineData("""{"environmentId":"ENV","name":"x"}""", "workflowData")]
    [InlineData("""{"environmentId":"ENV","name":"x","workflowData":null}""", "workflowData")]
    [InlineData("""{"environmentId":"ENV","name":"NAME_201","workflowData":{}}""", "name")]
    public async Task Missing_or_overlong_fields_are_400(string json, string field)
    {
        var seed = await factory.SeedAsync();
        json = json.Replace("ENV", seed.AcmeDevelopment.ToString()).Replace("NAME_201", new string('w', 201));
        var body = await factory.As(Caller.User).SendRawAsync(HttpMethod.Post, Url, json).ExpectJson(400);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var user = factory.As(Caller.User);
        var url = $"{Url}/{Guid.NewGuid()}";
        await user.GetAsync(url).Expect(404);
        await user.PutJsonAsync(url, new { name = "x", workflowData = new { } }).Expect(404);
        await user.DeleteAsync(url).Expect(404);
        await user.PostJsonAsync($"{url}/dry-run", new { message = new { } }).Expect(404);
    }
}
