using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Values;

namespace Builder.Web.Features.Tables;

/// <summary>One option in the editor: its name as it was (null for a new one), as typed now, how many rows hold it, removed or not.</summary>
public sealed class OptionDraft(string? original, long uses)
{
    public string? Original { get; } = original;
    public string Name { get; set; } = original ?? "";
    public long Uses { get; } = uses;
    public bool Removed { get; set; }

    public bool Renamed => Original is not null && !Removed && Name.Trim() != Original;
}

/// <summary>
/// An existing column's options and default being edited (the designer's column settings dialog): options added, renamed,
/// moved and removed, each with how many rows hold it, turned into the domain's <see cref="ColumnChange"/>. Removing an option
/// rows hold is only sent with <c>EmptyRemovedOptions</c> once the person confirmed it; the domain refuses it otherwise.
/// </summary>
public sealed class ColumnSettingsDraft
{
    private readonly ColumnView _column;

    public ColumnSettingsDraft(ColumnView column, IReadOnlyList<OptionUse>? usage = null)
    {
        _column = column;
        Type = ColumnTypes.FromWireName(column.Type) ?? ColumnType.Text;
        var uses = usage?.ToDictionary(u => u.Option, u => u.Rows, StringComparer.Ordinal) ?? [];
        Options = column.Options.Select(o => new OptionDraft(o, uses.GetValueOrDefault(o))).ToList();
        DefaultText = DefaultAsText(column, Type);
    }

    public ColumnType Type { get; }
    public bool HasOptions => Type.HasOptions();
    public List<OptionDraft> Options { get; }
    public string? DefaultText { get; set; }

    /// <summary>The options the column will have, in order.</summary>
    public IReadOnlyList<string> Names => Options.Where(o => !o.Removed).Select(o => o.Name.Trim()).ToList();

    /// <summary>Removed options that rows hold: saving needs the person's confirmation that those cells lose them.</summary>
    public IReadOnlyList<OptionDraft> RemovedInUse => Options.Where(o => o.Removed && o.Uses > 0).ToList();

    /// <summary>A problem with a name typed (empty, twice, spaces), before anything is sent; null when none.</summary>
    public string? Problem
    {
        get
        {
            if (!HasOptions) return null;
            var names = Names;
            if (names.Count == 0) return "Keep at least one option.";
            if (names.FirstOrDefault(n => n.Length == 0) is not null) return "An option can't be empty: type its name or remove it.";
            var twice = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            return twice is null ? null : $"“{twice.Key}” is listed twice.";
        }
    }

    /// <summary>Adds an option at the end; false (and nothing added) when the name is empty or already there.</summary>
    public bool Add(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0 || Names.Contains(trimmed, StringComparer.OrdinalIgnoreCase)) return false;
        var restored = Options.FirstOrDefault(o => o.Removed && o.Original == trimmed);
        if (restored is not null) restored.Removed = false;
        else Options.Add(new OptionDraft(null, 0) { Name = trimmed });
        return true;
    }

    /// <summary>A new option goes; an existing one is marked removed (undone with <see cref="Restore"/>).</summary>
    public void Remove(OptionDraft option)
    {
        if (option.Original is null) Options.Remove(option);
        else option.Removed = true;
    }

    public void Restore(OptionDraft option)
    {
        option.Removed = false;
        option.Name = option.Original ?? option.Name;
    }

    public void Move(OptionDraft option, int delta)
    {
        var from = Options.IndexOf(option);
        var to = from + delta;
        if (from < 0 || to < 0 || to >= Options.Count) return;
        (Options[from], Options[to]) = (Options[to], Options[from]);
    }

    /// <summary>
    /// The change to send. The default is read as the grid reads a cell, against the new options; one that is not a value of
    /// the type throws a <see cref="ValidationException"/> on <c>default</c>, as the domain would.
    /// </summary>
    public ColumnChange ToChange(bool emptyRemoved)
    {
        IReadOnlyList<string>? options = null;
        Dictionary<string, string>? renames = null;
        if (HasOptions)
        {
            options = Names;
            renames = Options.Where(o => o.Renamed).ToDictionary(o => o.Original!, o => o.Name.Trim(), StringComparer.Ordinal);
        }
        JsonNode? @default = null;
        var clear = string.IsNullOrWhiteSpace(DefaultText);
        if (!clear)
        {
            var shape = new ColumnShape(Type, options);
            var read = ColumnValues.FromText(shape, DefaultText);
            if (!read.Ok) throw new ValidationException("default", $"The default value is not a valid {Type.Label().ToLowerInvariant()}: {read.Reason}");
            @default = ColumnValues.ToJson(shape, read.Value);
        }
        return new ColumnChange(Options: options, Default: @default, ClearDefault: clear && _column.Default is not null,
            RenameOptions: renames is { Count: > 0 } ? renames : null, EmptyRemovedOptions: emptyRemoved);
    }

    /// <summary>What confirming a removal does, in words: "“Done” is used by 2 rows; …".</summary>
    public string RemovalText()
    {
        var what = Type == ColumnType.MultiSelect ? "those rows lose it" : "those cells become empty";
        return string.Join(" ", RemovedInUse.Select(o => $"“{o.Original}” is used by {(o.Uses == 1 ? "1 row" : $"{o.Uses:N0} rows")}.")) + $" If you remove {(RemovedInUse.Count == 1 ? "it" : "them")}, {what}.";
    }

    private static string? DefaultAsText(ColumnView column, ColumnType type)
    {
        if (column.Default is null) return null;
        var shape = new ColumnShape(type, column.Options);
        var read = ColumnValues.FromJson(shape, column.Default);
        return read.Ok ? ColumnValues.ToText(shape, read.Value) : column.Default.ToJsonString();
    }
}
