using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Builder.Domain.Tables.Rows;

/// <summary>
/// Cell values between the API's JSON and their .NET shape, for row storage. INTERIM: a strict minimum until the values
/// engineer's <c>ColumnValues</c> (h/values) is merged; then both methods delegate to it.
/// </summary>
internal static class RowCells
{
    /// <summary>A JSON value as the column's .NET value (null for JSON null), or the reason it is not one.</summary>
    public static (bool Ok, object? Value, string? Reason) FromJson(ColumnShape shape, JsonNode? node)
    {
        if (node is null) return (true, null, null);
        var kind = node.GetValueKind();
        string? Text() => kind == JsonValueKind.String ? node.GetValue<string>() : null;
        object? value = shape.Type switch
        {
            ColumnType.Text => Text() is { Length: <= 500 } t ? t : null,
            ColumnType.LongText => Text(),
            ColumnType.SingleSelect => Text() is { } t && (shape.Options?.Contains(t) ?? false) ? t : null,
            ColumnType.Integer or ColumnType.Link => kind == JsonValueKind.Number && long.TryParse(node.ToJsonString(), out var n) ? n : null,
            ColumnType.Decimal => kind == JsonValueKind.Number && decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            ColumnType.Boolean => kind is JsonValueKind.True or JsonValueKind.False ? kind == JsonValueKind.True : null,
            ColumnType.Date => DateOnly.TryParseExact(Text(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
            ColumnType.DateTime => DateTimeOffset.TryParse(Text(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime : null,
            ColumnType.MultiSelect => node is JsonArray list && list.All(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String && (shape.Options?.Contains(v.GetValue<string>()) ?? false))
                ? list.Select(i => i!.GetValue<string>()).Distinct().ToList() : null,
            ColumnType.Json => node.DeepClone(),
            ColumnType.File => node is JsonObject file ? file.Deserialize<FileCell>(new JsonSerializerOptions(JsonSerializerDefaults.Web)) : null,
            _ => null,
        };
        return value is null ? (false, null, $"not a valid {shape.Type.WireName()} value") : (true, value, null);
    }

    /// <summary>A cell's .NET value as the API's JSON.</summary>
    public static JsonNode? ToJson(ColumnShape shape, object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        long number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        DateOnly date => JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        DateTime at => JsonValue.Create(at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)),
        IEnumerable<string> options => new JsonArray(options.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
        JsonNode node => node.DeepClone(),
        FileCell file => JsonSerializer.SerializeToNode(file, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        _ => throw new ArgumentException($"Not a {shape.Type.WireName()} value.", nameof(value)),
    };
}
