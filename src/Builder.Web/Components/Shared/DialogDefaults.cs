using MudBlazor;

namespace Builder.Web.Components.Shared;

public static class DialogDefaults
{
    /// <summary>Create and edit forms.</summary>
    public static DialogOptions Form => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
}
