namespace Builder.Web.Features.Tools;

/// <summary>How the console words tools' kinds and their HTTP methods.</summary>
public static class ToolText
{
    public static IReadOnlyList<(string Value, string Text)> Kinds { get; } = [("HTTP", "HTTP request"), ("MCP", "MCP server tool")];

    public static string Kind(string wire) => wire switch
    {
        "HTTP" => "HTTP request",
        "MCP" => "MCP server tool",
        _ => wire,
    };
}
