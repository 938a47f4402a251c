using System.Text.Json;

namespace Builder.Domain.Files;

/// <summary>
/// Files under one root folder (by default <c>App_Data/blobs</c> beside the SQLite database): <c>{organization}/{id}</c>
/// holds the bytes and <c>{organization}/{id}.meta</c> the content type. Every path is built from a parsed
/// <see cref="BlobKey"/> (hex digits only), so nothing a caller sends reaches the file system as a path.
/// A put claims its key by creating the file exclusively, streams into it counting, and writes the meta last (a rename):
/// until then the key reads as empty; an oversize or failed put deletes its partial file; a key is written once.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const string MetaSuffix = ".meta";
    private const string IncomingFolder = ".incoming";
    private readonly string _root;
    private readonly TimeProvider _clock;

    public FileSystemBlobStore(string root, TimeProvider? clock = null)
    {
        _root = Path.GetFullPath(root);
        _clock = clock ?? TimeProvider.System;
        Directory.CreateDirectory(Path.Combine(_root, IncomingFolder));
    }

    public string Root => _root;

    public Task<BlobInfo> PutAsync(Guid organizationId, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken = default) =>
        PutAsync(BlobKey.New(organizationId), content, contentType, maxBytes, cancellationToken);

    public async Task<BlobInfo> PutAsync(BlobKey key, Stream content, string contentType, long maxBytes, CancellationToken cancellationToken = default)
    {
        var type = FileContentTypes.Normalize(contentType) ?? throw new ArgumentException($"'{contentType}' is not a content type.", nameof(contentType));
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        var (dataPath, metaPath) = PathsOf(key);
        if (File.Exists(dataPath)) throw new BlobAlreadyExistsException(key);

        Directory.CreateDirectory(Path.GetDirectoryName(dataPath)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        FileStream file;
        try
        {
            // Creating the file with CreateNew (O_EXCL) is the one atomic step that claims the key: of two puts, one wins.
            file = new FileStream(dataPath, options);
        }
        catch (IOException) when (File.Exists(dataPath))
        {
            throw new BlobAlreadyExistsException(key);
        }
        var incomingMeta = Path.Combine(_root, IncomingFolder, Guid.NewGuid().ToString("N") + MetaSuffix);
        var stored = false;
        try
        {
            long size;
            await using (file)
            {
                var limited = new SizeLimitedStream(content, maxBytes);
                await limited.CopyToAsync(file, 81920, cancellationToken);
                await file.FlushAsync(cancellationToken);
                size = limited.BytesRead;
            }
            var info = new BlobInfo(key, size, type, _clock.GetUtcNow());
            await File.WriteAllTextAsync(incomingMeta, JsonSerializer.Serialize(new Meta(type, size, info.StoredAt)), cancellationToken);
            // The meta appears last and at once (a rename): until then readers see nothing under the key.
            File.Move(incomingMeta, metaPath, overwrite: true);
            stored = true;
            return info;
        }
        finally
        {
            TryDelete(incomingMeta);
            if (!stored) TryDelete(dataPath);
        }
    }

    public async Task<BlobContent?> OpenReadAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        var info = await GetInfoAsync(key, cancellationToken);
        if (info is null) return null;
        try
        {
            var stream = new FileStream(PathsOf(key).Data, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return new BlobContent(info, stream);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    public async Task<BlobInfo?> GetInfoAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        if (key.IsEmpty) return null;
        var (dataPath, metaPath) = PathsOf(key);
        // Between the two moves of a put, the bytes are there and their meta not yet: not stored until both are.
        if (!File.Exists(dataPath) || !File.Exists(metaPath)) return null;
        try
        {
            var meta = JsonSerializer.Deserialize<Meta>(await File.ReadAllTextAsync(metaPath, cancellationToken));
            if (meta is null) return null;
            return new BlobInfo(key, new FileInfo(dataPath).Length, meta.ContentType, meta.StoredAt);
        }
        catch (FileNotFoundException) { return null; }
        catch (JsonException) { return null; }
    }

    public Task<bool> DeleteAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        if (key.IsEmpty) return Task.FromResult(false);
        var (dataPath, metaPath) = PathsOf(key);
        var existed = File.Exists(dataPath);
        TryDelete(dataPath);
        TryDelete(metaPath);
        return Task.FromResult(existed);
    }

    private (string Data, string Meta) PathsOf(BlobKey key)
    {
        if (key.IsEmpty) throw new ArgumentException("An empty key names no file.", nameof(key));
        var data = Path.GetFullPath(Path.Combine(_root, key.OrganizationId.ToString("N"), key.Id));
        // A parsed key is hex only, so this always holds; checked anyway so no later change can open a way out of the root.
        if (!data.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException("A blob key resolved outside the store.");
        return (data, data + MetaSuffix);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private sealed record Meta(string ContentType, long Size, DateTimeOffset StoredAt);
}
