using Builder.Data;
using Builder.Domain.Files;
using Microsoft.AspNetCore.DataProtection;

namespace Builder.Web.Features.Files;

public static class FileSetup
{
    /// <summary>
    /// The blob store <c>Blobs:Provider</c> chooses (file system under App_Data by default, or S3) and the link service.
    /// An unknown provider stops start-up; so does an S3 store with a setting missing, outside Development, naming the settings.
    /// In Development such an S3 store falls back to the file system (with a warning naming what is missing).
    /// </summary>
    public static WebApplicationBuilder AddBuilderFiles(this WebApplicationBuilder builder)
    {
        var settings = BlobSettings.From(builder.Configuration);
        var services = builder.Services;
        var useS3 = settings.Provider switch
        {
            BlobSettings.FileSystem => false,
            BlobSettings.S3Provider when settings.S3.Missing.Count == 0 => true,
            BlobSettings.S3Provider when builder.Environment.IsDevelopment() => false,
            BlobSettings.S3Provider => throw new InvalidOperationException(
                $"Blobs:Provider is s3, and {string.Join(", ", settings.S3.Missing)} {(settings.S3.Missing.Count == 1 ? "is" : "are")} not set " +
                "(for example as environment variables Blobs__S3__Bucket, Blobs__S3__Region, Blobs__S3__AccessKeyId, Blobs__S3__SecretAccessKey; " +
                "Blobs:S3:ServiceUrl for an S3-compatible service other than AWS)."),
            var other => throw new InvalidOperationException($"Blobs:Provider is '{other}': use filesystem (the default) or s3."),
        };
        if (useS3)
        {
            services.AddSingleton<IBlobStore>(_ => new S3BlobStore(settings.S3));
        }
        else
        {
            if (settings.Provider == BlobSettings.S3Provider)
                services.AddHostedService(sp => new StartupWarning(sp.GetRequiredService<ILogger<FileLinkService>>(),
                    $"Blobs:Provider is s3 but {string.Join(", ", settings.S3.Missing)} not set: files are stored on the file system instead (Development only)."));
            var root = string.IsNullOrWhiteSpace(settings.FileSystemPath)
                ? Path.Combine(Path.GetDirectoryName(DataProtectionKeyEncryption.DevelopmentKeyPath(builder.Configuration, builder.Environment.ContentRootPath))!, "blobs")
                : Path.GetFullPath(settings.FileSystemPath, builder.Environment.ContentRootPath);
            services.AddSingleton<IBlobStore>(sp => new FileSystemBlobStore(root, sp.GetRequiredService<TimeProvider>()));
        }
        services.AddSingleton(new FileLinkOptions { MaxUploadBytes = settings.MaxUploadBytes });
        services.AddSingleton<IFileTokenProtector, DataProtectionFileTokenProtector>();
        services.AddSingleton<FileLinkService>();
        return builder;
    }

    private sealed class StartupWarning(ILogger logger, string message) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("{Message}", message);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>
/// Link tokens sealed with ASP.NET Data Protection (authenticated encryption under the key ring, which is itself
/// encrypted with a key outside the database), one protector per purpose, time-limited to the link's expiry. The service
/// checks the expiry again against the app's clock.
/// </summary>
public sealed class DataProtectionFileTokenProtector(IDataProtectionProvider provider) : IFileTokenProtector
{
    public string Protect(string purpose, string payload, DateTimeOffset expiresAt) =>
        provider.CreateProtector(purpose).ToTimeLimitedDataProtector().Protect(payload, expiresAt);

    public string? Unprotect(string purpose, string token)
    {
        try
        {
            return provider.CreateProtector(purpose).ToTimeLimitedDataProtector().Unprotect(token, out _);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // altered, for another purpose, another key ring, or past its time
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
