using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;

namespace Builder.Web.Features.WorkflowEntities;

/// <summary>What "Test this condition" shows: why the sample could not be read, or the evaluation and the substituted arguments.</summary>
public sealed record ConditionTestOutcome(string? SampleError, ConditionEvaluation? Evaluation, IReadOnlyList<ArgumentPreview> Arguments)
{
    public static ConditionTestOutcome BadSample(string error) => new(error, null, []);
}

/// <summary>An argument's value with the sample message's values substituted in, and the placeholders it could not fill.</summary>
public sealed record ArgumentPreview(string Name, string Value, IReadOnlyList<string> Unresolved);

/// <summary>
/// Evaluates a condition being edited against a pasted sample message, the way a workflow run would
/// (fields read <c>message.…</c> from <c>{ "message": sample }</c>). Pure: nothing is read or saved.
/// </summary>
public static class ConditionTester
{
    /// <summary>Kept under Blazor Server's default 32 KB SignalR message limit, which the pasted text travels through.</summary>
    public const int MaxSampleLength = 24 * 1024;

    public static ConditionTestOutcome Run(JsonNode? condition, string? sample, IReadOnlyList<EntityArgument>? arguments = null)
    {
        if (string.IsNullOrWhiteSpace(sample)) return ConditionTestOutcome.BadSample("Paste a sample message as JSON.");
        if (sample.Length > MaxSampleLength) return ConditionTestOutcome.BadSample($"The sample is longer than {MaxSampleLength / 1024} KB.");
        JsonNode? message;
        try
        {
            message = JsonNode.Parse(sample, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return ConditionTestOutcome.BadSample($"The sample is not valid JSON: {ex.Message}");
        }
        var context = WorkflowDryRunner.ContextFor(message);
        var evaluation = ConditionEvaluator.Default.Evaluate(condition, context);
        var previews = (arguments ?? [])
            .Where(a => !string.IsNullOrWhiteSpace(a.ArgumentName))
            .Select(a =>
            {
                var substituted = TemplateSubstitution.SubstituteText(a.ArgumentValue, context);
                return new ArgumentPreview(a.ArgumentName!, substituted.Text, substituted.Unresolved);
            })
            .ToList();
        return new ConditionTestOutcome(null, evaluation, previews);
    }

    /// <summary>A value as the results table shows it: JSON, or a word when there is none.</summary>
    public static string Show(JsonNode? value, bool found = true) => !found ? "not found" : value is null ? "null" : value.ToJsonString();
}
