using System.Text.Json.Nodes;
using Builder.Domain.Workflows;

namespace Builder.Web.Features.WorkflowEntities;

/// <summary>How the condition test panel words values and outcomes; the testing itself is <see cref="ConditionTestService"/>.</summary>
public static class ConditionTester
{
    /// <summary>A value as the results show it: JSON, or a word when there is none.</summary>
    public static string Show(JsonNode? value, bool found = true) => !found ? "not found" : value is null ? "null" : value.ToJsonString();

    /// <summary>"All of these (AND)": what a group needs, in words.</summary>
    public static string GroupLabel(GroupEvaluation group) => group.Operator == "OR" ? "Any of these (OR)" : "All of these (AND)";
}
