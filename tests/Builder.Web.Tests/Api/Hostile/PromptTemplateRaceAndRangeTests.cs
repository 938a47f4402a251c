using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using static Builder.Web.Tests.Api.PromptTemplates.PromptTemplateArrange;

namespace Builder.Web.Tests.Api.Hostile;

/// <summary>
/// A hostile caller against /api/prompt-templates: racing writes, version and page numbers at and past the edges, odd
/// label names, other organizations' ids on every sub-route.
/// </summary>
public sealed class PromptTemplateRaceAndRangeTests(BuilderApiFactory factory) : IClassFixture<BuilderApiFactory>
{
    private async Task<(int Current, List<int> Numbers)> HistoryAsync(Guid id) => await factory.QueryAsync(async db => (
        await db.PromptTemplates.Where(t => t.Id == id).Select(t => t.CurrentVersion).SingleAsync(),
        await db.PromptTemplateVersions.Where(v => v.PromptTemplateId == id).OrderBy(v => v.Number).Select(v => v.Number).ToListAsync()));

    [Fact]
    public async Task Racing_edits_never_make_the_same_version_twice_nor_a_500()
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            (int)(await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}", new { promptText = $"race {i} {{{{userName}}}}", message = $"m{i}" })).StatusCode));
        Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 409, 412 }));
        var (current, numbers) = await HistoryAsync(template.Id());
        Assert.Equal(Enumerable.Range(1, current), numbers);
        Assert.Equal(1 + statuses.Count(s => s == 200), current);
    }

    [Fact]
    public async Task Moving_a_label_while_restoring_keeps_history_and_labels_consistent()
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateThreeVersionsAsync(seed.Acme);
        var id = template.Id();
        var work = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 4; i++)
        {
            work.Add(factory.As(Caller.Admin).PostJsonAsync($"{Url}/{id}/versions/{1 + i % 2}/restore", new { }));
            work.Add(factory.As(Caller.Admin).PutJsonAsync($"{Url}/{id}/labels/production", new { version = 1 + i % 3 }));
        }
        var statuses = (await Task.WhenAll(work)).Select(r => (int)r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 409, 412 }));
        var (current, numbers) = await HistoryAsync(id);
        Assert.Equal(Enumerable.Range(1, current), numbers);
        var moves = await factory.QueryAsync(db => db.PromptTemplateLabelMoves.Where(m => m.PromptTemplateId == id).ToListAsync());
        var label = await factory.QueryAsync(db => db.PromptTemplateLabels.SingleAsync(l => l.PromptTemplateId == id && l.Name == "production"));
        Assert.InRange(label.VersionNumber, 1, current);
        // Every move starts where the previous one ended.
        var ordered = moves.OrderBy(m => m.MovedAt).ToList();
        Assert.Null(ordered[0].FromVersion);
        Assert.Equal(label.VersionNumber, ordered[^1].ToVersion);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("2147483647")]
    [InlineData("-2147483648")]
    public async Task Version_numbers_at_and_past_the_edges_are_404_or_400_never_500(string version)
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var admin = factory.As(Caller.Admin);
        await admin.GetAsync($"{Url}/{template.Id()}?version={version}").Expect(404);
        await admin.GetAsync($"{Url}/{template.Id()}/versions/{version}").Expect(404);
        await admin.PostJsonAsync($"{Url}/{template.Id()}/versions/{version}/restore", new { }).Expect(404);
        await admin.PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { version = int.Parse(version) }).Expect(400);
        Assert.Equal(1, (await HistoryAsync(template.Id())).Current);
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public async Task Version_numbers_that_are_not_an_int_are_400(string version)
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var admin = factory.As(Caller.Admin);
        await admin.GetAsync($"{Url}/{template.Id()}?version={version}").Expect(400);
        var status = (int)(await admin.GetAsync($"{Url}/{template.Id()}/versions/{version}")).StatusCode;
        Assert.True(status is 400 or 404, $"status {status}");
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=-5")]
    [InlineData("page=99999999999")]
    [InlineData("limit=0")]
    [InlineData("limit=100000")]
    [InlineData("limit=-1")]
    public async Task Bad_page_numbers_are_400_on_every_list(string query)
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var admin = factory.As(Caller.Admin);
        await admin.GetAsync($"{Url}?organizationId={seed.Acme}&{query}").Expect(400);
        await admin.GetAsync($"{Url}/{template.Id()}/versions?{query}").Expect(400);
        await admin.GetAsync($"{Url}/{template.Id()}/label-history?{query}").Expect(400);
        await admin.GetAsync($"/api/models?organizationId={seed.Acme}&{query}").Expect(400);
    }

    [Fact]
    public async Task The_last_int_page_is_empty_not_the_first_page()
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var page = await factory.As(Caller.Admin).GetAsync($"{Url}/{template.Id()}/versions?page=2147483647&limit=100").ExpectJson(200);
        Assert.Empty(page.Data());
    }

    [Theory]
    [InlineData("%25")]
    [InlineData("_")]
    [InlineData("[a-z]")]
    [InlineData("%5C")]
    [InlineData("'%20OR%201=1--")]
    public async Task Search_wildcards_are_literal(string search)
    {
        var seed = await factory.SeedAsync();
        await factory.CreateTemplateAsync(seed.Acme);
        var page = await factory.As(Caller.Admin).GetAsync($"{Url}?organizationId={seed.Acme}&search={search}").ExpectJson(200);
        Assert.Empty(page.Data());
    }

    [Fact]
    public async Task A_search_string_past_200_characters_is_400()
    {
        var seed = await factory.SeedAsync();
        await factory.As(Caller.Admin).GetAsync($"{Url}?organizationId={seed.Acme}&search={new string('a', 5000)}").Expect(400);
    }

    [Theory]
    [InlineData("..%2Fx")]
    [InlineData("%C4%B0stanbul")]
    [InlineData("prod%E2%80%8Buction")]
    public async Task Odd_label_names_in_the_route_are_400_and_move_nothing(string name)
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var status = (int)(await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}/labels/{name}", new { version = 1 })).StatusCode;
        Assert.True(status is 400 or 404, $"status {status}");
        Assert.Equal(0, await factory.QueryAsync(db => db.PromptTemplateLabels.CountAsync(l => l.PromptTemplateId == template.Id())));
        var get = (int)(await factory.As(Caller.Admin).GetAsync($"{Url}/{template.Id()}?label={name}")).StatusCode;
        Assert.True(get is 400 or 404, $"status {get}");
    }

    [Theory]
    [InlineData("production%00")]
    [InlineData("production%00x")]
    [InlineData("%00production")]
    public async Task A_label_with_a_null_character_is_400(string name)
    {
        // Kestrel refuses %00 in a path itself; in a query string it reaches the app.
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}/labels/production", new { version = 1 }).Expect(200);
        await factory.As(Caller.Admin).GetAsync($"{Url}/{template.Id()}?label={name}").Expect(400);
    }

    [Fact]
    public async Task A_label_name_with_a_trailing_newline_is_not_stored_with_it()
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateTemplateAsync(seed.Acme);
        var status = (int)(await factory.As(Caller.Admin).PutJsonAsync($"{Url}/{template.Id()}/labels/production%0A", new { version = 1 })).StatusCode;
        var labels = await factory.QueryAsync(db => db.PromptTemplateLabels.Where(l => l.PromptTemplateId == template.Id()).Select(l => l.Name).ToListAsync());
        Assert.All(labels, l => Assert.Matches("^[a-z][a-z0-9._-]*\\z", l));
        Assert.True(status is 200 or 400 or 404);
    }

    [Fact]
    public async Task Another_organizations_template_is_404_on_every_sub_route()
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateThreeVersionsAsync(seed.Acme);
        var outsider = factory.As(Caller.Outsider);
        var id = template.Id();
        foreach (var response in new[]
                 {
                     await outsider.GetAsync($"{Url}/{id}"),
                     await outsider.GetAsync($"{Url}/{id}?version=1"),
                     await outsider.GetAsync($"{Url}/{id}?label=production"),
                     await outsider.GetAsync($"{Url}/{id}/versions"),
                     await outsider.GetAsync($"{Url}/{id}/versions/1"),
                     await outsider.PostJsonAsync($"{Url}/{id}/versions/1/restore", new { }),
                     await outsider.GetAsync($"{Url}/{id}/labels"),
                     await outsider.PutJsonAsync($"{Url}/{id}/labels/production", new { version = 1 }),
                     await outsider.GetAsync($"{Url}/{id}/label-history"),
                     await outsider.PutJsonAsync($"{Url}/{id}", new { promptText = "pwned" }),
                     await outsider.DeleteAsync($"{Url}/{id}", "\"" + Guid.NewGuid() + "\""),
                 })
        {
            Assert.Equal(404, (int)response.StatusCode);
        }
        // An outsider naming its own organization with Acme's environment.
        await outsider.GetAsync($"{Url}?organizationId={seed.Globex}&environmentId={seed.AcmeProduction}").Expect(404);
        await outsider.PostJsonAsync(Url, new { organizationId = seed.Globex, environmentId = seed.AcmeProduction, name = "x", promptText = "x" }).Expect(400);
        Assert.Equal(3, (await HistoryAsync(id)).Current);
    }

    [Theory]
    [InlineData(Caller.User)]
    [InlineData(Caller.Guest)]
    public async Task Users_and_guests_cannot_change_anything(Caller caller)
    {
        var seed = await factory.SeedAsync();
        var template = await factory.CreateThreeVersionsAsync(seed.Acme);
        var id = template.Id();
        var client = factory.As(caller);
        await client.PutJsonAsync($"{Url}/{id}", new { promptText = "pwned" }).Expect(403);
        await client.PostJsonAsync($"{Url}/{id}/versions/1/restore", new { }).Expect(403);
        await client.PutJsonAsync($"{Url}/{id}/labels/production", new { version = 1 }).Expect(403);
        await client.PostJsonAsync(Url, Body(seed.Acme)).Expect(403);
        Assert.Equal(3, (await HistoryAsync(id)).Current);
        Assert.Equal(0, await factory.QueryAsync(db => db.PromptTemplateLabelMoves.CountAsync(m => m.PromptTemplateId == id)));
    }
}
