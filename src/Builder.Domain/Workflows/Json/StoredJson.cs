using System.Text.Json;
using System.Text.Json.Nodes;

namespace Builder.Domain.Workflows;

/// <summary>
/// Reads back JSON the Builder stored itself (workflowData, entity conditions). The validators accept trees deeper
/// than System.Text.Json's default of 64 levels — a workflow 64 nodes deep is about 130 levels of JSON, 32 nested
/// condition groups about 66 — so reading them back must allow as much as the API accepts when binding a body.
/// </summary>
public static class StoredJson
{
    /// <summary>The nesting accepted, the same as the API's request and response JSON options.</summary>
    public const int MaxDepth = 256;

    public static JsonDocumentOptions DocumentOptions => new() { MaxDepth = MaxDepth };

    public static JsonNode? Parse(string json) => JsonNode.Parse(json, documentOptions: DocumentOptions);
}
