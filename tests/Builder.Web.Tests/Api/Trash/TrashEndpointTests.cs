using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Users;
using Builder.Domain.Variables;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Builder.Domain.Access.Permissions;

namespace Builder.Web.Tests.Api.Trash;

/// <summary>/api/trash × role: Admins and System list and restore, Users and Guests 403, another organization 404, API keys list and restore.</summary>
public sealed class TrashEndpointTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    public static TheoryData<Caller, int> ListStatus => Callers.Expect(TrashManage, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> RestoreStatus => Callers.Expect(TrashManage, 200, 200, 403, 403, 404);
    public static TheoryData<Caller, int> PurgeStatus => Callers.Expect(TrashManage, 202, 202, 403, 403, 404);

    /// <summary>
    /// A variable deleted by Acme's Admin, through the domain (how a delete is asked for is not this class's concern), and its
    /// trash item's id.
    /// </summary>
    private async Task<(Guid Variable, Guid Item, string Name)> TrashedVariableAsync(string? name = null)
    {
        var seed = await factory.SeedAsync();
        var variable = await factory.CreateVariableAsync(seed.AcmeProduction, name);
        await using var scope = factory.Services.CreateAsyncScope();
        var admin = await AdminAsync(scope.ServiceProvider);
        await scope.ServiceProvider.GetRequiredService<VariableService>().DeleteAsync(admin, variable.Id(), null);
        var item = await factory.QueryAsync(db => db.TrashItems.Where(t => t.ResourceId == variable.Id()).Select(t => t.Id).SingleAsync());
        return (variable.Id(), item, variable.Str("name"));
    }

    private static async Task<Actor> AdminAsync(IServiceProvider services)
    {
        await using var db = services.GetRequiredService<IBuilderDbContextFactory>().Create();
        var id = await db.Users.Where(u => u.Email == Callers.AdminEmail).Select(u => u.Id).SingleAsync();
        return (await services.GetRequiredService<UserAccountService>().BuildActorAsync(id))!;
    }

    [Theory, MemberData(nameof(ListStatus))]
    public async Task List(Caller caller, int status)
    {
        var seed = await factory.SeedAsync();
        var (variable, item, name) = await TrashedVariableAsync();
        var body = await factory.As(caller).GetAsync($"/api/trash?organizationId={seed.Acme}&limit=100").ExpectJson(status);
        if (status != 200)
        {
            Assert.DoesNotContain(name, body.ToString());
            return;
        }
        var entry = Assert.Single(body.Data(), t => t.Id() == item);
        Assert.Equal(("variable", variable, name, "Production", Callers.AdminEmail, 30),
            (entry.Str("resourceType"), entry.GetProperty("resourceId").GetGuid(), entry.Str("name"), entry.Str("environmentName"),
             entry.Str("deletedBy"), entry.GetProperty("daysLeft").GetInt32()));
        Assert.Equal(body.Data().Select(t => t.GetProperty("deletedAt").GetDateTime()).OrderDescending(),
            body.Data().Select(t => t.GetProperty("deletedAt").GetDateTime())); // newest first
    }

    [Theory, MemberData(nameof(RestoreStatus))]
    public async Task Restore(Caller caller, int status)
    {
        var (variable, item, name) = await TrashedVariableAsync();
        var body = await factory.As(caller).PostJsonAsync($"/api/trash/{item}/restore", new { }).ExpectJson(status);
        var current = await factory.CurrentAsync($"/api/variables/{variable}");
        if (status == 200)
        {
            Assert.Equal((variable, name, false), (body.GetProperty("resourceId").GetGuid(), body.Str("name"), body.GetProperty("renamed").GetBoolean()));
            Assert.Equal(name, current!.Value.Str("name"));
        }
        else Assert.Null(current);
    }

    [Theory, MemberData(nameof(PurgeStatus))]
    public async Task Delete_permanently_is_an_approval_request(Caller caller, int status)
    {
        var (_, item, name) = await TrashedVariableAsync();
        var response = await factory.As(caller).SendJsonAsync(HttpMethod.Delete, $"/api/trash/{item}",
            new { justification = "A leaked key: it must not be restorable." });
        var answer = await Task.FromResult(response).ExpectJson(status);
        if (status == 202)
        {
            var body = answer.GetProperty("request");
            Assert.Equal(("purge", "trash-item", item, name), (body.Str("operation"), body.Str("resourceType"),
                body.GetProperty("resourceId").GetGuid(), body.Str("resourceName")));
            Assert.Equal($"/api/approval-requests/{body.Id()}", response.Headers.Location!.OriginalString);
        }
        Assert.True(await factory.QueryAsync(db => db.TrashItems.AnyAsync(t => t.Id == item))); // nothing is deleted yet
    }

    [Fact]
    public async Task Delete_permanently_without_a_justification_is_400_saying_a_reviewer_needs_a_reason()
    {
        var (_, item, _) = await TrashedVariableAsync();
        var body = await factory.As(Caller.Admin).DeleteAsync($"/api/trash/{item}").ExpectJson(400);
        Assert.Contains("justification", body.ToString());
        Assert.Contains("reviewer", body.ToString());
    }

    [Fact]
    public async Task An_api_key_lists_and_restores_but_never_asks_to_delete_permanently()
    {
        var seed = await factory.SeedAsync();
        var (variable, item, _) = await TrashedVariableAsync();
        var key = factory.WithApiKey((await factory.CreateApiKeyAsync(seed.Acme)).Str("token"));

        Assert.Contains((await key.GetAsync($"/api/trash?organizationId={seed.Acme}&limit=100").ExpectJson(200)).Data(), t => t.Id() == item);
        var refused = await key.SendJsonAsync(HttpMethod.Delete, $"/api/trash/{item}", new { justification = "cleanup" }).ExpectJson(403);
        Assert.Contains("human oversight", refused.Error());
        await key.GetAsync($"/api/trash?organizationId={seed.Globex}").Expect(404);
        await key.PostJsonAsync($"/api/trash/{item}/restore", new { }).Expect(200);
        Assert.NotNull(await factory.CurrentAsync($"/api/variables/{variable}"));
    }

    [Fact]
    public async Task Restoring_onto_a_reused_name_is_409_asking_for_a_new_name_which_it_then_takes()
    {
        var seed = await factory.SeedAsync();
        var (variable, item, name) = await TrashedVariableAsync();
        await factory.CreateVariableAsync(seed.AcmeProduction, name);
        var admin = factory.As(Caller.Admin);

        var clash = await admin.PostJsonAsync($"/api/trash/{item}/restore", new { }).ExpectJson(409);
        Assert.Contains("already exists", clash.Error());
        Assert.Contains("new name", clash.Str("details"));
        await admin.PostJsonAsync($"/api/trash/{item}/restore", new { name = "not a name" }).Expect(400);
        var restored = await admin.PostJsonAsync($"/api/trash/{item}/restore", new { name = name + "_OLD" }).ExpectJson(200);
        Assert.True(restored.GetProperty("renamed").GetBoolean());
        Assert.Equal(name + "_OLD", (await factory.CurrentAsync($"/api/variables/{variable}"))!.Value.Str("name"));
        await admin.PostJsonAsync($"/api/trash/{item}/restore", new { }).Expect(404); // restored: no longer in the trash
    }

    [Fact]
    public async Task The_platforms_trash_is_for_system_administrators()
    {
        await factory.As(Caller.System).GetAsync("/api/trash").Expect(200);
        await factory.As(Caller.Admin).GetAsync("/api/trash").Expect(403);
    }

    [Fact]
    public async Task A_trashed_record_is_404_and_the_audit_log_says_it_is_in_the_trash()
    {
        var seed = await factory.SeedAsync();
        var (variable, _, _) = await TrashedVariableAsync();
        await factory.As(Caller.Admin).GetAsync($"/api/variables/{variable}").Expect(404);
        var audit = await factory.As(Caller.Admin).GetAsync($"/api/audit?organizationId={seed.Acme}&resourceType=variable&limit=100").ExpectJson(200);
        var deleted = audit.Data().First(a => a.GetProperty("resourceId").GetGuid() == variable);
        Assert.Equal(("deleted", false, true), (deleted.Str("action"), deleted.GetProperty("resourceExists").GetBoolean(),
            deleted.GetProperty("inTrash").GetBoolean()));
    }
}
