using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Builder.Domain.Common;
using Builder.Domain.Tables;

namespace Builder.Domain.Files;

/// <summary>Seals a link's payload with a key that is not in the database (ASP.NET Data Protection in the app), per purpose.</summary>
public interface IFileTokenProtector
{
    string Protect(string purpose, string payload, DateTimeOffset expiresAt);

    /// <summary>The payload, or null for a token that was altered, sealed for another purpose or by another key ring.</summary>
    string? Unprotect(string purpose, string token);
}

/// <summary>What an upload link is for: bound into the link, checked when it is used.</summary>
/// <param name="TableId">The table the file is for (0 when none, e.g. a knowledge-base upload names its table too).</param>
/// <param name="Purpose">A short tag the caller checks on completion, e.g. <c>file-cell</c> or <c>knowledge-base</c>.</param>
/// <param name="ContentTypes">Allowed media types (<c>application/pdf</c>) or top-level wildcards (<c>image/*</c>).</param>
public sealed record UploadLinkRequest(Guid OrganizationId, long TableId, string Purpose, long MaxBytes, IReadOnlyList<string> ContentTypes,
    UploadIssuer? IssuedTo = null);

/// <summary>
/// Who asked for a link whose upload acts on their behalf (a knowledge-base link that ingests the document): the person, and the
/// organization of the API key they used, if any. The upload acts as them, with their rights at the time of the upload.
/// </summary>
public sealed record UploadIssuer(Guid UserId, Guid? ApiKeyOrganizationId);

/// <summary>
/// Where and how to upload. <see cref="Url"/> is the Builder's own <c>/files/upload/{token}</c> (a path: put the app's
/// origin in front) with the file-system store, or S3's presigned URL; send <see cref="Method"/> with <see cref="Headers"/>.
/// With S3, then POST <see cref="CompleteUrl"/> to get the file cell; with the Builder, the upload's answer is the file cell.
/// </summary>
public sealed record UploadLink(string Url, string Method, IReadOnlyDictionary<string, string> Headers, string? CompleteUrl,
    DateTimeOffset ExpiresAt, string Key, long MaxBytes, IReadOnlyList<string> ContentTypes);

/// <summary>A verified upload link: what it was issued for, and the key its file goes to.</summary>
public sealed record UploadGrant(Guid OrganizationId, long TableId, string Purpose, long MaxBytes, IReadOnlyList<string> ContentTypes,
    BlobKey Key, DateTimeOffset ExpiresAt, UploadIssuer? IssuedTo = null);

public sealed record DownloadLink(string Url, DateTimeOffset ExpiresAt);

/// <summary>An open download: the bytes, the name to save them under and the type to send them as.</summary>
public sealed record FileDownload(BlobContent Content, string FileName, string ContentType);

public enum UploadRefusal { InvalidLink, Expired, AlreadyUsed, TooLarge, ContentTypeNotAllowed, NotUploaded }

/// <summary>Why an upload through a link was refused; nothing was kept.</summary>
public sealed class UploadRefusedException(UploadRefusal reason, string message) : Exception(message)
{
    public UploadRefusal Reason { get; } = reason;
}

public sealed class FileLinkOptions
{
    public TimeSpan UploadLifetime { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan DownloadLifetime { get; init; } = TimeSpan.FromMinutes(5);
    public long MaxUploadBytes { get; init; } = BlobSettings.DefaultMaxUploadBytes;
}

/// <summary>
/// Signed, expiring links for uploading and downloading files. The caller (the table and knowledge-base services) checks
/// that the person or key may write to, or read, the table first; this service binds the link to what it was issued for
/// (organization, table, purpose, size, content types, and a key made here), refuses links that were altered, are past
/// their time or were used, and serves downloads as attachments with a safe content type.
/// </summary>
public sealed partial class FileLinkService(IBlobStore store, IFileTokenProtector protector, TimeProvider clock, FileLinkOptions options)
{
    public const string UploadPurpose = "Builder.Files.Upload.v1";
    public const string DownloadPurpose = "Builder.Files.Download.v1";
    public const string UploadPath = "/files/upload/";
    public const string DownloadPath = "/files/download/";
    public const int MaxContentTypes = 32;

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,63}$", RegexOptions.NonBacktracking)]
    private static partial Regex PurposePattern();

    public IBlobStore Store => store;

    /// <summary>A link that accepts one upload for the organization, valid for a few minutes (10 by default).</summary>
    /// <exception cref="ValidationException">A bad purpose, size or content type: the message names the field.</exception>
    public UploadLink CreateUploadLink(UploadLinkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OrganizationId == Guid.Empty) throw new ValidationException("organizationId", "An upload link belongs to an organization.");
        if (request.TableId < 0) throw new ValidationException("tableId", "tableId must be a table's id.");
        if (request.Purpose is null || !PurposePattern().IsMatch(request.Purpose))
            throw new ValidationException("purpose", "purpose must be a lower-case letter then letters, digits, '-' or '_' (64 at most).");
        if (request.MaxBytes <= 0 || request.MaxBytes > options.MaxUploadBytes)
            throw new ValidationException("maxBytes", $"maxBytes must be between 1 and {options.MaxUploadBytes} (Blobs:MaxUploadBytes).");
        if (request.ContentTypes is not { Count: > 0 } || request.ContentTypes.Count > MaxContentTypes)
            throw new ValidationException("contentTypes", $"List the content types the upload may have (1 to {MaxContentTypes}), e.g. \"application/pdf\" or \"image/*\".");
        var types = new List<string>();
        foreach (var pattern in request.ContentTypes)
        {
            var normal = FileContentTypes.NormalizePattern(pattern)
                         ?? throw new ValidationException("contentTypes", $"'{pattern}' is not a content type (type/subtype, or type/* for a whole type).");
            if (!types.Contains(normal)) types.Add(normal);
        }

        var key = BlobKey.New(request.OrganizationId);
        var expiresAt = clock.GetUtcNow() + options.UploadLifetime;
        var payload = new UploadPayload(request.OrganizationId, request.TableId, request.Purpose, request.MaxBytes, types, key.ToString(), expiresAt.ToUnixTimeMilliseconds(),
            request.IssuedTo?.UserId, request.IssuedTo?.ApiKeyOrganizationId);
        var token = protector.Protect(UploadPurpose, JsonSerializer.Serialize(payload), expiresAt);

        if (store is IPresigningBlobStore s3)
        {
            // S3 signs one content type into the URL: a link that allows several gets the exact type on completion instead.
            var single = types is [var only] && !only.EndsWith("/*", StringComparison.Ordinal) ? only : null;
            var url = s3.PresignPut(key, single, expiresAt);
            var headers = new Dictionary<string, string> { [S3BlobStore.IfNoneMatchHeader] = "*" };
            if (single is not null) headers["Content-Type"] = single;
            return new UploadLink(url.ToString(), "PUT", headers, UploadPath + token + "/complete", expiresAt, key.ToString(), request.MaxBytes, types);
        }
        return new UploadLink(UploadPath + token, "PUT", new Dictionary<string, string>(), null, expiresAt, key.ToString(), request.MaxBytes, types);
    }

    /// <summary>The link's grant, after checking its seal and its time.</summary>
    /// <exception cref="UploadRefusedException">Altered or unknown (InvalidLink), or past its time (Expired).</exception>
    public UploadGrant ReadUploadToken(string? token)
    {
        var json = string.IsNullOrEmpty(token) || token.Length > 4096 ? null : protector.Unprotect(UploadPurpose, token);
        UploadPayload? payload = null;
        try { payload = json is null ? null : JsonSerializer.Deserialize<UploadPayload>(json); } catch (JsonException) { }
        if (payload is null || !BlobKey.TryParse(payload.Key, out var key) || key.OrganizationId != payload.OrganizationId)
            throw new UploadRefusedException(UploadRefusal.InvalidLink, "This upload link is not valid. Ask for a new one.");
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(payload.ExpiresAt);
        if (clock.GetUtcNow() >= expiresAt)
            throw new UploadRefusedException(UploadRefusal.Expired, $"This upload link expired at {expiresAt:u}. Ask for a new one.");
        return new UploadGrant(payload.OrganizationId, payload.TableId, payload.Purpose, payload.MaxBytes, payload.ContentTypes, key, expiresAt,
            payload.IssuedTo is { } user ? new UploadIssuer(user, payload.IssuedToKeyOrganization) : null);
    }

    /// <summary>
    /// Stores an upload sent to the Builder's own link and answers the file cell to write into a row. The content type must
    /// be one the link allows; more bytes than it allows stop the upload mid-stream; a link is used once.
    /// </summary>
    public async Task<FileCell> AcceptUploadAsync(UploadGrant grant, Stream body, string? contentType, long? contentLength, string? fileName,
        CancellationToken cancellationToken = default)
    {
        var type = CheckType(grant, contentType);
        if (contentLength > grant.MaxBytes) throw TooLarge(grant);
        if (await store.GetInfoAsync(grant.Key, cancellationToken) is not null) throw Used();
        try
        {
            var info = await store.PutAsync(grant.Key, body, type, grant.MaxBytes, cancellationToken);
            return new FileCell(info.Key.ToString(), FileNames.Sanitize(fileName), info.Size, info.ContentType);
        }
        catch (BlobTooLargeException) { throw TooLarge(grant); }
        catch (BlobAlreadyExistsException) { throw Used(); }
    }

    /// <summary>
    /// After a client uploaded straight to S3 with the presigned URL: checks what arrived (an object that is too large or
    /// of a type the link does not allow is deleted) and answers the file cell.
    /// </summary>
    public async Task<FileCell> CompleteDirectUploadAsync(UploadGrant grant, string? fileName, CancellationToken cancellationToken = default)
    {
        var info = await store.GetInfoAsync(grant.Key, cancellationToken)
                   ?? throw new UploadRefusedException(UploadRefusal.NotUploaded, "Nothing was uploaded with this link yet: PUT the file to its URL first.");
        try
        {
            if (info.Size > grant.MaxBytes) throw TooLarge(grant);
            CheckType(grant, info.ContentType);
        }
        catch (UploadRefusedException)
        {
            await store.DeleteAsync(grant.Key, cancellationToken);
            throw;
        }
        return new FileCell(info.Key.ToString(), FileNames.Sanitize(fileName), info.Size, FileContentTypes.Normalize(info.ContentType)!);
    }

    /// <summary>
    /// A short-lived link (5 minutes by default) that downloads a file cell of the organization as an attachment. A key of
    /// another organization (or no key this store could have made) is not found.
    /// </summary>
    public DownloadLink CreateDownloadLink(Guid organizationId, FileCell cell)
    {
        if (!BlobKey.TryParse(cell?.Key, out var key) || key.OrganizationId != organizationId)
            throw new NotFoundException("File not found");
        var expiresAt = clock.GetUtcNow() + options.DownloadLifetime;
        var name = FileNames.Sanitize(cell.Name);
        if (store is IPresigningBlobStore s3)
            return new DownloadLink(s3.PresignGet(key, name, FileContentTypes.SafeForDownload(cell.ContentType), expiresAt).ToString(), expiresAt);
        var payload = new DownloadPayload(key.ToString(), name, expiresAt.ToUnixTimeMilliseconds());
        return new DownloadLink(DownloadPath + protector.Protect(DownloadPurpose, JsonSerializer.Serialize(payload), expiresAt), expiresAt);
    }

    /// <summary>Opens the file a download link names, or null when the link is altered, past its time, or the file is gone.</summary>
    public async Task<FileDownload?> OpenDownloadAsync(string? token, CancellationToken cancellationToken = default)
    {
        var json = string.IsNullOrEmpty(token) || token.Length > 4096 ? null : protector.Unprotect(DownloadPurpose, token);
        DownloadPayload? payload = null;
        try { payload = json is null ? null : JsonSerializer.Deserialize<DownloadPayload>(json); } catch (JsonException) { }
        if (payload is null || !BlobKey.TryParse(payload.Key, out var key)) return null;
        if (clock.GetUtcNow() >= DateTimeOffset.FromUnixTimeMilliseconds(payload.ExpiresAt)) return null;
        var content = await store.OpenReadAsync(key, cancellationToken);
        return content is null ? null : new FileDownload(content, FileNames.Sanitize(payload.Name), FileContentTypes.SafeForDownload(content.Info.ContentType));
    }

    private static string CheckType(UploadGrant grant, string? contentType)
    {
        var type = FileContentTypes.Normalize(contentType);
        if (type is null || !FileContentTypes.IsAllowed(type, grant.ContentTypes))
            throw new UploadRefusedException(UploadRefusal.ContentTypeNotAllowed,
                $"This link accepts {string.Join(", ", grant.ContentTypes)}; the upload was {(type ?? "without a content type")}.");
        return type;
    }

    private static UploadRefusedException TooLarge(UploadGrant grant) =>
        new(UploadRefusal.TooLarge, $"The file is larger than this link allows ({grant.MaxBytes} bytes).");

    private static UploadRefusedException Used() =>
        new(UploadRefusal.AlreadyUsed, "This upload link was already used. Ask for a new one.");

    private sealed record UploadPayload(Guid OrganizationId, long TableId, string Purpose, long MaxBytes, List<string> ContentTypes, string Key, long ExpiresAt,
        Guid? IssuedTo = null, Guid? IssuedToKeyOrganization = null);

    private sealed record DownloadPayload(string Key, string Name, long ExpiresAt);
}

public static class FileDownloads
{
    /// <summary><c>attachment; filename="…"; filename*=UTF-8''…</c> for a sanitized name (ASCII fallback with '_').</summary>
    public static string AttachmentHeader(string fileName)
    {
        var name = FileNames.Sanitize(fileName);
        var ascii = new string(name.Select(c => c is >= ' ' and < (char)127 and not '\\' and not '"' ? c : '_').ToArray());
        var header = new ContentDispositionHeaderValue("attachment") { FileName = "\"" + ascii + "\"", FileNameStar = name };
        return header.ToString();
    }
}
