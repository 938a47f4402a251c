using MudBlazor;

namespace Builder.Web.Components.Layout;

/// <summary>The console's look: an indigo accent on quiet neutral surfaces, in light and dark.</summary>
public static class ConsoleTheme
{
    public const string CookieName = "builder.theme";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f46e5", Secondary = "#0e7490", Tertiary = "#7c3aed",
            AppbarBackground = "#ffffff", AppbarText = "#1f2937",
            Background = "#f6f7f9", Surface = "#ffffff",
            DrawerBackground = "#ffffff", DrawerText = "#374151", DrawerIcon = "#6b7280",
            TextPrimary = "#111827", TextSecondary = "#6b7280",
            LinesDefault = "#e5e7eb", TableLines = "#eceef2", Divider = "#e5e7eb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8b93ff", Secondary = "#22b8cf", Tertiary = "#a78bfa",
            AppbarBackground = "#151821", AppbarText = "#e5e7eb",
            Background = "#0e1016", Surface = "#161922",
            DrawerBackground = "#12141c", DrawerText = "#d1d5db", DrawerIcon = "#9ca3af",
            TextPrimary = "#e5e7eb", TextSecondary = "#9ca3af",
            LinesDefault = "#2a2e3a", TableLines = "#232733", Divider = "#2a2e3a",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Inter", "Roboto", "Segoe UI", "Helvetica Neue", "Arial", "sans-serif"] },
            Button = new ButtonTypography { TextTransform = "none", FontWeight = "500" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px", AppbarHeight = "60px" },
    };
}
