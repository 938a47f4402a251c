using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Common;
using Builder.Domain.Variables;
using Builder.Web.Features.Variables;
using Microsoft.EntityFrameworkCore;

namespace Builder.Web.Tests.Components;

/// <summary>The variable list and editor: values are write-only, so a stored secret must never reach the markup.</summary>
public sealed class VariableEditorTests : ConsoleTestContext
{
    private const string Secret = "sk-live-DO-NOT-RENDER-8f3a9c";
    private const string Name = "OPENAI_API_KEY";

    private Guid _org, _env;

    /// <summary>Stores a variable with a known secret through the real service (Data Protection encrypts it).</summary>
    private async Task<VariableView> SeedAsync()
    {
        var admin = await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        _env = await EnvironmentIdAsync(_org, "Development");
        return await Service<VariableService>().CreateAsync(admin, _env, new VariableInput(Name, Secret));
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage()
    {
        var page = RenderWithProviders<VariablesPage>(new() { ["OrgId"] = _org, ["EnvId"] = _env });
        page.WaitForAssertion(() => Assert.Contains(Name, page.Find(".mud-table-body").TextContent));
        return page;
    }

    private async Task<string?> StoredValueAsync()
    {
        await using var db = Service<IBuilderDbContextFactory>().Create();
        var stored = await db.Variables.Where(v => v.Name == Name).Select(v => v.ProtectedValue).SingleAsync();
        return stored is null ? null : Service<ISecretProtector>().Unprotect(stored);
    }

    [Fact]
    public async Task The_list_shows_that_a_value_is_set_but_never_the_value()
    {
        await SeedAsync();

        var page = RenderPage();

        var row = page.Find(".mud-table-body tr");
        Assert.Contains("Set", row.TextContent);
        Assert.Contains("admin@acme.test", row.TextContent);
        Assert.DoesNotContain(Secret, page.Markup);
    }

    [Fact]
    public async Task The_editor_starts_with_an_empty_password_field_and_never_shows_the_stored_value()
    {
        await SeedAsync();
        var page = RenderPage();

        page.Find($"button[aria-label='Edit {Name}']").Click();
        page.WaitForElement(".mud-dialog");
        page.FindAll(".mud-dialog input[type='radio']")[1].Click(); // Replace the value

        var value = page.WaitForElement(".mud-dialog input[type='password']");
        Assert.True(string.IsNullOrEmpty(value.GetAttribute("value")));
        Assert.DoesNotContain(Secret, page.Markup);
    }

    [Fact]
    public async Task A_new_variable_has_an_empty_password_value_field()
    {
        await SeedAsync();
        var page = RenderPage();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New variable").Click();

        var value = page.WaitForElement(".mud-dialog input[type='password']");
        Assert.True(string.IsNullOrEmpty(value.GetAttribute("value")));
    }

    [Fact]
    public async Task Replacing_the_value_saves_it_through_the_service_without_rendering_it()
    {
        await SeedAsync();
        var page = RenderPage();

        page.Find($"button[aria-label='Edit {Name}']").Click();
        page.WaitForElement(".mud-dialog");
        page.FindAll(".mud-dialog input[type='radio']")[1].Click();
        page.WaitForElement(".mud-dialog input[type='password']").Change("sk-rotated-42");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".mud-dialog")));
        Assert.Equal("sk-rotated-42", await StoredValueAsync());
        Assert.DoesNotContain("sk-rotated-42", page.Markup);
        Assert.DoesNotContain(Secret, page.Markup);
    }

    [Fact]
    public async Task Clearing_the_value_removes_it()
    {
        await SeedAsync();
        var page = RenderPage();

        page.Find($"button[aria-label='Edit {Name}']").Click();
        page.WaitForElement(".mud-dialog");
        page.FindAll(".mud-dialog input[type='radio']")[2].Click(); // Clear the value
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("clear value")).Click();

        page.WaitForAssertion(() => Assert.Contains("Not set", page.Find(".mud-table-body tr").TextContent));
        Assert.Null(await StoredValueAsync());
    }

    [Fact]
    public async Task A_bad_name_shows_the_domain_message_on_the_name_field()
    {
        await SeedAsync();
        var page = RenderPage();

        page.FindAll("button").Single(b => b.TextContent.Trim() == "New variable").Click();
        page.WaitForElement(".mud-dialog input").Change("1-not-an-identifier");
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Create").Click();

        page.WaitForAssertion(() => Assert.Contains("Name must start with a letter or underscore", page.Find(".mud-dialog").TextContent));
    }

    [Fact]
    public async Task A_stale_save_opens_the_conflict_dialog_naming_who_changed_it()
    {
        var variable = await SeedAsync();
        var page = RenderPage();
        page.Find($"button[aria-label='Edit {Name}']").Click();
        page.WaitForElement(".mud-dialog");

        // Someone else renames it while the editor is open.
        var reviewer = await Service<Builder.Domain.Users.UserAccountService>().BuildActorAsync(
            (await Service<Builder.Domain.Users.UserAccountService>().FindByEmailAsync("reviewer@acme.test"))!.Id);
        await Service<VariableService>().UpdateAsync(reviewer!, variable.Id, new VariableInput("OPENAI_KEY"), variable.Version);

        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Save").Click();

        page.WaitForAssertion(() => Assert.Contains("reviewer@acme.test", page.Markup));
        Assert.Contains(page.FindAll(".mud-dialog button"), b => b.TextContent.Contains("Reload"));
    }

    [Fact]
    public async Task A_guest_sees_the_variables_but_no_buttons_to_change_them()
    {
        await SeedAsync();
        await SignInAsync("guest@acme.test");

        var page = RenderPage();

        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New variable"));
        Assert.Empty(page.FindAll("button[aria-label^='Edit']"));
        Assert.Empty(page.FindAll("button[aria-label^='Delete']"));
        Assert.DoesNotContain(Secret, page.Markup);
    }

    [Fact]
    public void Variable_views_carry_no_value_so_components_cannot_receive_one()
    {
        var properties = typeof(VariableView).GetProperties().Select(p => p.Name).ToList();

        Assert.Contains(nameof(VariableView.HasValue), properties);
        Assert.DoesNotContain(properties, p => p.Contains("Value", StringComparison.Ordinal) && p != nameof(VariableView.HasValue));
    }
}
