using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Builder.Web.Components.Shared;

/// <summary>
/// MudBlazor's look drawn as plain elements with its classes, for what is on every page or in every list row and has no
/// behaviour of its own (an icon, a status chip, a link): every component costs a Blazor Server circuit about 5 KB
/// (two render-tree buffers, parameter state, attribute dictionaries) however little it draws.
/// </summary>
public static class Plain
{
    /// <summary>An SVG icon as <c>MudIcon</c> draws it; <paramref name="classes"/> after <c>mud-icon-root mud-svg-icon</c>.</summary>
    public static RenderFragment Icon(string icon, string classes) => b => Icon(b, icon, classes);

    internal static void Icon(RenderTreeBuilder b, string icon, string classes) =>
        b.AddMarkupContent(0, Svg(icon, "mud-icon-root mud-svg-icon " + classes, role: "img"));

    /// <summary>
    /// An icon's whole <c>svg</c> element as one markup string, made once per icon and classes and shared by every circuit:
    /// one render-tree frame where the element with its five attributes and content took seven, in both of a component's
    /// render-tree buffers (a list of ten rows draws some thirty icons). Icons and classes are the code's own constants.
    /// </summary>
    internal static string Svg(string icon, string classes, string? role = null) =>
        Svgs.GetOrAdd((icon, classes, role), static key =>
            $"<svg class=\"{key.Classes}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\"{(key.Role is null ? "" : $" role=\"{key.Role}\"")}>{key.Icon}</svg>");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Icon, string Classes, string? Role), string> Svgs = new();

    /// <summary>A small outlined chip, with an icon or none, as <c>MudChip Size="Small" Variant="Outlined"</c> draws it (not clickable).</summary>
    /// <param name="color">The theme colour's name: default, success, warning, …</param>
    public static RenderFragment Chip(string text, string? icon, string color = "default", string? classes = null, string? title = null) => b =>
    {
        b.OpenElement(0, "div");
        b.AddAttribute(1, "class", "mud-chip-container");
        b.OpenElement(2, "div");
        b.AddAttribute(3, "class", "mud-chip mud-chip-outlined mud-chip-size-small mud-chip-color-" + color + (classes is null ? "" : " " + classes));
        b.AddAttribute(4, "tabindex", "-1");
        b.AddAttribute(5, "title", title);
        if (icon is not null)
        {
            b.OpenRegion(6);
            Icon(b, icon, "mud-icon-size-small mud-chip-icon");
            b.CloseRegion();
        }
        b.OpenElement(7, "span");
        b.AddAttribute(8, "class", "mud-chip-content");
        b.AddContent(9, text);
        b.CloseElement();
        b.CloseElement();
        b.CloseElement();
    };

    /// <summary>A link as <c>MudLink Typo="Typo.body2"</c> (primary colour, underlined on hover) draws it.</summary>
    public static RenderFragment Link(string href, RenderFragment content, string? classes = null) => b =>
    {
        b.OpenElement(0, "a");
        b.AddAttribute(1, "href", href);
        b.AddAttribute(2, "class", "mud-typography mud-link mud-primary-text mud-link-underline-hover mud-typography-body2" + (classes is null ? "" : " " + classes));
        b.AddContent(3, content);
        b.CloseElement();
    };
}
