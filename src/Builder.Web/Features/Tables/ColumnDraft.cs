using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Values;

namespace Builder.Web.Features.Tables;

/// <summary>
/// A column being defined in a form (the new-table dialog, the add-column dialog): what was typed, turned into the domain's
/// <see cref="ColumnInput"/>. The default is typed as text and read the way the grid reads a cell (<see cref="ColumnValues.FromText"/>).
/// </summary>
public sealed class ColumnDraft
{
    public string? Name { get; set; }
    public string Type { get; set; } = ColumnType.Text.WireName();
    public bool Required { get; set; }
    public bool Unique { get; set; }
    public bool Indexed { get; set; }
    public bool Searchable { get; set; }

    /// <summary>A select's options, one a line.</summary>
    public string? OptionsText { get; set; }

    public string? DefaultText { get; set; }
    public Guid? LinkTableId { get; set; }

    public ColumnTypeOption Option => TableOptions.Current.Types.First(t => t.Type == Type);

    public ColumnType ColumnType => ColumnTypes.FromWireName(Type) ?? ColumnType.Text;

    public IReadOnlyList<string> Options => (OptionsText ?? "").Split('\n').Select(o => o.Trim()).Where(o => o.Length > 0).ToList();

    /// <summary>Drops the flags the chosen type cannot have, so a type switch never leaves a hidden, refused flag behind.</summary>
    public void TypeChanged(string type)
    {
        Type = type;
        var option = Option;
        if (!option.Unique) Unique = false;
        if (!option.Indexable) Indexed = false;
        if (!option.Searchable) Searchable = false;
        if (ColumnType != ColumnType.Link) LinkTableId = null;
    }

    /// <summary>
    /// The domain's input for this column. A default that is not a value of the type throws a <see cref="ValidationException"/>
    /// on <c>{prefix}default</c>, as the domain would.
    /// </summary>
    public ColumnInput ToInput(string prefix = "")
    {
        var type = ColumnType;
        var options = type.HasOptions() ? Options : null;
        JsonNode? @default = null;
        if (!string.IsNullOrWhiteSpace(DefaultText))
        {
            var shape = new ColumnShape(type, options);
            var read = ColumnValues.FromText(shape, DefaultText);
            if (!read.Ok)
                throw new ValidationException(prefix + "default", $"The default value is not a valid {type.Label().ToLowerInvariant()}: {read.Reason}");
            @default = ColumnValues.ToJson(shape, read.Value);
        }
        return new ColumnInput(Name?.Trim(), Type, Required, Unique, Indexed, Searchable, options, @default,
            type == ColumnType.Link ? LinkTableId : null);
    }

    /// <summary>What the default field expects for a type.</summary>
    public static string DefaultHint(ColumnType type) => type switch
    {
        ColumnType.Integer => "A whole number, e.g. 42.",
        ColumnType.Decimal => "A number, e.g. 19.99.",
        ColumnType.Boolean => "true or false.",
        ColumnType.Date => "A date as yyyy-MM-dd, e.g. 2026-01-31.",
        ColumnType.DateTime => "A UTC date and time, e.g. 2026-01-31T09:30:00Z.",
        ColumnType.SingleSelect => "One of the options.",
        ColumnType.MultiSelect => "Options separated by commas.",
        ColumnType.Json => "Any JSON value.",
        _ => "The value new rows get when none is given. Leave empty for none.",
    };
}
