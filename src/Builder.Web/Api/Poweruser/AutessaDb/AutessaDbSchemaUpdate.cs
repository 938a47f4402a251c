using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;

namespace Builder.Web.Api.Poweruser.AutessaDb;

/// <summary>
/// <c>tables/update-schema</c>: a list of operations (<see cref="SchemaOperation"/>). All of them are checked first against the
/// table as it is and as the earlier operations leave it (known op, columns that exist, new names free, known types, column
/// shapes), so a malformed list changes nothing; a <c>drop_column</c> anywhere refuses the whole list with the human-oversight
/// 403. Then they run in order through <see cref="TableService"/> in ONE transaction
/// (<see cref="TableService.InOneTransactionAsync{T}"/>): the request is all or nothing. What only the rows can refuse (a
/// required column with empty cells, a repeated unique value, values that do not convert without <c>emptyUnconvertible</c>)
/// is found when that operation runs: the error's field is <c>operations[i]…</c>, its message says the earlier operations
/// were undone, and the schema, the rows and the audit trail are as they were before the request.
/// </summary>
public static class AutessaDbSchemaUpdate
{
    public const string AddColumn = "add_column", RenameColumn = "rename_column", ReorderColumns = "reorder_columns",
        UpdateColumn = "update_column", ChangeType = "change_type", PreviewTypeChange = "preview_type_change", DropColumn = "drop_column";

    public const int MaxOperations = 50;

    public static async Task<UpdateSchemaResponse> RunAsync(UpdateSchemaRequest body, PoweruserCall call)
    {
        var number = AutessaDbIds.Table(body.TableId);
        var service = call.Service<TableService>();
        var table = await service.GetByNumberAsync(call.Actor, call.OrganizationId, number, call.Aborted);
        var operations = body.Operations ?? [];
        if (operations.Count == 0) throw new ValidationException("operations", "operations must list at least one schema operation (add_column, rename_column, reorder_columns, update_column, change_type, preview_type_change).");
        if (operations.Count > MaxOperations) throw new ValidationException("operations", $"At most {MaxOperations} operations in one request ({operations.Count} given).");
        if (operations.Any(o => string.Equals(o?.Op, DropColumn, StringComparison.OrdinalIgnoreCase)))
            throw new HumanOversightRequiredException("Dropping a column");

        var json = call.Service<PoweruserJson>().Options;
        var columns = await CheckAsync(call, operations, table, json);
        // What the operations name outside the table (a linked table by its tableId) is looked up before the transaction opens.
        var inputs = new ResolvedInput[operations.Count];
        for (var i = 0; i < operations.Count; i++) inputs[i] = await ResolveAsync(call, operations[i]!, json, $"operations[{i}]");

        var previews = new List<TypeChangePreview>();
        var index = 0;
        try
        {
            table = await service.InOneTransactionAsync(async batch =>
            {
                var current = table;
                for (index = 0; index < operations.Count; index++)
                    current = await ApplyAsync(call, batch, current, operations[index]!, columns[index], inputs[index], $"operations[{index}]", previews);
                return current;
            }, call.Aborted);
        }
        catch (ValidationException e)
        {
            var field = $"operations[{index}]";
            throw new ValidationException(e.Errors.ToDictionary(
                p => p.Key.StartsWith("operations", StringComparison.Ordinal) ? p.Key : $"{field}.{p.Key}",
                p => p.Value.Select(m => m + NothingApplied(index, operations.Count)).ToArray()));
        }
        catch (ConflictException e) when (index > 0)
        {
            throw new ConflictException($"operations[{index}]: {e.Message}{NothingApplied(index, operations.Count)}", e.Details);
        }
        var applied = operations.Select(o => Describe(o!)).ToList();
        return new UpdateSchemaResponse(number, applied, previews, await AutessaDbTableEndpoints.DtoAsync(call, table));
    }

    /// <summary>The request is one transaction: an operation refused undoes the ones before it.</summary>
    private static string NothingApplied(int index, int count) => count == 1 || index == 0
        ? ""
        : $" Nothing was changed: the {count} operations are applied together or not at all, and operations[0..{index - 1}] were undone.";

    /// <summary>An operation's column definition and linked table, resolved before the transaction.</summary>
    private sealed record ResolvedInput(ColumnInput? Column, Guid? Link);

    private static async Task<ResolvedInput> ResolveAsync(PoweruserCall call, SchemaOperation op, JsonSerializerOptions json, string field) =>
        op.Op!.ToLowerInvariant() switch
        {
            AddColumn => new(await AutessaDbTableEndpoints.ColumnInputAsync(call, AutessaDbTableEndpoints.ReadColumn(op.Column, json, $"{field}.column"), $"{field}.column"), null),
            ChangeType or PreviewTypeChange => new(null, await AutessaDbTableEndpoints.LinkAsync(call, op.Link, $"{field}.link")),
            _ => new(null, null),
        };

    private static string Describe(SchemaOperation op) => op.Op!.ToLowerInvariant() switch
    {
        RenameColumn => $"{RenameColumn} {op.Column} → {op.Name}",
        ReorderColumns => ReorderColumns,
        AddColumn => $"{AddColumn} {(op.Column as JsonObject)?["name"]}",
        var other => $"{other} {op.Column}",
    };

    /// <summary>Checks every operation before any runs; answers, per operation, the column it names (as it will be named then).</summary>
    private static async Task<string?[]> CheckAsync(PoweruserCall call, IReadOnlyList<SchemaOperation?> operations, TableView table, JsonSerializerOptions json)
    {
        var names = table.Columns.Select(c => c.Name).ToList();
        var targets = new string?[operations.Count];
        var errors = new Validator();
        for (var i = 0; i < operations.Count; i++)
        {
            var field = $"operations[{i}]";
            var op = operations[i];
            if (op is null)
            {
                errors.Add(field, $"{field} must be an operation object {{ \"op\": … }}.");
                continue;
            }
            string? Existing()
            {
                var name = op.Column is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                if (name is null) errors.Add($"{field}.column", $"{field}.column must be the name of a column.");
                else if (!names.Contains(name)) errors.Add($"{field}.column", $"{field}.column: the table has no column '{name}' (columns: {string.Join(", ", names)}).");
                else return name;
                return null;
            }
            void KnownType(string? type)
            {
                if (ColumnTypes.FromWireName(type) is null)
                    errors.Add($"{field}.type", $"{field}.type must be one of {string.Join(", ", ColumnTypes.All.Select(t => t.WireName()))}.");
            }
            switch (op.Op?.ToLowerInvariant())
            {
                case AddColumn:
                    try
                    {
                        var column = AutessaDbTableEndpoints.ReadColumn(op.Column, json, $"{field}.column")!;
                        KnownType(column.Type);
                        if (string.IsNullOrWhiteSpace(column.Name)) errors.Add($"{field}.column.name", $"{field}.column.name is required.");
                        else if (names.Contains(column.Name.Trim())) errors.Add($"{field}.column.name", $"{field}: the table already has a column '{column.Name.Trim()}'.");
                        else names.Add(targets[i] = column.Name.Trim());
                    }
                    catch (ValidationException e)
                    {
                        foreach (var (key, messages) in e.Errors) foreach (var m in messages) errors.Add(key, m);
                    }
                    break;
                case RenameColumn:
                    if (Existing() is { } old)
                    {
                        targets[i] = old;
                        var name = op.Name?.Trim();
                        if (string.IsNullOrEmpty(name)) errors.Add($"{field}.name", $"{field}.name (the new name) is required.");
                        else if (name != old && names.Contains(name)) errors.Add($"{field}.name", $"{field}: the table already has a column '{name}'.");
                        else names[names.IndexOf(old)] = name;
                    }
                    break;
                case ReorderColumns:
                    if (op.Order is not { } order || order.Count != names.Count || order.Distinct().Count() != order.Count || order.Any(n => !names.Contains(n)))
                        errors.Add($"{field}.order", $"{field}.order must name every column once, in the new order ({string.Join(", ", names)}).");
                    else names = [.. order];
                    break;
                case UpdateColumn:
                    targets[i] = Existing();
                    break;
                case ChangeType or PreviewTypeChange:
                    targets[i] = Existing();
                    KnownType(op.Type);
                    break;
                default:
                    errors.Add($"{field}.op", $"{field}.op must be one of {AddColumn}, {RenameColumn}, {ReorderColumns}, {UpdateColumn}, {ChangeType}, {PreviewTypeChange} ({DropColumn} is human-only).");
                    break;
            }
        }
        errors.ThrowIfInvalid();
        await Task.CompletedTask;
        return targets;
    }

    private static async Task<TableView> ApplyAsync(PoweruserCall call, TableService service, TableView table, SchemaOperation op, string? target,
        ResolvedInput input, string field, List<TypeChangePreview> previews)
    {
        Guid Column(string? name) => table.Columns.FirstOrDefault(c => c.Name == name)?.Id
                                     ?? throw new ValidationException($"{field}.column", $"{field}.column: the table has no column '{name}'.");
        switch (op.Op!.ToLowerInvariant())
        {
            case AddColumn:
                return await service.AddColumnAsync(call.Actor, table.Id, input.Column!, ct: call.Aborted);
            case RenameColumn:
                return await service.RenameColumnAsync(call.Actor, table.Id, Column(target), op.Name?.Trim(), ct: call.Aborted);
            case ReorderColumns:
                return await service.ReorderColumnsAsync(call.Actor, table.Id, op.Order!.Select(n => Column(n)).ToList(), ct: call.Aborted);
            case UpdateColumn:
                return await service.ChangeColumnAsync(call.Actor, table.Id, Column(target),
                    new ColumnChange(op.Required, op.Unique, op.Indexed, op.Searchable, op.Options, op.Default, op.ClearDefault ?? false,
                        op.RenameOptions, op.EmptyRemovedOptions ?? false), ct: call.Aborted);
            case PreviewTypeChange:
                previews.Add(await service.PreviewTypeChangeAsync(call.Actor, table.Id, Column(target), new TypeChange(op.Type, op.Options, input.Link), call.Aborted));
                return table;
            default: // change_type
                return await service.ChangeTypeAsync(call.Actor, table.Id, Column(target), new TypeChange(op.Type, op.Options, input.Link),
                    op.EmptyUnconvertible ?? false, ct: call.Aborted);
        }
    }
}
