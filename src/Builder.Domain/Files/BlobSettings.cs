using Microsoft.Extensions.Configuration;

namespace Builder.Domain.Files;

/// <summary>
/// <c>Blobs:Provider</c> (<c>filesystem</c>, the default, or <c>s3</c>), <c>Blobs:FileSystem:Path</c> (default: <c>blobs</c>
/// beside the SQLite database, under App_Data), <c>Blobs:MaxUploadBytes</c> (the largest upload a link may allow) and
/// the <c>Blobs:S3:*</c> settings.
/// </summary>
public sealed record BlobSettings(string Provider, string? FileSystemPath, long MaxUploadBytes, S3BlobSettings S3)
{
    public const string FileSystem = "filesystem";
    public const string S3Provider = "s3";
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;

    public static BlobSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Blobs");
        var provider = (section["Provider"] ?? "").Trim().ToLowerInvariant();
        var max = long.TryParse(section["MaxUploadBytes"], out var m) && m > 0 ? m : DefaultMaxUploadBytes;
        return new BlobSettings(provider.Length == 0 ? FileSystem : provider, section["FileSystem:Path"], max, S3BlobSettings.From(section.GetSection("S3")));
    }
}

/// <summary>The S3 settings. <see cref="SecretAccessKey"/> is never logged: <see cref="ToString"/> leaves it out.</summary>
public sealed record S3BlobSettings(string? ServiceUrl, string? Bucket, string? Region, bool ForcePathStyle, string? AccessKeyId, string? SecretAccessKey)
{
    public static S3BlobSettings From(IConfigurationSection section) => new(
        section["ServiceUrl"], section["Bucket"], section["Region"], bool.TryParse(section["ForcePathStyle"], out var pathStyle) && pathStyle,
        section["AccessKeyId"], section["SecretAccessKey"]);

    /// <summary>The settings an S3 store cannot work without (by their configuration names). <c>ServiceUrl</c> is optional: without it, AWS S3 in <c>Region</c>.</summary>
    public IReadOnlyList<string> Missing =>
    [
        .. string.IsNullOrWhiteSpace(Bucket) ? ["Blobs:S3:Bucket"] : Array.Empty<string>(),
        .. string.IsNullOrWhiteSpace(Region) ? ["Blobs:S3:Region"] : Array.Empty<string>(),
        .. string.IsNullOrWhiteSpace(AccessKeyId) ? ["Blobs:S3:AccessKeyId"] : Array.Empty<string>(),
        .. string.IsNullOrWhiteSpace(SecretAccessKey) ? ["Blobs:S3:SecretAccessKey"] : Array.Empty<string>(),
    ];

    public override string ToString() =>
        $"S3 bucket {Bucket} at {(string.IsNullOrWhiteSpace(ServiceUrl) ? "AWS " + Region : ServiceUrl)} (path style: {ForcePathStyle}, key id {AccessKeyId}, secret {(string.IsNullOrEmpty(SecretAccessKey) ? "not set" : "set")})";
}
