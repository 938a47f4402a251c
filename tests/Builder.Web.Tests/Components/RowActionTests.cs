using Bunit;
using Builder.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;

namespace Builder.Web.Tests.Components;

/// <summary>
/// The icon button of every list row: named for screen readers, with a tooltip only when it has one, and no tooltip
/// machinery (MudTooltip, its popover and holder) per button — ten rows of two buttons made that most of a circuit.
/// </summary>
public sealed class RowActionTests : IDisposable
{
    private readonly BunitContext _context = new();

    public RowActionTests()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        _context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Without_a_tooltip_it_is_one_named_button_with_no_tooltip_machinery()
    {
        var clicks = 0;
        var cut = _context.Render<RowAction>(p => p
            .Add(a => a.Icon, Icons.Material.Outlined.Delete)
            .Add(a => a.Label, "Delete OPENAI_API_KEY")
            .Add(a => a.OnClick, () => clicks++));

        var button = cut.Find("button[aria-label='Delete OPENAI_API_KEY']");
        Assert.False(button.HasAttribute("title"));
        Assert.Empty(cut.FindComponents<MudTooltip>());
        Assert.Empty(cut.FindAll(".mud-tooltip-root, .mud-popover"));

        button.Click();
        Assert.Equal(1, clicks);
    }

    [Fact]
    public void With_a_tooltip_the_button_carries_it_as_its_title()
    {
        var cut = _context.Render<RowAction>(p => p
            .Add(a => a.Icon, Icons.Material.Outlined.Edit)
            .Add(a => a.Label, "Edit OPENAI_API_KEY")
            .Add(a => a.Tooltip, "Rename, replace or clear the value"));

        var button = cut.Find("button[aria-label='Edit OPENAI_API_KEY']");
        Assert.Equal("Rename, replace or clear the value", button.GetAttribute("title"));
        Assert.Empty(cut.FindComponents<MudTooltip>());
    }

    [Fact]
    public void A_link_action_is_an_anchor_and_a_button_waits_for_interactivity()
    {
        var link = _context.Render<RowAction>(p => p
            .Add(a => a.Icon, Icons.Material.Outlined.Key).Add(a => a.Label, "Variables of Production")
            .Add(a => a.Href, "/orgs/x/envs/y/variables").Add(a => a.Tooltip, "Variables"));
        Assert.Equal("/orgs/x/envs/y/variables", link.Find("a[aria-label='Variables of Production']").GetAttribute("href"));

        _context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        var prerendered = _context.Render<RowAction>(p => p
            .Add(a => a.Icon, Icons.Material.Outlined.Delete).Add(a => a.Label, "Delete Production"));
        Assert.True(prerendered.Find("button[aria-label='Delete Production']").HasAttribute("disabled"));
    }

    public void Dispose() => _context.Dispose();
}
