using System.Text.Json;
using Builder.Domain.WorkflowEntities;
using Builder.Web.Tests.Api.PromptTemplates;
using Builder.Web.Tests.Api.Workflows;

namespace Builder.Web.Tests.Api;

/// <summary>
/// Every DELETE of the API asks for approval: through a session 202 with a pending request (the resource stays until a
/// second person approves); without a justification 400 saying it goes to a reviewer; through an API key 403; another
/// organization's resource 404; a stale If-Match 412; and once another reviewer approves, the resource is really gone.
/// </summary>
public sealed class DeletionRequestEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private const string HumanOversight = "requires human oversight";

    public static TheoryData<string> Resources =>
    [
        "organization", "environment", "variable", "workflow-entity", "workflow-entity-type", "workflow", "prompt-template", "prompt",
        "model", "system-model", "member",
    ];

    /// <summary>The resources of an organization (a platform resource has none, and no "other organization").</summary>
    public static TheoryData<string> OrganizationResources =>
        ["organization", "environment", "variable", "workflow-entity", "workflow", "prompt-template", "prompt", "model", "member"];

    private sealed record Target(string Url, Guid Id, Guid KeyOrganization, Caller Requester, bool Platform);

    /// <summary>A fresh record of the kind, its URL, who may ask to delete it, and where an API key for it lives.</summary>
    private async Task<Target> TargetAsync(string resource)
    {
        var seed = await factory.SeedAsync();
        switch (resource)
        {
            case "organization":
            {
                var organization = await factory.CreateOrganizationAsync();
                return new($"/api/organizations/{organization.Id()}", organization.Id(), organization.Id(), Caller.System, false);
            }
            case "environment":
                return Of("/api/environments", await factory.CreateEnvironmentAsync(seed.Acme), seed.Acme);
            case "variable":
                return Of("/api/variables", await factory.CreateVariableAsync(seed.AcmeDevelopment), seed.Acme);
            case "workflow-entity":
                return Of("/api/workflow-entities", await factory.CreateEntityAsync(seed.Acme), seed.Acme);
            case "workflow-entity-type":
            {
                var type = await factory.As(Caller.System).PostJsonAsync("/api/workflow-entity-types",
                    new { name = Arrange.Unique("Type"), kind = "action", shape = "hexagon", color = "#123456" }).ExpectJson(201);
                return new($"/api/workflow-entity-types/{type.Id()}", type.Id(), seed.Acme, Caller.System, true);
            }
            case "workflow":
                return Of("/api/workflows", (await factory.CreateSimpleWorkflowAsync()).Workflow, seed.Acme);
            case "prompt-template":
                return Of(PromptTemplateArrange.Url, await factory.CreateTemplateAsync(seed.Acme), seed.Acme);
            case "prompt":
                return Of("/api/prompts", await factory.As(Caller.Admin).PostJsonAsync("/api/prompts",
                    new { organizationId = seed.Acme, title = Arrange.Unique("Prompt"), content = "Hi {{name}}", outputFormat = "text" }).ExpectJson(201), seed.Acme);
            case "model":
                return Of("/api/models", await factory.CreateModelAsync(seed.Acme), seed.Acme);
            case "system-model":
            {
                var model = await factory.CreateSystemModelAsync(visible: false);
                return new($"/api/system-models/{model.Id()}", model.Id(), seed.Acme, Caller.System, true);
            }
            case "member":
                return Of("/api/members", await factory.InviteAsync(seed.Acme), seed.Acme);
            default:
                throw new ArgumentOutOfRangeException(nameof(resource));
        }

        static Target Of(string prefix, JsonElement created, Guid organization) =>
            new($"{prefix}/{created.Id()}", created.Id(), organization, Caller.Admin, false);
    }

    private async Task<bool> StillThereAsync(Target target) =>
        target.Url.StartsWith("/api/members/", StringComparison.Ordinal)
            ? await factory.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Memberships, m => m.Id == target.Id))
            : await factory.CurrentAsync(target.Url) is not null;

    [Theory, MemberData(nameof(Resources))]
    public async Task Through_a_session_the_delete_becomes_a_pending_request_and_the_resource_stays(string resource)
    {
        var target = await TargetAsync(resource);

        var response = await factory.As(target.Requester).RequestDeletionAsync(target.Url, justification: "Replaced by the new one").Expect(202);
        var body = await response.JsonAsync();

        var request = body.GetProperty("request");
        Assert.Equal(("pending", "delete", resource, target.Id), (request.Str("status"), request.Str("operation"), request.Str("resourceType"),
            request.GetProperty("resourceId").GetGuid()));
        Assert.Equal("Replaced by the new one", request.Str("justification"));
        Assert.NotEmpty(request.GetProperty("consequences").EnumerateArray());
        Assert.Equal($"/api/approval-requests/{request.Id()}", body.Str("url"));
        Assert.Equal(body.Str("url"), response.Headers.Location?.ToString());
        Assert.True(await StillThereAsync(target), $"The {resource} was deleted without approval");
        Assert.True(await factory.DeletionPendingAsync(target.Id));
    }

    [Theory, MemberData(nameof(Resources))]
    public async Task Without_a_justification_it_is_400_saying_a_reviewer_needs_a_reason(string resource)
    {
        var target = await TargetAsync(resource);

        foreach (var justification in new string?[] { null, "   " })
        {
            var body = await factory.As(target.Requester).RequestDeletionAsync(target.Url, justification: justification).ExpectJson(400);
            var message = body.GetProperty("errors").GetProperty("justification")[0].GetString()!;
            Assert.Contains("goes to a reviewer", message);
            Assert.Contains("justification", message);
        }
        Assert.True(await StillThereAsync(target));
        Assert.False(await factory.DeletionPendingAsync(target.Id));
    }

    [Theory, MemberData(nameof(Resources))]
    public async Task Through_an_API_key_it_is_403_and_needs_a_person(string resource)
    {
        var target = await TargetAsync(resource);
        var key = await factory.CreateApiKeyAsync(target.KeyOrganization, owner: Caller.System);

        var body = await factory.WithApiKey(key.Str("token")).RequestDeletionAsync(target.Url).ExpectJson(403);

        Assert.Contains(HumanOversight, body.Error());
        Assert.True(await StillThereAsync(target));
        Assert.False(await factory.DeletionPendingAsync(target.Id));
    }

    [Theory, MemberData(nameof(OrganizationResources))]
    public async Task Another_organizations_resource_is_404(string resource)
    {
        var target = await TargetAsync(resource);

        await factory.As(Caller.Outsider).RequestDeletionAsync(target.Url).Expect(404);

        Assert.True(await StillThereAsync(target));
        Assert.False(await factory.DeletionPendingAsync(target.Id));
    }

    [Theory, MemberData(nameof(Resources))]
    public async Task Once_another_reviewer_approves_the_resource_is_gone(string resource)
    {
        var target = await TargetAsync(resource);

        await factory.DeleteApprovedAsync(target.Url, target.Requester);

        Assert.False(await StillThereAsync(target), $"The approved deletion of the {resource} did not run");
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_and_asks_nothing_while_the_current_one_is_accepted()
    {
        var environment = await factory.CreateEnvironmentAsync((await factory.SeedAsync()).Acme);
        var url = $"/api/environments/{environment.Id()}";
        var read = await factory.As(Caller.Admin).GetAsync(url).Expect(200);
        await factory.As(Caller.Admin).PutJsonAsync(url, new { name = Arrange.Unique("Renamed") }).Expect(200);

        await factory.As(Caller.Admin).RequestDeletionAsync(url, read.ETag()).Expect(412);
        Assert.False(await factory.DeletionPendingAsync(environment.Id()));

        var current = await factory.As(Caller.Admin).GetAsync(url).Expect(200);
        await factory.As(Caller.Admin).RequestDeletionAsync(url, current.ETag()).Expect(202);
    }

    [Fact]
    public async Task A_second_request_for_the_same_deletion_is_409_naming_the_waiting_one()
    {
        var target = await TargetAsync("variable");
        var first = await factory.As(Caller.Admin).RequestDeletionAsync(target.Url).ExpectJson(202);

        var body = await factory.As(Caller.System).RequestDeletionAsync(target.Url).ExpectJson(409);

        Assert.Contains("already waiting for approval", body.Error());
        Assert.Contains(first.Str("url"), body.Str("details"));
    }

    [Fact]
    public async Task What_could_never_be_deleted_is_refused_when_asked_not_when_approved()
    {
        var seed = await factory.SeedAsync();
        var (_, entity) = await factory.CreateSimpleWorkflowAsync();
        var inUse = await factory.As(Caller.Admin).RequestDeletionAsync($"/api/workflow-entities/{entity.Id()}").ExpectJson(409);
        Assert.Contains("used by 1 workflow", inUse.Error());

        var builtIn = WorkflowEntityType.BuiltIn.Single(t => t.Kind == StepKind.Action).Id;
        await factory.As(Caller.System).RequestDeletionAsync($"/api/workflow-entity-types/{builtIn}").Expect(409);

        var organization = await factory.CreateOrganizationAsync();
        var onlyAdmin = await factory.InviteAsync(organization.Id(), Callers.AdminEmail, "admin");
        var lastAdmin = await factory.As(Caller.System).RequestDeletionAsync($"/api/members/{onlyAdmin.Id()}").ExpectJson(409);
        Assert.Contains("last admin", lastAdmin.Error());
        Assert.False(await factory.DeletionPendingAsync(onlyAdmin.Id()));
        _ = seed;
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_refused_and_asks_nothing()
    {
        var target = await TargetAsync("variable");
        await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Delete, target.Url, "{ \"justification\": ").Expect(400);
        await factory.As(Caller.Admin).SendRawAsync(HttpMethod.Delete, target.Url, "because", contentType: "text/plain").Expect(415);
        Assert.False(await factory.DeletionPendingAsync(target.Id));
    }
}
