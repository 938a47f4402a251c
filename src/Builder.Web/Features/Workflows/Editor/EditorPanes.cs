namespace Builder.Web.Features.Workflows.Editor;

/// <summary>
/// Which side panes of the editor show. On a wide screen the palette and the properties are columns beside the canvas
/// and each can collapse, so the canvas gets the width. Below the medium breakpoint both are drawers over the canvas,
/// closed until asked for (one at a time). The stylesheet decides which of the two states applies at the current width.
/// </summary>
public sealed class EditorPanes
{
    public bool PaletteCollapsed { get; private set; }
    public bool PropertiesCollapsed { get; private set; }
    public EditorDrawer Drawer { get; private set; }

    public void TogglePalette() => PaletteCollapsed = !PaletteCollapsed;
    public void ToggleProperties() => PropertiesCollapsed = !PropertiesCollapsed;

    /// <summary>Opens a drawer (closing the other), or closes it when it is the one open.</summary>
    public void ToggleDrawer(EditorDrawer drawer) => Drawer = Drawer == drawer ? EditorDrawer.None : drawer;

    public void CloseDrawer() => Drawer = EditorDrawer.None;

    /// <summary>Brings the properties into view, whatever the width: the column expands and, on a phone, its drawer opens.</summary>
    public void ShowProperties()
    {
        PropertiesCollapsed = false;
        Drawer = EditorDrawer.Properties;
    }

    public string CssClass => "wf-editor"
        + (PaletteCollapsed ? " palette-collapsed" : "")
        + (PropertiesCollapsed ? " properties-collapsed" : "")
        + Drawer switch { EditorDrawer.Palette => " drawer-palette", EditorDrawer.Properties => " drawer-properties", _ => "" };
}

public enum EditorDrawer { None, Palette, Properties }
