using Builder.Domain.Files;

namespace Builder.Domain.Tests.Files;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private static readonly Guid Acme = Guid.NewGuid();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "builder-blob-tests", Guid.NewGuid().ToString("N"));
    private readonly FileSystemBlobStore _store;

    public FileSystemBlobStoreTests() => _store = new FileSystemBlobStore(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private static byte[] Bytes(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 31)).ToArray();

    /// <summary>Every file under the root except the (empty) incoming folder's own entry.</summary>
    private string[] FilesOnDisk() => Directory.GetFiles(_root, "*", SearchOption.AllDirectories);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(81920)]
    [InlineData(1_000_003)]
    public async Task A_put_keeps_the_bytes_size_and_type_under_a_new_key_of_the_organization(int size)
    {
        var bytes = Bytes(size);
        var info = await _store.PutAsync(Acme, new MemoryStream(bytes), "Application/PDF; charset=binary", maxBytes: 2_000_000);

        Assert.Equal(Acme, info.Key.OrganizationId);
        Assert.Equal(size, info.Size);
        Assert.Equal("application/pdf", info.ContentType);
        await using var read = await _store.OpenReadAsync(info.Key);
        Assert.NotNull(read);
        var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(size, (await _store.GetInfoAsync(info.Key))!.Size);
    }

    [Fact]
    public async Task A_put_of_exactly_the_limit_is_kept_and_one_byte_more_is_refused()
    {
        var info = await _store.PutAsync(Acme, new MemoryStream(Bytes(1000)), "text/plain", maxBytes: 1000);
        Assert.Equal(1000, info.Size);
        await Assert.ThrowsAsync<BlobTooLargeException>(() => _store.PutAsync(Acme, new MemoryStream(Bytes(1001)), "text/plain", maxBytes: 1000));
    }

    [Fact]
    public async Task An_oversize_put_stops_mid_stream_and_leaves_nothing_behind()
    {
        var source = new CountingStream(Bytes(10_000_000));
        var key = BlobKey.New(Acme);

        await Assert.ThrowsAsync<BlobTooLargeException>(() => _store.PutAsync(key, source, "application/octet-stream", maxBytes: 100_000));

        Assert.True(source.BytesRead < 1_000_000, $"read {source.BytesRead} bytes of a 10 MB body past a 100 KB limit");
        Assert.Empty(FilesOnDisk());
        Assert.Null(await _store.GetInfoAsync(key));
        // The key was never claimed: a correct upload to it still works.
        Assert.Equal(5, (await _store.PutAsync(key, new MemoryStream(Bytes(5)), "text/plain", 100_000)).Size);
    }

    [Fact]
    public async Task A_put_that_fails_mid_stream_leaves_nothing_behind()
    {
        var key = BlobKey.New(Acme);
        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync(key, new FailingStream(50_000), "text/plain", 1_000_000));
        Assert.Empty(FilesOnDisk());
        Assert.Null(await _store.GetInfoAsync(key));
    }

    [Fact]
    public async Task A_key_is_written_once()
    {
        var info = await _store.PutAsync(Acme, new MemoryStream([1, 2, 3]), "text/plain", 100);
        await Assert.ThrowsAsync<BlobAlreadyExistsException>(() => _store.PutAsync(info.Key, new MemoryStream([9, 9]), "text/plain", 100));
        await using var read = await _store.OpenReadAsync(info.Key);
        var copy = new MemoryStream();
        await read!.Content.CopyToAsync(copy);
        Assert.Equal(new byte[] { 1, 2, 3 }, copy.ToArray());
    }

    [Fact]
    public async Task Concurrent_puts_each_keep_their_own_bytes()
    {
        var puts = Enumerable.Range(0, 24).Select(i => Task.Run(() => _store.PutAsync(Acme, new MemoryStream(Enumerable.Repeat((byte)i, 50_000 + i).ToArray()), "text/plain", 1_000_000))).ToArray();
        var infos = await Task.WhenAll(puts);

        Assert.Equal(24, infos.Select(i => i.Key).Distinct().Count());
        for (var i = 0; i < infos.Length; i++)
        {
            await using var read = await _store.OpenReadAsync(infos[i].Key);
            var copy = new MemoryStream();
            await read!.Content.CopyToAsync(copy);
            Assert.Equal(50_000 + i, copy.Length);
            Assert.All(copy.ToArray(), b => Assert.Equal((byte)i, b));
        }
    }

    [Fact]
    public async Task Concurrent_puts_to_one_key_let_exactly_one_win()
    {
        var key = BlobKey.New(Acme);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try { await _store.PutAsync(key, new MemoryStream(Enumerable.Repeat((byte)i, 200_000).ToArray()), "text/plain", 1_000_000); return true; }
            catch (BlobAlreadyExistsException) { return false; }
        })));

        Assert.Single(results, r => r);
        await using var read = await _store.OpenReadAsync(key);
        var copy = new MemoryStream();
        await read!.Content.CopyToAsync(copy);
        Assert.Equal(200_000, copy.Length);
        Assert.Single(copy.ToArray().Distinct()); // one writer's bytes, not a mix
        Assert.Equal(2, FilesOnDisk().Length); // the file and its meta; no leftovers from the losers
    }

    [Fact]
    public async Task Delete_removes_the_file_and_says_whether_there_was_one()
    {
        var info = await _store.PutAsync(Acme, new MemoryStream([1]), "text/plain", 10);
        Assert.True(await _store.DeleteAsync(info.Key));
        Assert.Null(await _store.GetInfoAsync(info.Key));
        Assert.Null(await _store.OpenReadAsync(info.Key));
        Assert.False(await _store.DeleteAsync(info.Key));
        Assert.Empty(FilesOnDisk());
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("00000000000000000000000000000000/../../../../etc/passwd")]
    [InlineData("0123456789abcdef0123456789abcdef/..%2f..%2fetc%2fpasswd")]
    [InlineData("0123456789abcdef0123456789abcdef\\0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF/0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef/0123456789abcdef0123456789abcdef.meta")]
    [InlineData("0123456789abcdef0123456789abcdef/0123456789abcdef0123456789abcde\0")]
    [InlineData("0123456789abcdef0123456789abcdef//123456789abcdef0123456789abcdef")]
    [InlineData(" 123456789abcdef0123456789abcdef/0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    [InlineData(null)]
    public void A_key_a_caller_sends_is_refused_unless_it_has_exactly_the_store_s_shape(string? text)
    {
        Assert.False(BlobKey.TryParse(text, out _));
        Assert.Null(BlobKey.From(text));
    }

    [Fact]
    public async Task A_stored_key_reads_back_and_its_text_names_only_the_organization_and_random_hex()
    {
        var info = await _store.PutAsync(Acme, new MemoryStream([1]), "text/plain", 10);
        var text = info.Key.ToString();
        Assert.Matches("^[0-9a-f]{32}/[0-9a-f]{32}$", text);
        Assert.True(BlobKey.TryParse(text, out var parsed));
        Assert.Equal(info.Key, parsed);
        var path = Path.Combine(_root, Acme.ToString("N"), info.Key.Id);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task The_meta_file_of_a_blob_is_not_a_blob_and_a_default_key_names_nothing()
    {
        Assert.Null(await _store.GetInfoAsync(default));
        Assert.Null(await _store.OpenReadAsync(default));
        Assert.False(await _store.DeleteAsync(default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("text")]
    [InlineData("text/plain/x")]
    [InlineData("../x")]
    public async Task A_put_with_something_that_is_not_a_content_type_is_refused_and_keeps_nothing(string contentType)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _store.PutAsync(Acme, new MemoryStream([1]), contentType, 10));
        Assert.Empty(FilesOnDisk());
    }

    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public long BytesRead { get; private set; }
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += n;
            return n;
        }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }
    }

    private sealed class FailingStream(int failAfter) : MemoryStream(new byte[failAfter * 2])
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= failAfter ? throw new IOException("the connection dropped") : base.ReadAsync(buffer[..Math.Min(buffer.Length, 8192)], cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) =>
            Position >= failAfter ? throw new IOException("the connection dropped") : base.Read(buffer, offset, Math.Min(count, 8192));
    }
}

public sealed class FileNameAndContentTypeTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\boot.ini", "boot.ini")]
    [InlineData("C:\\Users\\me\\notes.txt", "notes.txt")]
    [InlineData(".htaccess", "htaccess")]
    [InlineData("a\u0000b\r\nc.txt", "abc.txt")]
    [InlineData("evil\u202Etxt.exe", "eviltxt.exe")]
    [InlineData("say \"hi\".txt", "say hi.txt")]
    [InlineData("..", "file")]
    [InlineData("   ", "file")]
    [InlineData(null, "file")]
    public void A_file_name_is_only_the_last_segment_without_control_characters(string? name, string expected) =>
        Assert.Equal(expected, FileNames.Sanitize(name));

    [Fact]
    public void A_long_file_name_keeps_its_extension_within_255_characters()
    {
        var name = FileNames.Sanitize(new string('a', 400) + ".docx");
        Assert.Equal(255, name.Length);
        Assert.EndsWith(".docx", name);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/svg+xml")]
    [InlineData("application/xhtml+xml")]
    [InlineData("text/xml")]
    [InlineData("application/javascript")]
    [InlineData("text/javascript")]
    [InlineData("application/x-unknown")]
    [InlineData("not a type")]
    [InlineData(null)]
    public void Active_or_unknown_content_is_downloaded_as_octet_stream(string? type) =>
        Assert.Equal("application/octet-stream", FileContentTypes.SafeForDownload(type));

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/png")]
    [InlineData("text/csv")]
    public void Passive_content_keeps_its_type(string type) => Assert.Equal(type, FileContentTypes.SafeForDownload(type.ToUpperInvariant() + "; q=1"));

    [Theory]
    [InlineData("image/png", true)]
    [InlineData("image/svg+xml", true)]
    [InlineData("application/pdf", true)]
    [InlineData("application/pdfx", false)]
    [InlineData("text/plain", false)]
    [InlineData("imagex/png", false)]
    public void A_link_allows_listed_types_and_whole_top_level_types(string type, bool allowed) =>
        Assert.Equal(allowed, FileContentTypes.IsAllowed(type, ["image/*", "application/pdf"]));
}
