using System.Text.Json;
using Builder.Domain.PromptTemplates;
using Microsoft.EntityFrameworkCore;
using static Builder.Domain.Access.Permissions;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.PromptTemplates;

/// <summary>
/// <c>/api/prompt-templates</c>: every endpoint for every role and for a member of another organization. entities:read reads
/// (every role); entities:create, entities:update (edit, restore, labels) and entities:delete change.
/// </summary>
public sealed class PromptTemplateEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ReadStatus => Callers.Expect(EntitiesRead, 200, 200, 200, 200, 404);
    public static TheoryData<Caller, int> CreateStatus => Callers.Expect(EntitiesCreate, 201, 201, 403, 403, 404);
    public static TheoryData<Caller, int> UpdateStatus => Callers.Expect(EntitiesUpdate, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> DeleteStatus => Callers.Expect(EntitiesDelete, 202, 202, 403, 403, 404);

    private async Task<int> VersionCountAsync(Guid id) =>
        await factory.QueryAsync(db => db.PromptTemplateVersions.CountAsync(v => v.PromptTemplateId == id));

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task List(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var body = await factory.As(caller).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(template.Str("name"))}")
            .ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Organization not found", body.Error());
            return;
        }
        var row = Assert.Single(body.Data());
        Assert.Equal((template.Id(), 1), (row.Id(), row.GetProperty("version").GetInt32()));
        Assert.Equal(1, body.GetProperty("pagination").GetProperty("total").GetInt32());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get(Caller caller, int status)
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var response = await factory.As(caller).GetAsync($"{Url}/{template.Id()}").Expect(status);
        var body = await response.JsonAsync();
        if (status != 200)
        {
            Assert.Equal("Prompt template not found", body.Error());
            return;
        }
        Assert.Equal(template.Str("promptText"), body.Str("promptText"));
        Assert.NotNull(response.Headers.ETag);
    }

    [Theory, MemberData(nameof(CreateStatus))]
    public async Task Create(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var name = Arrange.Unique("Created");
        var response = await factory.As(caller).PostJsonAsync(Url, Body(seed.Acme, name)).Expect(status);
        var listed = await factory.As(Caller.System).GetAsync($"{Url}?organizationId={seed.Acme}&search={Uri.EscapeDataString(name)}").ExpectJson(200);
        Assert.Equal(status == 201 ? 1 : 0, listed.Data().Count);
        if (status != 201) return;
        var body = await response.JsonAsync();
        Assert.Equal($"{Url}/{body.Id()}", response.Headers.Location?.ToString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Update(Caller caller, int status)
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var url = $"{Url}/{template.Id()}";
        await factory.As(caller).PutJsonAsync(url, new { promptText = "Hello {{userName}}", message = "shorter" }).Expect(status);
        var current = (await factory.CurrentAsync(url))!.Value;
        Assert.Equal(status == 200 ? ("Hello {{userName}}", 2) : (template.Str("promptText"), 1),
            (current.Str("promptText"), current.GetProperty("version").GetInt32()));
    }

    [Theory, MemberData(nameof(DeleteStatus))]
    public async Task Delete(Caller caller, int status)
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var url = $"{Url}/{template.Id()}";
        await factory.ExpectDeletionAsync(caller, status, url, template.Id());
        // A deleted template waits in the trash with its versions (they come back with it, and go when it is purged).
        Assert.Equal(status == 202, await factory.QueryAsync(db => db.TrashItems.AnyAsync(t => t.ResourceId == template.Id())));
        Assert.Equal(1, await VersionCountAsync(template.Id()));
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Versions(Caller caller, int status)
    {
        var template = await factory.CreateThreeVersionsAsync((await factory.SeedAsync()).Acme);
        var body = await factory.As(caller).GetAsync($"{Url}/{template.Id()}/versions?limit=2").ExpectJson(status);
        if (status != 200)
        {
            Assert.Equal("Prompt template not found", body.Error());
            return;
        }
        Assert.Equal([(3, "third"), (2, "second")], body.Data().Select(v => (v.GetProperty("version").GetInt32(), v.Str("message"))));
        Assert.Equal(Callers.AdminEmail, body.Data()[0].Str("createdBy"));
        Assert.Equal((3, 2), (body.GetProperty("pagination").GetProperty("total").GetInt32(), body.GetProperty("pagination").GetProperty("totalPages").GetInt32()));
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Version(Caller caller, int status)
    {
        var template = await factory.CreateThreeVersionsAsync((await factory.SeedAsync()).Acme);
        var body = await factory.As(caller).GetAsync($"{Url}/{template.Id()}/versions/2").ExpectJson(status);
        if (status == 200) Assert.Equal((2, "v2 {{userName}}", "second"), (body.GetProperty("version").GetInt32(), body.Str("promptText"), body.Str("message")));
        else Assert.Equal("Prompt template not found", body.Error());
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Get_a_version_or_a_label(Caller caller, int status)
    {
        var template = await factory.CreateThreeVersionsAsync((await factory.SeedAsync()).Acme);
        await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { version = 1 }).Expect(200);
        var byVersion = await factory.As(caller).GetAsync($"{Url}/{template.Id()}?version=2").Expect(status);
        var byLabel = await factory.As(caller).GetAsync($"{Url}/{template.Id()}?label=production").ExpectJson(status);
        if (status != 200) return;
        var version = await byVersion.JsonAsync();
        Assert.Equal((2, "v2 {{userName}}"), (version.GetProperty("version").GetInt32(), version.Str("promptText")));
        Assert.Null(byVersion.Headers.ETag);
        Assert.Equal((1, template.Str("name")), (byLabel.GetProperty("version").GetInt32(), byLabel.Str("name")));
        Assert.StartsWith("You are a friendly assistant.", byLabel.Str("promptText"));
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Restore(Caller caller, int status)
    {
        var template = await factory.CreateThreeVersionsAsync((await factory.SeedAsync()).Acme);
        var body = await factory.As(caller).PostJsonAsync($"{Url}/{template.Id()}/versions/1/restore", new { }).ExpectJson(status);
        Assert.Equal(status == 200 ? 4 : 3, await VersionCountAsync(template.Id()));
        if (status != 200) return;
        Assert.Equal(4, body.GetProperty("version").GetInt32());
        Assert.StartsWith("You are a friendly assistant.", body.Str("promptText"));
        var newest = (await factory.As(caller).GetAsync($"{Url}/{template.Id()}/versions?limit=1").ExpectJson(200)).Data()[0];
        Assert.Equal(("Restored version 1", 1), (newest.Str("message"), newest.GetProperty("restoredFrom").GetInt32()));
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Labels(Caller caller, int status)
    {
        var template = await factory.CreateThreeVersionsAsync((await factory.SeedAsync()).Acme);
        await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}/labels/staging", new { version = 3 }).Expect(200);
        var body = await factory.As(caller).GetAsync($"{Url}/{template.Id()}/labels").ExpectJson(status);
        if (status != 200) return;
        var label = Assert.Single(body.EnumerateArray());
        Assert.Equal(("staging", 3, Callers.AdminEmail), (label.Str("name"), label.GetProperty("version").GetInt32(), label.Str("updatedBy")));
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Move_label(Caller caller, int status)
    {
        var template = await factory.CreateThreeVersionsAsync((await factory.SeedAsync()).Acme);
        var body = await factory.As(caller).PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { version = 2 }).ExpectJson(status);
        var moves = await factory.QueryAsync(db => db.PromptTemplateLabelMoves.CountAsync(m => m.PromptTemplateId == template.Id()));
        Assert.Equal(status == 200 ? 1 : 0, moves);
        if (status == 200) Assert.Equal(("production", 2), (body.Str("name"), body.GetProperty("version").GetInt32()));
    }

    [Theory, MemberData(nameof(ReadStatus))]
    public async Task Label_history(Caller caller, int status)
    {
        var template = await factory.CreateThreeVersionsAsync((await factory.SeedAsync()).Acme);
        var admin = factory.As(Caller.Admin);
        await admin.PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { version = 1 }).Expect(200);
        await admin.PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { version = 3 }).Expect(200);
        var body = await factory.As(caller).GetAsync($"{Url}/{template.Id()}/label-history").ExpectJson(status);
        if (status != 200) return;
        Assert.Equal([("production", 1, 3), ("production", 0, 1)], body.Data().Select(m => (m.Str("label"),
            m.GetProperty("fromVersion").ValueKind == JsonValueKind.Null ? 0 : m.GetProperty("fromVersion").GetInt32(), m.GetProperty("toVersion").GetInt32())));
        Assert.All(body.Data(), m => Assert.Equal(Callers.AdminEmail, m.Str("movedBy")));
    }

    /// <summary>The reference's "Create Prompt Template" answer, field for field (organization and environment also carry their ids).</summary>
    [Fact]
    public async Task The_create_answer_has_the_reference_shape()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.AddModelAsync(seed.Acme, Arrange.Unique("GPT-4 Turbo"));
        var body = await factory.As(Caller.Admin).PostJsonAsync(Url, Body(seed.Acme, modelId: model, environmentId: seed.AcmeProduction)).ExpectJson(201);

        Assert.Equal(["id", "name", "description", "promptText", "version", "modelId", "model", "organization", "environment", "variables",
            "variableSets", "rawSentimentAnalysis", "resultSentimentAnalysis", "createdAt", "updatedAt", "updatedBy", "labels",
            // Every owned resource also carries its sharing, as the reference's resources do.
            "owner", "sharingLevel", "companyPermissionLevel", "userAccessLevel"],
            body.EnumerateObject().Select(p => p.Name));
        Assert.Equal((model, model), (body.GetProperty("modelId").GetGuid(), body.GetProperty("model").Id()));
        Assert.Equal(("Acme Corp", "Production"), (body.GetProperty("organization").Str("name"), body.GetProperty("environment").Str("name")));
        Assert.Equal("string", body.GetProperty("variables").Str("userName"));
        Assert.Equal("Sarah", body.GetProperty("variableSets")[0].GetProperty("values").Str("userName"));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("rawSentimentAnalysis").ValueKind);
        Assert.EndsWith("Z", body.Str("createdAt"));
    }

    /// <summary>The reference's "Update Prompt Template": a partial body; the rest is kept, and the version moves to 2.</summary>
    [Fact]
    public async Task The_reference_update_keeps_what_it_leaves_out_and_a_repeat_makes_no_version()
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var url = $"{Url}/{template.Id()}";
        var name = Arrange.Unique("Welcome v2");
        var update = new
        {
            name, promptText = "Create an exciting welcome for {{userName}}!",
            variableSets = new[] { new { name = "Test 1", values = new { userName = "Alex" } } },
        };
        var first = await factory.As(Caller.Admin).PutJsonAsync(url, update).Expect(200);
        var body = await first.JsonAsync();
        Assert.Equal((2, name, "Generates personalized welcome messages"), (body.GetProperty("version").GetInt32(), body.Str("name"), body.Str("description")));
        Assert.Equal("string", body.GetProperty("variables").Str("productName"));

        var again = await factory.As(Caller.Admin).PutJsonAsync(url, update, first.ETag()).Expect(200);
        Assert.Equal((first.ETag(), 2), (again.ETag(), (await again.JsonAsync()).GetProperty("version").GetInt32()));
        Assert.Equal(2, await VersionCountAsync(template.Id()));
    }

    [Theory, MemberData(nameof(UpdateStatus))]
    public async Task Clear_the_model_and_the_environment_with_explicit_nulls(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var model = await factory.AddModelAsync(seed.Acme, Arrange.Unique("GPT"));
        var template = await factory.As(Caller.Admin).PostJsonAsync(Url, Body(seed.Acme, modelId: model, environmentId: seed.AcmeProduction)).ExpectJson(201);
        var url = $"{Url}/{template.Id()}";

        await factory.As(caller).PutJsonAsync(url, new { modelId = (Guid?)null, environmentId = (Guid?)null, message = "no model" }).Expect(status);

        var current = (await factory.CurrentAsync(url))!.Value;
        if (status != 200)
        {
            Assert.Equal((model, 1), (current.GetProperty("modelId").GetGuid(), current.GetProperty("version").GetInt32()));
            return;
        }
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        Assert.All(new[] { "modelId", "model", "environment" }, field => Assert.Equal(JsonValueKind.Null, current.GetProperty(field).ValueKind));
        var version = await factory.As(caller).GetAsync($"{url}/versions/2").ExpectJson(200);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, "no model"),
            (version.GetProperty("modelId").ValueKind, version.GetProperty("environmentId").ValueKind, version.Str("message")));
    }

    /// <summary>A field left out keeps its value; only an explicit null clears, and each field on its own.</summary>
    [Fact]
    public async Task Leaving_the_model_out_keeps_it_and_a_null_clears_only_the_field_it_names()
    {
        var seed = await factory.SeedAsync();
        var model = await factory.AddModelAsync(seed.Acme, Arrange.Unique("GPT"));
        var template = await factory.As(Caller.Admin).PostJsonAsync(Url, Body(seed.Acme, modelId: model, environmentId: seed.AcmeProduction)).ExpectJson(201);
        var url = $"{Url}/{template.Id()}";
        var admin = factory.As(Caller.Admin);

        var kept = await admin.PutJsonAsync(url, new { description = "Other words" }).ExpectJson(200);
        Assert.Equal((model, seed.AcmeProduction), (kept.GetProperty("modelId").GetGuid(), kept.GetProperty("environment").Id()));

        var noModel = await admin.PutJsonAsync(url, new { modelId = (Guid?)null }).ExpectJson(200);
        Assert.Equal(JsonValueKind.Null, noModel.GetProperty("modelId").ValueKind);
        Assert.Equal(seed.AcmeProduction, noModel.GetProperty("environment").Id());

        var everywhere = await admin.PutJsonAsync(url, new { environmentId = (Guid?)null }).ExpectJson(200);
        Assert.Equal((JsonValueKind.Null, 4), (everywhere.GetProperty("environment").ValueKind, everywhere.GetProperty("version").GetInt32()));

        // Clearing what is already clear makes no version.
        var again = await admin.PutJsonAsync(url, new { modelId = (Guid?)null, environmentId = (Guid?)null }).ExpectJson(200);
        Assert.Equal(4, again.GetProperty("version").GetInt32());
        Assert.Equal(4, await VersionCountAsync(template.Id()));
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_for_update_restore_and_delete_and_changes_nothing()
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var url = $"{Url}/{template.Id()}";
        var admin = factory.As(Caller.Admin);
        var stale = (await admin.GetAsync(url).Expect(200)).ETag();
        var fresh = (await admin.PutJsonAsync(url, new { promptText = "new {{userName}}" }, stale).Expect(200)).ETag();

        var body = await admin.PutJsonAsync(url, new { promptText = "lost update" }, stale).ExpectJson(412);
        Assert.Contains(Callers.AdminEmail, body.Str("details"));
        await admin.SendJsonAsync(HttpMethod.Post, $"{url}/versions/1/restore", new { }, stale).Expect(412);
        await admin.DeleteAsync(url, stale).Expect(412);
        Assert.Equal(("new {{userName}}", 2), ((await factory.CurrentAsync(url))!.Value.Str("promptText"), await VersionCountAsync(template.Id())));
        await admin.SendJsonAsync(HttpMethod.Post, $"{url}/versions/1/restore", new { message = "undo" }, fresh).Expect(200);
    }

    [Fact]
    public async Task Missing_versions_and_labels_are_404_naming_them()
    {
        var template = await factory.CreateTemplateAsync((await factory.SeedAsync()).Acme);
        var guest = factory.As(Caller.Guest);
        Assert.Equal("Version 5 not found; the versions are 1 to 1.", (await guest.GetAsync($"{Url}/{template.Id()}/versions/5").ExpectJson(404)).Error());
        Assert.Equal("Version 5 not found; the versions are 1 to 1.", (await guest.GetAsync($"{Url}/{template.Id()}?version=5").ExpectJson(404)).Error());
        Assert.Equal("Label 'production' not found", (await guest.GetAsync($"{Url}/{template.Id()}?label=production").ExpectJson(404)).Error());
        await guest.GetAsync($"{Url}/{template.Id()}/versions/two").Expect(400);
    }

    [Fact]
    public async Task Listing_requires_an_organization_and_filters_by_environment_and_search()
    {
        var seed = await factory.SeedAsync();
        await factory.As(Caller.Guest).GetAsync(Url).ExpectJson(400);
        var marker = Arrange.Unique("Filter");
        var system = factory.As(Caller.System);
        async Task<Guid> Make(string suffix, Guid? environmentId) =>
            (await system.PostJsonAsync(Url, Body(seed.Acme, $"{marker} {suffix}", environmentId: environmentId)).ExpectJson(201)).Id();
        var everywhere = await Make("everywhere", null);
        var development = await Make("development", seed.AcmeDevelopment);
        await Make("production", seed.AcmeProduction);

        var listed = await factory.As(Caller.Guest)
            .GetAsync($"{Url}?organizationId={seed.Acme}&environmentId={seed.AcmeDevelopment}&search={Uri.EscapeDataString(marker)}&sort=name")
            .ExpectJson(200);
        Assert.Equal([development, everywhere], listed.Data().Select(d => d.Id()));
        Assert.Equal("Development", listed.Data()[0].GetProperty("environment").Str("name"));
        await factory.As(Caller.Guest).GetAsync($"{Url}?organizationId={seed.Acme}&environmentId={seed.GlobexProduction}").Expect(404);
    }

    [Fact]
    public async Task A_duplicate_name_in_the_organization_is_409_ignoring_case()
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var body = await factory.As(Caller.Admin).PostJsonAsync(Url, Body(seed.Acme, template.Str("name").ToUpperInvariant())).ExpectJson(409);
        Assert.StartsWith("A prompt template named", body.Error());
    }

    [Fact]
    public async Task Deleting_through_an_API_key_is_403_and_keeps_the_template()
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var key = await factory.CreateApiKeyAsync(seed.Acme, owner: Caller.Admin);
        var body = await factory.WithApiKey(key.Str("token")).DeleteAsync($"{Url}/{template.Id()}").ExpectJson(403);
        Assert.Equal("Delete requires human oversight in the Builder UI", body.Error());
        Assert.NotNull(await factory.CurrentAsync($"{Url}/{template.Id()}"));
    }

    [Fact]
    public async Task Changes_and_label_moves_are_audited_with_the_templates_name()
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateThreeVersionsAsync(seed.Acme);
        await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { version = 2 }).Expect(200);
        var audit = await factory.QueryAsync(db => db.AuditEntries.Where(a => a.ResourceId == template.Id()).OrderBy(a => a.At)
            .Select(a => new { a.Action, a.ChangedFields, a.ResourceType, a.ResourceName }).ToListAsync());
        Assert.Equal(["created", "updated", "updated", PromptTemplateService.LabelMovedAction], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("prompt-template", template.Str("name")), (a.ResourceType, a.ResourceName)));
        Assert.Equal(("promptText", "labels.production"), (audit[1].ChangedFields, audit[3].ChangedFields));
    }
}
