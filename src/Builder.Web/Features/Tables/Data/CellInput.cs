using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Values;

namespace Builder.Web.Features.Tables.Data;

/// <summary>
/// Between a cell's stored JSON and what an editor holds: the editor's text is read with the domain's
/// <see cref="ColumnValues.FromText"/> (its reason is the message shown in place) and written back as the API's JSON.
/// </summary>
public static class CellInput
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    /// <summary>The editor's text read as the column's value: the JSON to send, or the domain's reason it is not one.</summary>
    public static (bool Ok, JsonNode? Json, string? Error) Parse(ColumnShape shape, string? text)
    {
        var result = ColumnValues.FromText(shape, text);
        return result.Ok ? (true, ColumnValues.ToJson(shape, result.Value), null) : (false, null, Sentence(result.Reason));
    }

    /// <summary>The text an editor starts from for a stored JSON value (empty for an empty cell).</summary>
    public static string ToText(ColumnShape shape, JsonNode? json)
    {
        if (json is null) return "";
        if (shape.Type == ColumnType.Json) return json.ToJsonString(Pretty);
        if (shape.Type == ColumnType.DateTime && json.GetValueKind() == JsonValueKind.String &&
            DateTime.TryParse(json.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            return at.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        var read = ColumnValues.FromJson(shape, json);
        return read.Ok ? ColumnValues.ToText(shape, read.Value) : json.ToJsonString();
    }

    /// <summary>What a cell shows: the value as text, a JSON value compact, a file by its name.</summary>
    public static string Display(ColumnShape shape, JsonNode? json) => json switch
    {
        null => "",
        _ when shape.Type == ColumnType.File => json["name"]?.GetValue<string>() ?? "file",
        _ when shape.Type == ColumnType.Json => json.ToJsonString(),
        _ when shape.Type == ColumnType.MultiSelect && json is JsonArray list => string.Join(", ", list.Select(v => v?.ToString())),
        _ when shape.Type == ColumnType.Boolean => json.GetValue<bool>() ? "Yes" : "No",
        _ when shape.Type == ColumnType.DateTime => ToText(shape, json).Replace('T', ' ') + " UTC",
        _ => ToText(shape, json),
    };

    public static string PrettyJson(JsonNode? json) => json?.ToJsonString(Pretty) ?? "null";

    /// <summary>The domain's validation messages, one sentence each.</summary>
    public static string Messages(Builder.Domain.Common.ValidationException e) =>
        string.Join(" ", e.Errors.SelectMany(x => x.Value).Select(Sentence));

    public static string Sentence(string? reason) =>
        string.IsNullOrEmpty(reason) ? "Not a valid value." : reason.EndsWith('.') ? reason : reason + ".";
}
