using System.Text;
using Builder.Domain.Models;

namespace Builder.Domain.Tests.Models;

/// <summary>
/// The watcher between a model's event stream and the SDK: an error event ends the stream with the endpoint's reason, whether it
/// shares a read with the words before it or arrives in a read of its own (as it does when the server flushes each event).
/// </summary>
public class EventStreamWatcherTests
{
    private const string Words = "data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n";
    private const string Error = "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n";

    private static readonly ModelEndpoint Endpoint = new() { ModelUrl = "http://127.0.0.1/v1/chat/completions", ModelName = "m" };

    /// <summary>A stream that answers each read with the next of its parts, as a socket does with separately flushed events.</summary>
    private sealed class PartsStream(params string[] parts) : MemoryStream
    {
        private readonly Queue<byte[]> _parts = new(parts.Select(Encoding.UTF8.GetBytes));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_parts.TryDequeue(out var part)) return ValueTask.FromResult(0);
            part.CopyTo(buffer);
            return ValueTask.FromResult(part.Length);
        }
    }

    private static async Task<(string HandedOn, ModelCallException? Error)> ReadAllAsync(Stream inner)
    {
        var watcher = new EventStreamWatcher(inner, new StreamWatch(), Endpoint);
        var handed = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await watcher.ReadAsync(buffer)) > 0) handed.Append(Encoding.UTF8.GetString(buffer, 0, read));
            return (handed.ToString(), null);
        }
        catch (ModelCallException e)
        {
            return (handed.ToString(), e);
        }
    }

    [Fact]
    public async Task An_error_event_in_a_read_of_its_own_ends_the_stream_with_the_reason_not_as_a_clean_end()
    {
        var (handed, error) = await ReadAllAsync(new PartsStream(Words, Error));
        Assert.Equal(Words, handed);
        Assert.NotNull(error);
        Assert.Contains("The server had an error", error.Message);
    }

    [Fact]
    public async Task An_error_event_after_words_in_the_same_read_hands_on_the_words_first()
    {
        var (handed, error) = await ReadAllAsync(new PartsStream(Words + Error));
        Assert.Equal(Words, handed);
        Assert.Contains("The server had an error", error!.Message);
    }

    [Fact]
    public async Task A_stream_without_an_error_is_handed_on_whole()
    {
        var (handed, error) = await ReadAllAsync(new PartsStream(Words, "data: [DONE]\n\n"));
        Assert.Equal(Words + "data: [DONE]\n\n", handed);
        Assert.Null(error);
    }
}
