using Builder.Domain.Tables;
using Builder.Domain.Tables.Csv;
using Builder.Domain.Tables.Import;

namespace Builder.Web.Features.Tables.Import;

/// <summary>Where one CSV column goes, as the mapping table edits it.</summary>
public sealed class ImportMappingRow
{
    public const string Skip = "", New = "\u0001new";

    public required int CsvColumn { get; init; }
    public required string Header { get; init; }
    public string? Sample { get; init; }

    /// <summary><see cref="Skip"/>, <see cref="New"/> or an existing column's name.</summary>
    public string Target { get; set; } = Skip;

    public string NewName { get; set; } = "";
    public ColumnType NewType { get; set; } = ColumnType.Text;
    public IReadOnlyList<string>? NewOptions { get; set; }
    public ColumnType SuggestedType { get; init; } = ColumnType.Text;
}

/// <summary>
/// The import being prepared: the uploaded file's preview, one <see cref="ImportMappingRow"/> per CSV column (a header that
/// matches a column's name maps to it; otherwise it is skipped, or a new column with the guessed type when "create fields from
/// the header" is chosen), and the request it makes.
/// </summary>
public sealed class ImportDraft
{
    public required CsvPreview Preview { get; init; }
    public required IReadOnlyList<ImportMappingRow> Rows { get; init; }
    public required IReadOnlyList<ColumnView> Columns { get; init; }

    public static ImportDraft Create(CsvPreview preview, IReadOnlyList<CsvFieldSuggestion> suggestions, IReadOnlyList<ColumnView> columns)
    {
        var rows = preview.Header.Select((header, i) =>
        {
            var suggestion = suggestions.FirstOrDefault(s => s.CsvColumn == i);
            var existing = columns.FirstOrDefault(c => string.Equals(c.Name, header.Trim(), StringComparison.OrdinalIgnoreCase)
                                                       || c.Name == suggestion?.Name);
            return new ImportMappingRow
            {
                CsvColumn = i, Header = header, Sample = preview.Rows.Select(r => r.Field(i)).FirstOrDefault(v => !string.IsNullOrEmpty(v)),
                Target = existing?.Name ?? ImportMappingRow.Skip,
                NewName = suggestion?.Name ?? $"column_{i + 1}",
                NewType = suggestion?.Shape.Type ?? ColumnType.Text, SuggestedType = suggestion?.Shape.Type ?? ColumnType.Text,
                NewOptions = suggestion?.Shape.Options,
            };
        }).ToArray();
        return new ImportDraft { Preview = preview, Rows = rows, Columns = columns };
    }

    /// <summary>Every CSV column that matches no column becomes a new column of its guessed type.</summary>
    public void CreateFieldsFromHeader()
    {
        foreach (var row in Rows.Where(r => r.Target == ImportMappingRow.Skip))
        {
            row.Target = ImportMappingRow.New;
            row.NewType = row.SuggestedType;
        }
    }

    public int Mapped => Rows.Count(r => r.Target != ImportMappingRow.Skip);

    /// <summary>Problems a person fixes before importing (none: ready).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Mapped == 0) problems.Add("Map at least one CSV column to a table column.");
        var names = Rows.Where(r => r.Target != ImportMappingRow.Skip).Select(r => r.Target == ImportMappingRow.New ? r.NewName : r.Target).ToList();
        foreach (var twice in names.GroupBy(n => n).Where(g => g.Count() > 1))
            problems.Add($"Column \"{twice.Key}\" is the target of more than one CSV column.");
        foreach (var row in Rows.Where(r => r.Target == ImportMappingRow.New && Columns.Any(c => c.Name == r.NewName)))
            problems.Add($"The table already has a column \"{row.NewName}\": map \"{row.Header}\" to it, or choose another name.");
        return problems;
    }

    /// <summary>The mapped columns' shapes, for the coercion report (a new column: its chosen type).</summary>
    public IReadOnlyList<CsvColumnMapping> Mappings() => Rows.Where(r => r.Target != ImportMappingRow.Skip).Select(r =>
    {
        if (r.Target == ImportMappingRow.New) return new CsvColumnMapping(r.CsvColumn, new ColumnShape(r.NewType, r.NewType.HasOptions() ? r.NewOptions : null));
        var c = Columns.First(c => c.Name == r.Target);
        return new CsvColumnMapping(r.CsvColumn, new ColumnShape(ColumnTypes.FromWireName(c.Type)!.Value, c.Options.Count > 0 ? c.Options : null));
    }).ToArray();

    public IReadOnlyList<ImportColumn> ImportColumns() => Rows.Where(r => r.Target != ImportMappingRow.Skip).Select(r =>
        r.Target == ImportMappingRow.New
            ? new ImportColumn(r.CsvColumn, NewColumn: new ColumnInput(r.NewName, r.NewType.WireName(), Options: r.NewType.HasOptions() ? r.NewOptions : null))
            : new ImportColumn(r.CsvColumn, r.Target)).ToArray();
}
