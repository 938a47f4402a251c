using Builder.Domain.WorkflowEntities;

namespace Builder.Web.Features.WorkflowEntities;

/// <summary>One editable row of the arguments table.</summary>
public sealed class ArgumentRow
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public string Description { get; set; } = "";
}

/// <summary>The arguments of an entity as the table edits them, with duplicate names flagged before the server refuses them.</summary>
public sealed class ArgumentsDraft
{
    public List<ArgumentRow> Rows { get; } = [];

    public static ArgumentsDraft From(IEnumerable<EntityArgument> arguments)
    {
        var draft = new ArgumentsDraft();
        draft.Rows.AddRange(arguments.Select(a => new ArgumentRow
        {
            Name = a.ArgumentName ?? "", Value = a.ArgumentValue ?? "", Description = a.ArgumentDescription ?? "",
        }));
        return draft;
    }

    public ArgumentRow Add()
    {
        var row = new ArgumentRow();
        Rows.Add(row);
        return row;
    }

    public void Remove(ArgumentRow row) => Rows.Remove(row);

    /// <summary>True when another row has the same name (trimmed, ignoring case), as the domain counts duplicates.</summary>
    public bool IsDuplicate(ArgumentRow row) =>
        !string.IsNullOrWhiteSpace(row.Name)
        && Rows.Count(r => string.Equals(r.Name.Trim(), row.Name.Trim(), StringComparison.OrdinalIgnoreCase)) > 1;

    public bool HasDuplicates => Rows.Any(IsDuplicate);

    public IReadOnlyList<EntityArgument> ToArguments() =>
        Rows.Select(r => new EntityArgument(r.Name, r.Value, string.IsNullOrWhiteSpace(r.Description) ? null : r.Description)).ToList();
}
