using System.Diagnostics;
using Builder.Domain.Common;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Builder.Domain.Outbound;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Builder.Domain.Chat;

/// <summary>
/// Runs HTTP tools: fills the template (<see cref="HttpToolTemplating"/>) and sends it through the one outbound client
/// (<see cref="OutboundHttp.ClientName"/>: address policy, no redirects, size cap), reading at most
/// <see cref="MaxResponseBytes"/> of the answer. The result is the status and the body, with every environment value the
/// request carried redacted; the detail line shows the URL with placeholders instead of environment values. Failures
/// (refused address, timeout, connection) are results with <see cref="ToolExecutionResult.IsError"/>, never exceptions.
/// Logs name the host, status and time only.
/// </summary>
public sealed class HttpToolRunner(IHttpClientFactory httpClientFactory, ILogger<HttpToolRunner>? logger = null)
{
    /// <summary>The most of an answer read (the rest is cut off and the result says so).</summary>
    public int MaxResponseBytes { get; init; } = 256 * 1024;

    readonly ILogger _logger = logger ?? NullLogger<HttpToolRunner>.Instance;

    /// <summary>An executor for one HTTP tool in one environment.</summary>
    public IChatToolExecutor For(HttpToolRequestTemplate template, ToolEnvironment environment) =>
        new DelegateToolExecutor((arguments, ct) => ExecuteAsync(template, arguments, environment, ct));

    public async Task<ToolExecutionResult> ExecuteAsync(HttpToolRequestTemplate template, JsonElement arguments, ToolEnvironment environment, CancellationToken cancellationToken)
    {
        var redactor = new SecretRedactor(environment.AllowedValues);
        RenderedHttpRequest rendered;
        try
        {
            rendered = HttpToolTemplating.Render(template, arguments, environment);
        }
        catch (ToolTemplateException e)
        {
            return ToolExecutionResult.Failed("The tool's request could not be built: " + e.Message) with { Secrets = environment.AllowedValues.ToList() };
        }
        var detail = $"{rendered.Method} {rendered.DisplayUrl}";
        var secrets = environment.AllowedValues.ToList();
        using var request = new HttpRequestMessage(new HttpMethod(rendered.Method), rendered.Url);
        foreach (var (name, value) in rendered.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, value))
                return ToolExecutionResult.Failed($"The header {name} cannot be sent on a request", detail) with { Secrets = secrets };
        }
        if (rendered.Body is not null && rendered.Method is not ("GET" or "HEAD"))
        {
            var contentType = rendered.Headers.FirstOrDefault(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)).Value
                ?? (rendered.Body.TrimStart().StartsWith('{') || rendered.Body.TrimStart().StartsWith('[') ? "application/json" : "text/plain");
            request.Content = new StringContent(rendered.Body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var started = Stopwatch.GetTimestamp();
        var client = httpClientFactory.CreateClient(OutboundHttp.ClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var (body, cut) = await ReadLimitedAsync(response, cancellationToken);
            var status = (int)response.StatusCode;
            detail += $" → {status}";
            _logger.LogInformation("HTTP tool call to {Host} answered {Status} in {LatencyMs} ms", rendered.Url.Host, status, ElapsedMs(started));
            var text = redactor.Redact(body);
            if (cut) text += $"\n[the answer was cut off after {MaxResponseBytes / 1024} KB]";
            if (status is >= 200 and < 300) return new ToolExecutionResult(text, false, detail) { Secrets = secrets };
            return new ToolExecutionResult($"HTTP {status} {response.ReasonPhrase}: {text}", true, detail) { Secrets = secrets };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = Reason(e, rendered.Url);
            _logger.LogWarning("HTTP tool call to {Host} failed after {LatencyMs} ms: {Reason}", rendered.Url.Host, ElapsedMs(started), redactor.Redact(reason));
            return ToolExecutionResult.Failed(redactor.Redact(reason), detail) with { Secrets = secrets };
        }
    }

    async Task<(string Body, bool Cut)> ReadLimitedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResponseBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0) break;
            read += n;
        }
        var cut = read > MaxResponseBytes;
        var length = cut ? MaxResponseBytes : read;
        // Do not end on half a UTF-8 character.
        while (cut && length > 0 && (buffer[length] & 0xC0) == 0x80) length--;
        return (Encoding.UTF8.GetString(buffer, 0, length), cut);
    }

    static string Reason(Exception error, Uri url)
    {
        for (var e = error; e is not null; e = e.InnerException)
            switch (e)
            {
                case OutboundAddressRefusedException refused: return "Refused by the address policy: " + refused.Message;
                case OutboundResponseTooLargeException large: return "The answer was too large: " + large.Message;
                case OutboundConnectException connect: return "Could not connect: " + connect.Message;
                case TimeoutException or OperationCanceledException: return $"The request to {url.Host} timed out";
            }
        return error is HttpRequestException http
            ? $"The request to {url.Host} failed ({http.HttpRequestError})"
            : $"The request to {url.Host} failed ({error.GetType().Name})";
    }

    static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
