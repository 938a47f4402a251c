using System.Text.Json;
using Builder.Domain.Common;
using Builder.Domain.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Web.Tests.Api.PromptTemplates;

/// <summary>Fresh prompt templates and models for one test.</summary>
public static class PromptTemplateArrange
{
    public const string Url = "/api/prompt-templates";

    public static object Body(Guid organizationId, string? name = null, Guid? modelId = null, Guid? environmentId = null) => new
    {
        organizationId, environmentId, name = name ?? Arrange.Unique("Welcome"), description = "Generates personalized welcome messages",
        promptText = "You are a friendly assistant. Write a warm welcome message for {{userName}} who just joined {{productName}}.",
        modelId,
        variables = new Dictionary<string, string> { ["userName"] = "string", ["productName"] = "string" },
        variableSets = new[] { new { name = "Happy User", values = new Dictionary<string, object> { ["userName"] = "Sarah", ["productName"] = "Pulse" } } },
    };

    public static Task<JsonElement> CreateTemplateAsync(this BuilderApiFactory factory, Guid organizationId, string? name = null, Guid? modelId = null,
        Caller caller = Caller.Admin) =>
        factory.As(caller).PostJsonAsync(Url, Body(organizationId, name, modelId)).ExpectJson(201);

    /// <summary>A template at version 3 (texts "v1", "v2", "v3" with messages "second" and "third").</summary>
    public static async Task<JsonElement> CreateThreeVersionsAsync(this BuilderApiFactory factory, Guid organizationId)
    {
        var template = await factory.CreateTemplateAsync(organizationId);
        var admin = factory.As(Caller.Admin);
        await admin.PutJsonAsync($"{Url}/{template.Id()}", new { promptText = "v2 {{userName}}", message = "second" }).Expect(200);
        return await admin.PutJsonAsync($"{Url}/{template.Id()}", new { promptText = "v3 {{userName}}", message = "third" }).ExpectJson(200);
    }

    /// <summary>Adds a model straight to the database (the models API is built elsewhere).</summary>
    public static async Task<Guid> AddModelAsync(this BuilderApiFactory factory, Guid? organizationId, string name, bool visible = false)
    {
        await using var db = factory.Services.GetRequiredService<IBuilderDbContextFactory>().Create();
        var model = new AiModel
        {
            OrganizationId = organizationId, Name = name, ModelUrl = "http://127.0.0.1:9/v1/chat/completions", ModelName = "test-model",
            IsVisible = visible, UpdatedBy = "test", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Models.Add(model);
        await db.SaveChangesAsync();
        return model.Id;
    }
}
