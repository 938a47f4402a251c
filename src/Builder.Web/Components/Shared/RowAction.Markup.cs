using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Builder.Web.Components.Shared;

/// <summary>The row action's markup, for the component and for list rows that draw it without one.</summary>
public partial class RowAction
{
    // The classes MudIconButton (Size.Small, Variant.Text) and MudIcon give the same button.
    private const string Plain = "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-size-small";
    private const string Dangerous = "mud-button-root mud-icon-button mud-error-text hover:mud-error-hover mud-ripple mud-ripple-icon mud-icon-button-size-small";

    /// <summary>
    /// The button as plain elements. Create <paramref name="onClick"/> with the page as its receiver
    /// (<c>EventCallback.Factory.Create(this, …)</c>), so the page re-renders after it as after its own handlers.
    /// </summary>
    public static RenderFragment Button(string icon, string label, EventCallback onClick, bool interactive, string? tooltip = null, bool danger = false) => b =>
    {
        b.OpenElement(0, "button");
        b.AddAttribute(1, "type", "button");
        b.AddAttribute(2, "class", danger ? Dangerous : Plain);
        b.AddAttribute(3, "aria-label", label);
        b.AddAttribute(4, "title", tooltip);
        b.AddAttribute(5, "disabled", !interactive);
        b.AddAttribute(6, "onclick", onClick);
        Glyph(b, icon);
        b.CloseElement();
    };

    /// <summary>A row action that is a link (no handler, so nothing to wait for).</summary>
    public static RenderFragment Link(string icon, string label, string href, string? tooltip = null) => b =>
    {
        b.OpenElement(0, "a");
        b.AddAttribute(1, "href", href);
        b.AddAttribute(2, "class", Plain);
        b.AddAttribute(3, "aria-label", label);
        b.AddAttribute(4, "title", tooltip);
        Glyph(b, icon);
        b.CloseElement();
    };

    private static void Glyph(RenderTreeBuilder b, string icon)
    {
        b.OpenElement(10, "span");
        b.AddAttribute(11, "class", "mud-icon-button-label");
        b.AddMarkupContent(12, global::Builder.Web.Components.Shared.Plain.Svg(icon, "mud-icon-root mud-svg-icon mud-icon-size-small")); // one shared frame
        b.CloseElement();
    }
}
