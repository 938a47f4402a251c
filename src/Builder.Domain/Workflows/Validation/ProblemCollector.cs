namespace Builder.Domain.Workflows;

/// <summary>Gathers problems up to a cap, then counts the rest and reports them as one closing problem.</summary>
internal sealed class ProblemCollector(int maxProblems)
{
    private readonly List<ValidationProblem> _problems = [];
    private int _dropped;

    public int Count => _problems.Count + _dropped;

    public void Add(NodeLocation node, string? nodeId, string? field, string code, string message) =>
        Add(() => new ValidationProblem(node.Path, nodeId, field, code, message));

    public void Add(ValidationProblem problem) => Add(() => problem);

    private void Add(Func<ValidationProblem> create)
    {
        if (_problems.Count < maxProblems) _problems.Add(create());
        else _dropped++;
    }

    public IReadOnlyList<ValidationProblem> ToList()
    {
        if (_dropped == 0) return _problems.ToArray();
        return [.. _problems, new ValidationProblem("$", null, null, WorkflowProblemCodes.TooManyProblems,
            $"{_dropped} more problems were found and not listed; fix the ones above first.")];
    }
}
