using Builder.Domain.Chat;
using Builder.Domain.Common;

namespace Builder.Web.Features.Conversations;

/// <summary>How the chat and conversation panels word things: versions, errors, numbers.</summary>
public static class ChatText
{
    public static string Version(int number) => number == Builder.Domain.Conversations.Conversation.DraftVersion ? "Draft" : $"v{number}";

    /// <summary>What a failed call says to the person: the field messages of a validation error, else the error's message and details.</summary>
    public static string Problem(DomainException ex) => ex switch
    {
        ValidationException v => string.Join(" ", v.Errors.SelectMany(e => e.Value)),
        _ when ex.Details is { Length: > 0 } d => $"{ex.Message}. {d}",
        _ => ex.Message,
    };

    public static string Tokens(int input, int output) => $"{input:N0} in · {output:N0} out";

    public static string Latency(long? ms) => ms is not { } v ? "—" : v < 1000 ? $"{v} ms" : $"{v / 1000.0:0.0} s";

    public static string StepTitle(ChatStep step) => step.Kind switch
    {
        ChatStepKind.Tool => step.ToolName is null ? "Tool unavailable" : $"Tool {step.ToolName}",
        ChatStepKind.Retrieval => "Knowledge base search",
        _ => step.ToolName == "route" ? "Routing" : $"Model call (round {step.Round})",
    };

    /// <summary>A similarity as the search page shows it: 0.62.</summary>
    public static string Score(double score) => score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
