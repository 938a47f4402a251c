using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Tables.Storage;
using Builder.Domain.Tables.Values;

namespace Builder.Domain.Tables;

/// <summary>
/// A select column's options after creation: how many rows use each, renaming one (its cells and the default follow) and
/// removing one that rows use, which is refused (saying how many rows) unless the change confirms that those cells lose it.
/// </summary>
public sealed partial class TableService
{
    /// <summary>
    /// How many rows hold each option of a select column (a multiple select counts a row once per option it holds), every
    /// option listed (0 when unused), in the column's order. Reading needs what reading the table needs.
    /// </summary>
    public async Task<IReadOnlyList<OptionUse>> OptionUsageAsync(Actor actor, Guid tableId, Guid columnId, CancellationToken ct = default)
    {
        await using var db = dbs.Create();
        var schema = await LoadSchemaAsync(db, actor, tableId, Permissions.EntitiesRead, tracked: false, ct);
        var column = Find(schema, columnId);
        if (!column.Type.HasOptions())
            throw new ValidationException("columnId", $"“{column.Name}” is {column.Type.Label().ToLowerInvariant()}: only a select column has options.");
        var used = await OptionUseAsync(new TableSchemaStore(db), schema.Table, column, column.Options, ct);
        return column.Options.Select(o => new OptionUse(o, used.GetValueOrDefault(o))).ToList();
    }

    /// <summary>The renames that change something (old ≠ new), trimmed.</summary>
    private static Dictionary<string, string> OptionRenames(IReadOnlyDictionary<string, string>? renames) =>
        (renames ?? new Dictionary<string, string>())
        .Select(r => (From: r.Key, To: r.Value?.Trim() ?? ""))
        .Where(r => !string.Equals(r.From, r.To, StringComparison.Ordinal))
        .ToDictionary(r => r.From, r => r.To, StringComparer.Ordinal);

    /// <summary>
    /// Each rename names a current option and gives it a name that is in the new options and not another option's that stays.
    /// </summary>
    private static void CheckOptionRenames(Validator validator, TableColumn column, IReadOnlyList<string> options, Dictionary<string, string> renames)
    {
        var kept = column.Options.Where(o => !renames.ContainsKey(o)).ToHashSet(StringComparer.Ordinal);
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (from, to) in renames)
        {
            if (!column.Options.Contains(from, StringComparer.Ordinal))
                validator.Add("renameOptions", $"{CellText.Quote(from)} is not an option of “{column.Name}” (options: {string.Join(", ", column.Options)}).");
            else if (!options.Contains(to, StringComparer.Ordinal))
                validator.Add("renameOptions", $"{CellText.Quote(from)} is renamed to {CellText.Quote(to)}, which is not among the new options.");
            else if (kept.Contains(to))
                validator.Add("renameOptions", $"{CellText.Quote(to)} is already an option: rename {CellText.Quote(from)} to a name no other option has.");
            else if (!targets.Add(to))
                validator.Add("renameOptions", $"Two options are renamed to {CellText.Quote(to)}.");
        }
    }

    /// <summary>The column's default with renamed options renamed (a single select's value, or the elements of a multiple select's).</summary>
    private static string? RenameInDefault(TableColumn column, Dictionary<string, string> renames)
    {
        if (column.Default is null || renames.Count == 0 || !column.Type.HasOptions()) return column.Default;
        return JsonNode.Parse(column.Default) switch
        {
            JsonValue value when value.TryGetValue<string>(out var single) => JsonValue.Create(renames.GetValueOrDefault(single, single)).ToJsonString(),
            JsonArray array => new JsonArray(array.Select(n => (JsonNode?)JsonValue.Create(n?.GetValue<string>() is { } o ? renames.GetValueOrDefault(o, o) : null)).ToArray()).ToJsonString(),
            _ => column.Default,
        };
    }

    /// <summary>
    /// The cells an option change rewrites: renamed options get their new name; removed ones are refused while rows hold
    /// them unless <paramref name="emptyRemoved"/> confirms it, then a single select becomes empty and a multiple select
    /// drops them (empty when none is left), never in a required column's cell. For a unique column every changed cell is
    /// emptied first, so a swap of two names never holds one value twice on the way.
    /// </summary>
    private static async Task<List<(long RowId, object? Value)>> OptionRewriteAsync(TableSchemaStore store, AutessaTable table, TableColumn column,
        Dictionary<string, string> renames, IReadOnlyList<string> removed, bool emptyRemoved, CancellationToken ct)
    {
        var gone = removed.ToHashSet(StringComparer.Ordinal);
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        var changed = new List<(long RowId, object? Value)>();
        long emptied = 0;
        await foreach (var (rowId, value) in store.ReadColumnAsync(table, column, ct))
        {
            switch (value)
            {
                case string single when gone.Contains(single):
                    used[single] = used.GetValueOrDefault(single) + 1;
                    changed.Add((rowId, null));
                    emptied++;
                    break;
                case string single when renames.TryGetValue(single, out var to):
                    changed.Add((rowId, to));
                    break;
                case IReadOnlyList<string> many when many.Any(o => gone.Contains(o) || renames.ContainsKey(o)):
                    foreach (var option in many.Where(gone.Contains).Distinct(StringComparer.Ordinal)) used[option] = used.GetValueOrDefault(option) + 1;
                    var kept = many.Where(o => !gone.Contains(o)).Select(o => renames.GetValueOrDefault(o, o)).ToList();
                    if (kept.Count == 0) emptied++;
                    changed.Add((rowId, kept.Count == 0 ? null : kept));
                    break;
            }
        }
        if (used.Count > 0 && !emptyRemoved)
            throw new ValidationException("options", string.Join(" ", removed.Where(used.ContainsKey).Select(o =>
                $"“{o}” is used by {Rows(used[o])}: change {(used[o] == 1 ? "it" : "them")} before removing the option, or confirm that {(used[o] == 1 ? "it loses" : "they lose")} it.")));
        if (emptied > 0 && column.Required)
            throw new ValidationException("options",
                $"“{column.Name}” is required, and {Rows(emptied)} would be left empty: make it optional first, or change {(emptied == 1 ? "that row" : "those rows")}.");
        if (column.Unique && changed.Count > 0)
            return [.. changed.Select(c => (c.RowId, (object?)null)), .. changed.Where(c => c.Value is not null)];
        return changed;
    }
}

/// <summary>One option of a select column and how many rows hold it.</summary>
public sealed record OptionUse(string Option, long Rows);
