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
        ParseAndValidate(problems => WorkflowDataParser.Read(json, Limits, problems), entityTypes);

    /// <summary>Parses and validates a <c>workflowData</c> element.</summary>
    public WorkflowValidationResult ValidateJson(JsonElement json, IReadOnlyDictionary<Guid, string> entityTypes) =>
        ParseAndValidate(problems => WorkflowDataParser.Read(json, problems), entityTypes);

    /// <summary>Parses and validates a <c>workflowData</c> node.</summary>
    public WorkflowValidationResult ValidateJson(JsonNode? json, IReadOnlyDictionary<Guid, string> entityTypes) =>
        ParseAndValidate(problems => WorkflowDataParser.Read(json, Limits, problems), entityTypes);

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

    /// <summary>
    /// Parses, then validates what was read with the same problem list, so a field the parser could not read
    /// (a bad GUID) is not reported again by a rule (unknown entity), and one cap applies to both.
    /// </summary>
    private WorkflowValidationResult ParseAndValidate(Func<ProblemCollector, WorkflowData?> parse, IReadOnlyDictionary<Guid, string> entityTypes)
    {
        var problems = new ProblemCollector(Limits.MaxProblems);
        var data = parse(problems);
        if (data is not null) new WorkflowTreeWalk(Limits, problems, entityTypes).Run(data.Root);
        return new WorkflowValidationResult(data, problems.ToList());
    }
}
