using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Builder.Domain.Audit;
using Builder.Web.Features.Audit;
using Builder.Web.Features.Models;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components;

/// <summary>The Models and System models pages: credentials are write-only, so a stored one must never reach the markup.</summary>
public sealed class ModelPagesTests : ConsoleTestContext
{
    private const string Token = "sk-proj-CANARY-DO-NOT-RENDER-3e9d1f";
    private const string SecretKey = "secret-CANARY-DO-NOT-RENDER-7a2c5b";
    private const string Name = "GPT-4o mini";
    private const string Url = "https://api.openai.com/v1/chat/completions";

    private Guid _org;

    private async Task<ModelView> SeedAsync()
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        return await Service<ModelService>().CreateAsync(admin, _org,
            new ModelInput(Name, Url, "gpt-4o-mini", "Production model", Token: Token, SecretKey: SecretKey));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage()
    {
        var page = RenderWithProviders<ModelsPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains(Name, page.Find(".mud-table-body").TextContent));
        return page;
    }

    private async Task<AiModel> StoredAsync(string name)
    {
        await using var db = Service<IBuilderDbContextFactory>().Create();
        return await db.Models.AsNoTracking().SingleAsync(m => m.Name == name);
    }

    private string? Reveal(string? stored) => stored is null ? null : Service<ISecretProtector>().Unprotect(stored);

    [Fact]
    public async Task The_list_shows_which_credentials_are_stored_but_never_a_credential()
    {
        await SeedAsync();

        var page = RenderPage();

        var row = page.Find(".mud-table-body tr");
        Assert.Contains("gpt-4o-mini", row.TextContent);
        Assert.Contains("api.openai.com", row.TextContent);
        var credentials = row.QuerySelector("[data-testid='credentials']")!.TextContent;
        Assert.Contains("Token", credentials);
        Assert.Contains("Secret key", credentials);
        Assert.DoesNotContain("Client key", credentials);
        Assert.DoesNotContain(Token, page.Markup);
        Assert.DoesNotContain(SecretKey, page.Markup);
    }

    [Fact]
    public async Task An_empty_organization_shows_the_empty_state()
    {
        await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);

        var page = RenderWithProviders<ModelsPage>(new() { ["OrgId"] = _org });

        page.WaitForAssertion(() => Assert.Contains("No models yet", page.Markup));
    }

    [Fact]
    public async Task Creating_a_model_with_a_token_stores_it_encrypted_and_never_renders_it()
    {
        await SeedAsync();
        var page = RenderPage();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New model").Click();
        page.WaitForElement(".mud-dialog");
        page.Find(".mud-dialog input").Change("Local llama");
        page.Find(".mud-dialog input[type='url']").Change("http://localhost:11434/v1/chat/completions");
        page.FindAll(".mud-dialog input.mud-input-root").First(i => i.GetAttribute("placeholder") == "gpt-4o-mini").Change("llama3.1");
        var passwords = page.FindAll(".mud-dialog input[type='password']");
        Assert.Equal(3, passwords.Count);
        Assert.All(passwords, p => Assert.True(string.IsNullOrEmpty(p.GetAttribute("value"))));
        passwords[0].Change("sk-new-CANARY-typed");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        var stored = await StoredAsync("Local llama");
        Assert.Equal(("llama3.1", "sk-new-CANARY-typed", null), (stored.ModelName, Reveal(stored.ProtectedToken), stored.ProtectedClientKey));
        Assert.DoesNotContain("sk-new-CANARY-typed", stored.ProtectedToken);
        page.WaitForAssertion(() => Assert.Contains("Local llama", page.Find(".mud-table-body").TextContent));
        Assert.DoesNotContain("sk-new-CANARY-typed", page.Markup);
    }

    [Fact]
    public async Task The_editor_keeps_replaces_or_clears_each_credential_and_never_shows_one()
    {
        await SeedAsync();
        var page = RenderPage();

        page.Find($"button[aria-label='Edit {Name}']").Click();
        page.WaitForElement(".mud-dialog");
        Assert.Empty(page.FindAll(".mud-dialog input[type='password']"));
        Assert.Contains("A token is stored", page.Find(".mud-dialog").TextContent);
        Assert.Contains("No client key is stored yet", page.Find(".mud-dialog").TextContent);
        Assert.DoesNotContain(Token, page.Markup);

        // Token: Replace (second radio of the first group). Secret key: Clear (third radio of the third group).
        var groups = page.FindAll(".mud-dialog .mud-radio-group");
        Assert.Equal(3, groups.Count);
        groups[0].QuerySelectorAll("input[type='radio']")[1].Click();
        page.WaitForElement(".mud-dialog input[type='password']").Change("sk-rotated-CANARY");
        page.FindAll(".mud-dialog .mud-radio-group")[2].QuerySelectorAll("input[type='radio']")[2].Click();
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        var stored = await StoredAsync(Name);
        Assert.Equal(("sk-rotated-CANARY", null), (Reveal(stored.ProtectedToken), stored.ProtectedSecretKey));
        Assert.DoesNotContain("sk-rotated-CANARY", page.Markup);
    }

    [Fact]
    public async Task A_bad_url_and_temperature_show_the_domain_messages_on_their_fields_and_save_nothing()
    {
        await SeedAsync();
        var page = RenderPage();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New model").Click();
        page.WaitForElement(".mud-dialog");
        page.Find(".mud-dialog input").Change("Broken");
        page.Find(".mud-dialog input[type='url']").Change("api.openai.com/v1");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();

        page.WaitForAssertion(() => Assert.Contains("Model URL must be an absolute http or https URL", page.Find(".mud-dialog").TextContent));
        Assert.Contains("Model name is required", page.Find(".mud-dialog").TextContent);
        await using var db = Service<IBuilderDbContextFactory>().Create();
        Assert.False(await db.Models.AnyAsync(m => m.Name == "Broken"));
    }

    [Fact]
    public async Task Deleting_asks_a_reviewer_saying_what_uses_the_model_and_keeps_it_until_approved()
    {
        await SeedAsync();
        var page = RenderPage();

        page.Find($"button[aria-label='Delete {Name}']").Click();
        page.WaitForAssertion(() => Assert.Contains("No prompt template uses it", page.Find(".mud-dialog").TextContent));
        SendDeletionRequest(page);

        page.WaitForAssertion(() => Assert.Contains("Deletion requested", page.Find(".mud-table-body").TextContent));
        Guid id;
        await using (var db = Service<IBuilderDbContextFactory>().Create())
            id = await db.Models.Where(m => m.Name == Name).Select(m => m.Id).SingleAsync();
        Assert.Equal(Builder.Domain.Approvals.ApprovalStatus.Executed, (await ApproveDeletionAsync(id)).Status);
        await using (var db = Service<IBuilderDbContextFactory>().Create())
            Assert.False(await db.Models.AnyAsync(m => m.Name == Name));
    }

    [Fact]
    public async Task A_guest_sees_the_models_but_no_buttons_to_change_them()
    {
        await SeedAsync();
        await SignInAsync("guest@acme.test");

        var page = RenderPage();

        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New model"));
        Assert.Empty(page.FindAll("button[aria-label^='Edit']"));
        Assert.Empty(page.FindAll("button[aria-label^='Delete']"));
        Assert.DoesNotContain(Token, page.Markup);
    }

    [Fact]
    public async Task System_models_are_for_System_users_only()
    {
        await SignInAsync("admin@acme.test");

        var page = RenderWithProviders<SystemModelsPage>([]);

        page.WaitForAssertion(() => Assert.Contains("Only system administrators can manage system models", page.Markup));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New system model"));
    }

    [Fact]
    public async Task A_System_user_creates_a_visible_system_model_and_sees_it_listed_as_visible()
    {
        var system = await SignInAsync("system@builder.local");
        await Service<ModelService>().CreateSystemAsync(system, new ModelInput("Hidden one", Url, "gpt-4o", Token: Token));
        var page = RenderWithProviders<SystemModelsPage>([]);
        page.WaitForAssertion(() => Assert.Contains("Hidden one", page.Find(".mud-table-body").TextContent));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New system model").Click();
        page.WaitForElement(".mud-dialog");
        page.Find(".mud-dialog input").Change("Shared mini");
        page.Find(".mud-dialog input[type='url']").Change(Url);
        page.FindAll(".mud-dialog input.mud-input-root").First(i => i.GetAttribute("placeholder") == "gpt-4o-mini").Change("gpt-4o-mini");
        page.Find(".mud-dialog .mud-switch input").Change(true);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();

        page.WaitForAssertion(() => Assert.Contains("Shared mini", page.Find(".mud-table-body").TextContent));
        var rows = page.FindAll(".mud-table-body tr");
        Assert.Contains("Visible", rows.Single(r => r.TextContent.Contains("Shared mini")).TextContent);
        Assert.DoesNotContain("Visible", rows.Single(r => r.TextContent.Contains("Hidden one")).TextContent);
        Assert.True((await StoredAsync("Shared mini")).IsVisible);
        Assert.DoesNotContain(Token, page.Markup);
    }

    [Fact]
    public void An_audit_record_of_a_model_links_to_the_organizations_models()
    {
        var org = Guid.NewGuid();
        var entry = new AuditView(Guid.NewGuid(), DateTime.UtcNow, "admin@acme.test", false, org, null, ResourceTypes.Model, Guid.NewGuid(),
            AuditActions.Created, ["name"], Name, null, true, "Model", Name, "created");

        Assert.Equal(ModelLinks.List(org), AuditLinks.For(org, entry));
        Assert.Equal($"/orgs/{org}/models", ModelLinks.List(org));
    }

    [Fact]
    public void Model_views_carry_no_credential_so_components_cannot_receive_one()
    {
        foreach (var type in new[] { typeof(ModelView), typeof(VisibleSystemModelView), typeof(ModelChoice) })
        {
            var properties = type.GetProperties().Select(p => p.Name).ToList();
            Assert.DoesNotContain(properties, p => p is "Token" or "ClientKey" or "SecretKey" || p.StartsWith("Protected", StringComparison.Ordinal));
        }
    }
}
