using MudBlazor;

namespace Builder.Web.Components.Shared;

public static class DialogDefaults
{
    /// <summary>
    /// Where focus goes when a dialog opens: its first field, so typing lands there at once. MudBlazor's default focuses the
    /// dialog element itself, which took the focus away from the field (typing went nowhere) and, on that blur, marked an
    /// empty required field "Required" before the person had typed anything. Each dialog sets it on its MudDialog (which
    /// MudBlazor reads before the provider's default), and the layout's MudDialogProvider sets it for the rest.
    /// </summary>
    public const DefaultFocus Focus = DefaultFocus.FirstChild;

    /// <summary>Create and edit forms.</summary>
    public static DialogOptions Form => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, DefaultFocus = Focus };
}
