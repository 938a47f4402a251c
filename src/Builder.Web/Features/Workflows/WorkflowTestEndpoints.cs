using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Builder.Domain.Common;
using Builder.Domain.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Workflows;

public sealed record TestConditionRequest(JsonNode? Condition, JsonNode? Context);

/// <summary>The "Test Condition" answer of the hub reference, with every rule's outcome added for the UI.</summary>
public sealed record TestConditionResponse(
    bool Result,
    [property: JsonPropertyName("evaluated_value")] JsonNode? EvaluatedValue,
    [property: JsonPropertyName("expected_value")] JsonNode? ExpectedValue,
    string? Operator,
    IReadOnlyList<RuleEvaluation> Rules);

public sealed record TestSubstitutionRequest(JsonNode? Parameters, JsonNode? Context);

public sealed record TestSubstitutionResponse(
    [property: JsonPropertyName("original_parameters")] JsonNode? OriginalParameters,
    [property: JsonPropertyName("substituted_parameters")] JsonNode? SubstitutedParameters,
    [property: JsonPropertyName("substitutions_made")] IReadOnlyList<SubstitutionMade> SubstitutionsMade,
    IReadOnlyList<string> Unresolved);

/// <summary>Pure helpers for builders: evaluate a condition or substitute templates against a context. Nothing is read or stored.</summary>
public static class WorkflowTestEndpoints
{
    public static RouteGroupBuilder MapWorkflowTestEndpoints(this RouteGroupBuilder workflows)
    {
        workflows.MapPost("/test-condition", TestCondition).WithSummary("Evaluate a condition against a context");
        workflows.MapPost("/test-substitution", TestSubstitution).WithSummary("Substitute {{variables}} in parameters from a context");
        return workflows;
    }

    private static Ok<TestConditionResponse> TestCondition(TestConditionRequest request)
    {
        var parsed = ConditionParser.Parse(request.Condition);
        if (request.Condition is null || parsed.Condition is null)
            throw new ValidationException(new Dictionary<string, string[]>
            {
                ["condition"] = request.Condition is null ? ["condition is required."] : parsed.Problems.Select(p => $"{p.Location}: {p.Message}").ToArray(),
            });
        var evaluation = ConditionEvaluator.Default.Evaluate(parsed.Condition, request.Context ?? new JsonObject());
        if (!evaluation.IsValid) throw new ValidationException("context", string.Join(" ", evaluation.Problems.Select(p => p.Message)));
        var first = evaluation.Rules.FirstOrDefault();
        return TypedResults.Ok(new TestConditionResponse(evaluation.Result, first?.EvaluatedValue?.DeepClone(),
            first?.ExpectedValue?.DeepClone(), first?.Operator, evaluation.Rules));
    }

    private static Ok<TestSubstitutionResponse> TestSubstitution(TestSubstitutionRequest request)
    {
        if (request.Parameters is null) throw new ValidationException("parameters", "parameters is required.");
        var result = TemplateSubstitution.SubstituteParameters(request.Parameters, request.Context ?? new JsonObject());
        if (result.Error is not null) throw new ValidationException("parameters", result.Error);
        return TypedResults.Ok(new TestSubstitutionResponse(result.OriginalParameters, result.SubstitutedParameters, result.SubstitutionsMade, result.Unresolved));
    }
}
