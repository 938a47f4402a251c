using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Builder.Domain.Versioning;

/// <summary>
/// How a definition is stored and compared: camelCase, indented two spaces, enums in their upper-case wire names
/// (CONVERSATIONAL, HTTP), properties in declaration order and text unescaped, so the same definition always gives the same
/// text and a diff shows only what changed.
/// </summary>
public static class DefinitionJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) },
    };

    public static string Write<T>(T definition) => JsonSerializer.Serialize(definition, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException("A stored definition is empty.");
}
