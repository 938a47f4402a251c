namespace Builder.Domain.Workflows;

/// <summary>
/// Gathers problems up to a cap, then counts the rest and reports them as one closing problem. A field problem is
/// skipped when the same node already has a problem on that field or a field containing it, so a workflow read by
/// the parser and then checked by the validator reports a bad GUID once, not also as an unknown entity.
/// </summary>
internal sealed class ProblemCollector(int maxProblems)
{
    private readonly List<ValidationProblem> _problems = [];
    private readonly HashSet<string> _fieldLocations = new(StringComparer.Ordinal);
    private int _dropped;

    public void Add(NodeLocation node, string? nodeId, string? field, string code, string message)
    {
        if (field is not null && !ClaimField(node.Path, field)) return;
        if (_problems.Count < maxProblems) _problems.Add(new ValidationProblem(node.Path, nodeId, field, code, message));
        else _dropped++;
    }

    public IReadOnlyList<ValidationProblem> ToList()
    {
        if (_dropped == 0) return _problems.ToArray();
        return [.. _problems, new ValidationProblem("$", null, null, WorkflowProblemCodes.TooManyProblems,
            $"{_dropped} more problems were found and not listed; fix the ones above first.")];
    }

    /// <summary>False when the field, or a field containing it, already has a problem on this node.</summary>
    private bool ClaimField(string nodePath, string field)
    {
        var location = $"{nodePath}.{field}";
        for (var prefix = location; prefix.Length > nodePath.Length; prefix = prefix[..prefix.LastIndexOf('.')])
            if (_fieldLocations.Contains(prefix)) return false;
        _fieldLocations.Add(location);
        return true;
    }
}
