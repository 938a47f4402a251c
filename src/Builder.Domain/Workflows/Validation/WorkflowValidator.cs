using System.Text.Json;
using System.Text.Json.Nodes;
using static Builder.Domain.Workflows.WorkflowProblemCodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Checks a workflow tree: one root; every entity exists in the organization and has the type the node claims;
/// each node appears once (no shared nodes, no cycles — by object or by <see cref="WorkflowNode.Id"/>); node count,
/// depth and name length within <see cref="WorkflowLimits"/>; finite positions; Result nodes are leaves.
/// Every problem is returned, each tied to its node. The walk is iterative and linear in the node count.
/// For a flat <c>(id, parentId)</c> node list use <see cref="WorkflowGraphValidator"/>.
/// </summary>
public sealed class WorkflowValidator(WorkflowLimits? limits = null)
{
    /// <summary>The limits this validator applies.</summary>
    public WorkflowLimits Limits { get; } = limits ?? WorkflowLimits.Default;

    /// <summary>Parses and validates <c>workflowData</c> JSON text against the organization's entities (id → type name).</summary>
    public WorkflowValidationResult ValidateJson(string? json, IReadOnlyDictionary<Guid, string> entityTypes) =>
        Combine(WorkflowDataParser.Parse(json, Limits), entityTypes);

    /// <summary>Parses and validates a <c>workflowData</c> element.</summary>
    public WorkflowValidationResult ValidateJson(JsonElement json, IReadOnlyDictionary<Guid, string> entityTypes) =>
        Combine(WorkflowDataParser.Parse(json), entityTypes);

    /// <summary>Parses and validates a <c>workflowData</c> node.</summary>
    public WorkflowValidationResult ValidateJson(JsonNode? json, IReadOnlyDictionary<Guid, string> entityTypes) =>
        Combine(WorkflowDataParser.Parse(json, Limits), entityTypes);

    /// <summary>Validates a tree against the organization's entities (id → type name).</summary>
    public IReadOnlyList<ValidationProblem> Validate(WorkflowData? workflow, IReadOnlyDictionary<Guid, string> entityTypes)
    {
        var problems = new ProblemCollector(Limits.MaxProblems);
        if (workflow?.Root is null)
        {
            problems.Add(NodeLocation.Fixed("$"), null, null, MissingRoot, "The workflow has no root node.");
            return problems.ToList();
        }
        new WorkflowTreeWalk(Limits, problems, entityTypes).Run(workflow.Root);
        return problems.ToList();
    }

    private WorkflowValidationResult Combine(WorkflowParseResult parsed, IReadOnlyDictionary<Guid, string> entityTypes)
    {
        if (parsed.Data is null) return new WorkflowValidationResult(null, parsed.Problems);
        var reported = parsed.Problems.Select(p => p.Location).ToHashSet(StringComparer.Ordinal);
        var more = Validate(parsed.Data, entityTypes).Where(p => !AlreadyReported(p, reported));
        return new WorkflowValidationResult(parsed.Data, [.. parsed.Problems, .. more]);
    }

    /// <summary>True when the parser already reported this field or a field containing it (so a bad GUID is not also "unknown").</summary>
    private static bool AlreadyReported(ValidationProblem problem, HashSet<string> reported)
    {
        if (problem.Field is null) return false;
        var location = problem.Location;
        while (location.Length > problem.NodePath.Length)
        {
            if (reported.Contains(location)) return true;
            location = location[..location.LastIndexOf('.')];
        }
        return false;
    }
}
