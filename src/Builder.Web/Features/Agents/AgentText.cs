using Builder.Domain.Agents;

namespace Builder.Web.Features.Agents;

/// <summary>How the console words agents' types.</summary>
public static class AgentText
{
    public static IReadOnlyList<(string Value, string Text)> Types { get; } = AgentTypes.All.Select(t => (t.WireName(), Type(t.WireName()))).ToList();

    public static string Type(string wire) => wire switch
    {
        "CONVERSATIONAL" => "Conversational",
        "VOICE" => "Voice",
        "TASK" => "Task",
        _ => wire,
    };
}
