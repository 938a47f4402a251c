using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Builder.Web.Api;
using Builder.Domain.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Builder.Web.Features.Workflows;

public sealed record TestConditionRequest(JsonNode? Condition, JsonNode? Context);

/// <summary>The "Test Condition" answer of the hub reference, with every rule's and every group's outcome added for the UI.</summary>
public sealed record TestConditionResponse(
    bool Result,
    [property: JsonPropertyName("evaluated_value")] JsonNode? EvaluatedValue,
    [property: JsonPropertyName("expected_value")] JsonNode? ExpectedValue,
    string? Operator,
    IReadOnlyList<RuleEvaluation> Rules,
    IReadOnlyList<GroupEvaluation> Groups);

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
        workflows.MapPost("/test-condition", TestCondition).WithSummary("Evaluate a condition against a context").WithUserRateLimit();
        workflows.MapPost("/test-substitution", TestSubstitution).WithSummary("Substitute {{variables}} in parameters from a context").WithUserRateLimit();
        return workflows;
    }

    private static async Task<Ok<TestConditionResponse>> TestCondition(HttpContext http, ConditionTestService tests, TestConditionRequest request)
    {
        var evaluation = tests.Test(await http.ActorAsync(), request.Condition, request.Context);
        var first = evaluation.Rules.FirstOrDefault();
        return TypedResults.Ok(new TestConditionResponse(evaluation.Result, first?.EvaluatedValue?.DeepClone(),
            first?.ExpectedValue?.DeepClone(), first?.Operator, evaluation.Rules, evaluation.Groups));
    }

    private static async Task<Ok<TestSubstitutionResponse>> TestSubstitution(HttpContext http, ConditionTestService tests, TestSubstitutionRequest request)
    {
        var result = tests.Substitute(await http.ActorAsync(), request.Parameters, request.Context);
        return TypedResults.Ok(new TestSubstitutionResponse(result.OriginalParameters, result.SubstitutedParameters, result.SubstitutionsMade, result.Unresolved));
    }
}
