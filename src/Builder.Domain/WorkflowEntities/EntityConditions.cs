using System.Text.Json.Nodes;
using Builder.Domain.Workflows;

namespace Builder.Domain.WorkflowEntities;

/// <summary>Checks an entity's condition tree before it is stored, with the same parser the evaluator uses.</summary>
public static class EntityConditions
{
    /// <summary>Every problem in the condition, each with the location of the part it belongs to; empty when valid or absent.</summary>
    public static IReadOnlyList<string> Problems(JsonNode? condition) =>
        ConditionParser.Parse(condition).Problems.Select(p => $"{p.Location}: {p.Message}").ToList();
}
