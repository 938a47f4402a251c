using System.Text.Json;

namespace Builder.Web.Tests.Api;

/// <summary>Fresh models for one test, made through the API as System.</summary>
public static class ModelArrange
{
    public const string OpenAiUrl = "https://api.openai.com/v1/chat/completions";

    public static Task<JsonElement> CreateModelAsync(this BuilderApiFactory factory, Guid organizationId, string? name = null,
        string? token = null, string modelUrl = OpenAiUrl) =>
        factory.As(Caller.System).PostJsonAsync("/api/models",
            new { organizationId, name = name ?? Arrange.Unique("Model"), modelUrl, modelName = "gpt-4o-mini", token }).ExpectJson(201);

    public static Task<JsonElement> CreateSystemModelAsync(this BuilderApiFactory factory, bool visible, string? name = null,
        string? token = null, string modelUrl = OpenAiUrl) =>
        factory.As(Caller.System).PostJsonAsync("/api/system-models",
            new { name = name ?? Arrange.Unique("System"), modelUrl, modelName = "gpt-4o-mini", token, isVisible = visible }).ExpectJson(201);
}
