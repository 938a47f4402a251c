using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Variables;
using Builder.Web.Components.Layout;
using Builder.Web.Components.Shared;
using Builder.Web.Features.Variables;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Builder.Web.Tests.Components;

/// <summary>
/// What an idle circuit holds on the Variables page: every component costs about 5 KB of server memory per circuit
/// (two render-tree buffers, MudBlazor's parameter state and attribute dictionaries) whatever it draws, so the shell and
/// the list draw plain markup wherever a component earns nothing. The heap itself is measured by scripts/bench-api.sh.
/// </summary>
public sealed class CircuitWeightTests : ConsoleTestContext
{
    private async Task<IRenderedComponent<MainLayout>> RenderVariablesAsync(int variables)
    {
        var admin = await SignInAsync("admin@acme.test");
        var org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var env = await EnvironmentIdAsync(org, "Development");
        for (var i = 0; i < variables; i++)
            await Service<VariableService>().CreateAsync(admin, env, new VariableInput($"WEIGHT_{i:00}", i % 2 == 0 ? "secret" : null));
        Context.Services.GetRequiredService<NavigationManager>().NavigateTo($"/orgs/{org}/envs/{env}/variables");
        var shell = Context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<VariablesPage>(0);
            b.AddAttribute(1, nameof(VariablesPage.OrgId), org);
            b.AddAttribute(2, nameof(VariablesPage.EnvId), env);
            b.CloseComponent();
        })));
        shell.WaitForAssertion(() =>
        {
            Assert.Contains("Variables", shell.Find(".mud-navmenu").TextContent);
            Assert.Equal(Math.Min(variables, 10), shell.FindAll(".mud-table-body tr button[aria-label^='Delete WEIGHT_']").Count);
        });
        return shell;
    }

    /// <summary>The circuit's components, less the one the grid itself wraps each row in (MudBlazor's, not ours).</summary>
    private static int Components(IRenderedComponent<MainLayout> shell) =>
        shell.FindComponents<IComponent>().Count(c => c.Instance is not CascadingValue<MudBlazor.Interfaces.IForm>);

    [Fact]
    public async Task The_variables_page_with_its_shell_holds_at_most_36_components()
    {
        var shell = await RenderVariablesAsync(12);

        var count = Components(shell);
        var byType = string.Join(", ", shell.FindComponents<IComponent>().GroupBy(c => c.Instance.GetType().Name)
            .OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
        Assert.True(count <= 36, $"{count} components: {byType}");
    }

    [Fact]
    public async Task List_rows_add_no_components()
    {
        var shell = await RenderVariablesAsync(12);
        // Both states with a search term, so both show the search box's clear button.
        shell.Find("input[aria-label='Search by name']").Input("WEIGHT_07");
        shell.WaitForAssertion(() => Assert.Single(shell.FindAll(".mud-table-body tr")));
        var oneRow = Components(shell);

        shell.Find("input[aria-label='Search by name']").Input("WEIGHT");
        shell.WaitForAssertion(() => Assert.Equal(10, shell.FindAll(".mud-table-body tr").Count));

        Assert.Equal(oneRow, Components(shell));
    }

    [Fact]
    public async Task The_shell_draws_its_navigation_and_breadcrumbs_as_markup()
    {
        var shell = await RenderVariablesAsync(1);

        Assert.Empty(shell.FindComponents<MudNavLink>());
        Assert.Empty(shell.FindComponents<MudBreadcrumbs>());
        Assert.Empty(shell.FindComponents<MudChip<string>>());
    }

    [Fact]
    public async Task The_list_and_the_theme_are_markup_not_mud_components()
    {
        var shell = await RenderVariablesAsync(12);

        // The grid's table, sort headers, pager and search box; the theme's stylesheet is shared, not a provider per circuit.
        Assert.Empty(shell.FindComponents<MudDataGrid<VariableView>>());
        Assert.Empty(shell.FindComponents<MudSelect<int>>());
        Assert.Empty(shell.FindComponents<MudTextField<string>>());
        Assert.Empty(shell.FindComponents<MudIconButton>());
        Assert.Empty(shell.FindComponents<MudMenu>());
        Assert.Empty(shell.FindComponents<MudThemeProvider>());
        Assert.Contains("--mud-palette-primary", shell.Markup);
        Assert.Equal(2, shell.FindAll("th[aria-sort]").Count); // name and last updated
    }

    [Fact]
    public async Task App_bar_menus_are_made_when_first_opened()
    {
        var shell = await RenderVariablesAsync(1);
        var menus = shell.FindComponents<DeferredMenu>();
        Assert.Equal(3, menus.Count); // organization, environment, account
        Assert.All(menus, m => Assert.Empty(m.FindComponents<MudMenu>()));

        shell.Find("button[aria-label='Account']").Click();

        shell.WaitForAssertion(() => Assert.Contains("Sign out", shell.Find("form[action='/account/sign-out']").TextContent));
        Assert.Single(shell.FindComponents<DeferredMenu>(), m => m.FindComponents<MudMenu>().Count == 1);
    }
}
