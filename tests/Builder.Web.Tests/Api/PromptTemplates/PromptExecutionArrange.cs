using System.Collections.Concurrent;
using System.Text.Json;
using Builder.TestServers;
using Microsoft.Extensions.Logging;

namespace Builder.Web.Tests.Api.PromptTemplates;

/// <summary>Models on the local OpenAI-compatible server, and templates that run on them.</summary>
public static class PromptExecutionArrange
{
    public static Task<JsonElement> LocalModelAsync(this BuilderApiFactory factory, LocalOpenAiServer server, Guid organizationId,
        string modelName = LocalOpenAiServer.EchoModel, string? token = LocalOpenAiServer.DefaultToken, int timeoutSeconds = 30) =>
        factory.As(Caller.System).PostJsonAsync("/api/models", new
        {
            organizationId, name = Arrange.Unique("Local"), modelUrl = server.ChatCompletionsUrl, modelName, token, timeoutSeconds,
        }).ExpectJson(201);

    public static string ExecuteUrl(Guid templateId) => $"{PromptTemplateArrange.Url}/{templateId}/execute";
    public static string ExecutionsUrl(Guid templateId) => $"{PromptTemplateArrange.Url}/{templateId}/executions";
    public static string SentimentUrl(Guid templateId) => $"{PromptTemplateArrange.Url}/{templateId}/analyze-sentiment";
}

/// <summary>Keeps every log line the app writes, at every level, for "never logged" checks.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
