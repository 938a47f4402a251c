using Bunit;
using Bunit.TestDoubles;
using Builder.Data.Seed;
using Builder.Web.Features.WorkflowEntities;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Components.Console;

/// <summary>Leaving the entity editor with unsaved edits asks first (UnsavedChangesGuard); without edits it just leaves.</summary>
public sealed class UnsavedChangesTests : ConsoleTestContext
{
    private Guid _org;

    private BunitNavigationManager Navigation => (BunitNavigationManager)Context.Services.GetRequiredService<NavigationManager>();

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> OpenNewEntityAsync()
    {
        await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        Navigation.NavigateTo($"/orgs/{_org}/entities/new");
        var page = RenderWithProviders<EntityEditorPage>(new() { ["OrgId"] = _org, ["EntityId"] = null });
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".details-name input")));
        return page;
    }

    private string Library => Navigation.ToAbsoluteUri(EntityLinks.List(_org)).ToString();

    [Fact]
    public async Task Leaving_with_unsaved_edits_asks_and_staying_keeps_the_edits()
    {
        var page = await OpenNewEntityAsync();
        page.Find(".details-name input").Change("Half-typed entity");

        var leaving = Task.Run(() => Navigation.NavigateTo(EntityLinks.List(_org)));

        page.WaitForAssertion(() => Assert.Contains("Leave without saving?", page.Find(".mud-dialog").TextContent));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        await leaving;

        page.WaitForAssertion(() => Assert.Equal(NavigationState.Prevented, Navigation.History.First().State));
        Assert.NotEqual(Library, Navigation.Uri);
        Assert.Equal("Half-typed entity", page.Find(".details-name input").GetAttribute("value"));
    }

    [Fact]
    public async Task Confirming_leaves_the_page()
    {
        var page = await OpenNewEntityAsync();
        page.Find(".details-name input").Change("Half-typed entity");

        var leaving = Task.Run(() => Navigation.NavigateTo(EntityLinks.List(_org)));

        page.WaitForAssertion(() => Assert.Contains("Leave without saving?", page.Find(".mud-dialog").TextContent));
        var arrival = ArrivalAsync(uri => uri == Library);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Leave without saving").Click();
        await leaving;

        await arrival;
        Assert.Equal(Library, Navigation.Uri);
    }

    [Fact]
    public async Task Without_edits_it_leaves_without_asking()
    {
        var page = await OpenNewEntityAsync();

        var arrival = ArrivalAsync(uri => uri == Library);
        Navigation.NavigateTo(EntityLinks.List(_org));

        await arrival;
        Assert.Empty(page.FindAll(".mud-dialog"));
    }
}
