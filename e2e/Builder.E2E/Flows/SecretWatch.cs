using System.Text;
using Microsoft.Playwright;

namespace Builder.E2E.Flows;

/// <summary>
/// Records everything a page receives from the server — every HTTP response body and every WebSocket frame
/// (Blazor Server renders over its SignalR socket, so page updates arrive there, not as HTTP responses) —
/// and what it sends over WebSockets, so a test can prove a secret typed into the page never comes back.
/// Chromium discards a document's response bodies when the page loads another document, so call
/// <see cref="SettleAsync"/> before GotoAsync/ReloadAsync; a body that could not be read fails the check.
/// (Routing every request through page.RouteAsync to read bodies would be deterministic, but it makes
/// Blazor fall back from WebSockets to long polling, so the page would no longer run as it does for people.)
/// </summary>
public sealed class SecretWatch
{
    readonly object _gate = new();
    readonly List<Task> _pendingBodies = [];
    readonly List<(string Source, byte[] Data)> _received = [];
    readonly List<byte[]> _sent = [];
    readonly List<string> _unreadable = [];
    int _webSockets;

    SecretWatch() { }

    public static SecretWatch Attach(IPage page)
    {
        var watch = new SecretWatch();
        page.RequestFinished += (_, request) =>
        {
            lock (watch._gate) watch._pendingBodies.Add(watch.CaptureAsync(request));
        };
        page.WebSocket += (_, socket) =>
        {
            lock (watch._gate) watch._webSockets++;
            socket.FrameReceived += (_, frame) => watch.Add(watch._received, ("WebSocket " + socket.Url, Bytes(frame)));
            socket.FrameSent += (_, frame) => watch.Add(watch._sent, Bytes(frame));
        };
        return watch;
    }

    /// <summary>True once the page has opened a WebSocket and received frames on it (the watch sees Blazor's traffic).</summary>
    public bool SawWebSocketTraffic
    {
        get { lock (_gate) return _webSockets > 0 && _received.Any(r => r.Source.StartsWith("WebSocket ", StringComparison.Ordinal)); }
    }

    /// <summary>True when the page sent <paramref name="text"/> to the server over a WebSocket (it did reach the server).</summary>
    public bool Sent(string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        lock (_gate) return _sent.Any(data => Contains(data, needle));
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (default 5 s) for the page to have sent <paramref name="text"/>: Playwright reports
    /// a WebSocket frame as an event that can arrive after the page has already shown the server's answer to it.
    /// </summary>
    public async Task<bool> SentSoonAsync(string text, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!Sent(text))
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>Waits until the bodies of the responses finished so far have been read.</summary>
    public async Task SettleAsync()
    {
        Task[] pending;
        lock (_gate) pending = [.. _pendingBodies];
        await Task.WhenAll(pending);
    }

    /// <summary>Fails naming the response or socket when anything received so far contains one of the secrets.</summary>
    public async Task AssertNeverReceivedAsync(params string[] secrets)
    {
        await SettleAsync();
        lock (_gate)
        {
            foreach (var secret in secrets)
            {
                var needle = Encoding.UTF8.GetBytes(secret);
                var leaks = _received.Where(r => Contains(r.Data, needle)).Select(r => r.Source).Distinct().ToList();
                Assert.True(leaks.Count == 0, $"A secret came back to the browser in: {string.Join(", ", leaks)}");
            }
            Assert.True(_unreadable.Count == 0, $"Response bodies that could not be checked: {string.Join(", ", _unreadable)}");
        }
    }

    async Task CaptureAsync(IRequest request)
    {
        var response = await request.ResponseAsync();
        // Redirects and the socket upgrade have no body to read.
        if (response is null || response.Status is >= 300 and < 400 or 101 or 204) return;
        try
        {
            Add(_received, ($"{response.Status} {request.Method} {response.Url}", await response.BodyAsync()));
        }
        catch (PlaywrightException exception)
        {
            lock (_gate) _unreadable.Add($"{response.Status} {request.Method} {response.Url} ({exception.Message.Split('\n')[0]})");
        }
    }

    void Add<T>(List<T> list, T item)
    {
        lock (_gate) list.Add(item);
    }

    static byte[] Bytes(IWebSocketFrame frame) => frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? "");

    static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
