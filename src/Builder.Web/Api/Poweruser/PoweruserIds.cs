using System.Text.Json;
using System.Text.Json.Serialization;

namespace Builder.Web.Api.Poweruser;

/// <summary>
/// Marks an integer id of a poweruser body (<c>tableId</c>, <c>rowId</c>, <c>rowIds</c>): read only from a JSON number that
/// is a whole number from 1 to <see cref="long.MaxValue"/>. A string ("5"), a decimal (5.0, 1e3), zero, a negative or an
/// overflow is a 400 naming the field ("rowIds[2]"). Works on <c>long</c>, <c>long?</c>, <c>long[]</c> and
/// <c>IReadOnlyList&lt;long&gt;</c>/<c>List&lt;long&gt;</c> properties:
/// <code>public sealed record GetRowRequest([property: PoweruserId] long? TableId, [property: PoweruserId] long? RowId);</code>
/// Presence is the endpoint's rule: <c>ApiResults.Required(body.TableId, "tableId")</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PoweruserIdAttribute : JsonConverterAttribute
{
    public override JsonConverter? CreateConverter(Type typeToConvert) =>
        typeToConvert == typeof(long) ? new IdConverter()
        : typeToConvert == typeof(long?) ? new NullableIdConverter()
        : typeToConvert == typeof(long[]) ? new IdArrayConverter()
        : typeToConvert == typeof(IReadOnlyList<long>) ? new IdListConverter<IReadOnlyList<long>>()
        : typeToConvert == typeof(List<long>) ? new IdListConverter<List<long>>()
        : throw new InvalidOperationException($"[PoweruserId] applies to long, long?, long[] and lists of long, not {typeToConvert}.");
}

public static class PoweruserIds
{
    public const string Problem = "'{field}' must be a positive whole number (an id): not a string, a decimal, zero, a negative or a number out of range.";

    /// <summary>Reads one id at the reader's position, strictly.</summary>
    public static long Read(ref Utf8JsonReader reader, string suffix = "")
    {
        // The raw text decides: TryGetInt64 accepts "5" but not "5.0" or "1e3", and fails on an overflow.
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id) && id > 0) return id;
        throw new JsonException(null, new PoweruserBodyException(Problem, code: "invalid_id", suffix: suffix));
    }

    /// <summary>Reads an array of ids, strictly; anything but an array is refused the same way.</summary>
    public static List<long> ReadArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException(null, new PoweruserBodyException("'{field}' must be an array of ids (positive whole numbers).", code: "invalid_type"));
        var ids = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ids.Add(Read(ref reader, $"[{ids.Count}]"));
        return ids;
    }
}

internal sealed class IdConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => PoweruserIds.Read(ref reader);
    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

internal sealed class NullableIdConverter : JsonConverter<long?>
{
    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : PoweruserIds.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } id) writer.WriteNumberValue(id); else writer.WriteNullValue();
    }
}

internal sealed class IdArrayConverter : JsonConverter<long[]>
{
    public override long[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => [.. PoweruserIds.ReadArray(ref reader)];

    public override void Write(Utf8JsonWriter writer, long[] value, JsonSerializerOptions options) => JsonSerializer.Serialize(writer, value.AsEnumerable());
}

internal sealed class IdListConverter<TList> : JsonConverter<TList> where TList : class, IReadOnlyList<long>
{
    public override TList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => (TList)(object)PoweruserIds.ReadArray(ref reader);

    public override void Write(Utf8JsonWriter writer, TList value, JsonSerializerOptions options) => JsonSerializer.Serialize(writer, value.AsEnumerable());
}
