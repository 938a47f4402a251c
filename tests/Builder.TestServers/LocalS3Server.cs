using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Builder.TestServers;

/// <summary>
/// A local S3-compatible object server that stands in for S3 (or MinIO) in the tests, the way <see cref="LocalOpenAiServer"/>
/// stands in for OpenAI: plain HTTP on a free 127.0.0.1 port, path-style addressing (<c>/{bucket}/{key}</c>), objects in memory.
/// <list type="bullet">
/// <item><c>PUT</c> (with <c>If-None-Match: *</c>: 412 when the key exists), <c>GET</c> (honouring <c>response-content-type</c>,
/// <c>response-content-disposition</c> and <c>response-cache-control</c>), <c>HEAD</c> and <c>DELETE</c> of one object.</item>
/// <item>Every request must be signed with AWS Signature Version 4 for <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/>:
/// either an <c>Authorization: AWS4-HMAC-SHA256 …</c> header or a presigned URL (<c>X-Amz-Algorithm</c>, <c>X-Amz-Credential</c>,
/// <c>X-Amz-Date</c>, <c>X-Amz-Expires</c>, <c>X-Amz-SignedHeaders</c>, <c>X-Amz-Signature</c>). The signature is recomputed
/// (so a signed Content-Type cannot be changed) and a presigned URL past its time is refused, by <see cref="Clock"/>.
/// A signed payload hash is checked against the body. Failures answer S3's XML errors (AccessDenied, SignatureDoesNotMatch…).</item>
/// <item>Records every request (<see cref="Requests"/>).</item>
/// </list>
/// </summary>
public sealed class LocalS3Server : IAsyncDisposable
{
    public const string DefaultAccessKeyId = "LOCALS3ACCESSKEY";
    public const string DefaultSecretAccessKey = "local-s3-secret-key/do-not-log";
    public const string DefaultBucket = "builder-files";
    public const string DefaultRegion = "us-east-1";

    readonly WebApplication _app;
    readonly ConcurrentDictionary<string, StoredObject> _objects = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<RecordedS3Request> _requests = new();

    LocalS3Server(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public string AccessKeyId { get; init; } = DefaultAccessKeyId;
    public string SecretAccessKey { get; init; } = DefaultSecretAccessKey;
    public string Bucket { get; init; } = DefaultBucket;
    public string Region { get; init; } = DefaultRegion;

    /// <summary>The server's clock for presigned URL expiry; tests move it forward.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public IReadOnlyList<RecordedS3Request> Requests => _requests.ToArray();

    /// <summary>The object keys stored, for assertions.</summary>
    public IReadOnlyCollection<string> Keys => _objects.Keys.ToArray();

    public byte[]? Object(string key) => _objects.TryGetValue(key, out var o) ? o.Data : null;

    public static async Task<LocalS3Server> StartAsync()
    {
        var app = LoopbackApp.Build<LocalS3Server>(k => k.Limits.MaxRequestBodySize = 256L * 1024 * 1024);
        var server = new LocalS3Server(app);
        app.Run(server.HandleAsync);
        server.BaseUrl = $"http://127.0.0.1:{await LoopbackApp.StartAsync(app)}";
        return server;
    }

    async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var request = http.Request;
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var rawPath = rawTarget.Split('?', 2)[0];
        var body = await ReadBodyAsync(request, ct);
        var recorded = new RecordedS3Request(request.Method, rawTarget,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.Length);
        _requests.Enqueue(recorded);

        var failure = Authenticate(http, rawPath, body);
        if (failure is not null)
        {
            await Error(http, 403, failure.Value.Code, failure.Value.Message);
            return;
        }

        var segments = Uri.UnescapeDataString(rawPath).TrimStart('/').Split('/', 2);
        if (segments[0] != Bucket)
        {
            await Error(http, 404, "NoSuchBucket", "The specified bucket does not exist.");
            return;
        }
        if (segments.Length < 2 || segments[1].Length == 0)
        {
            await Error(http, 501, "NotImplemented", "This local server serves single objects only.");
            return;
        }
        var key = segments[1];
        switch (request.Method)
        {
            case "PUT":
                if (request.Headers.ContainsKey("x-amz-copy-source")) { await Error(http, 501, "NotImplemented", "Copy is not served."); return; }
                var stored = new StoredObject(body, string.IsNullOrEmpty(request.ContentType) ? "binary/octet-stream" : request.ContentType,
                    Clock.GetUtcNow(), "\"" + Convert.ToHexStringLower(MD5.HashData(body)) + "\"");
                if (request.Headers.IfNoneMatch.ToString() == "*")
                {
                    if (!_objects.TryAdd(key, stored)) { await Error(http, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold"); return; }
                }
                else
                {
                    _objects[key] = stored;
                }
                http.Response.Headers.ETag = stored.ETag;
                return;
            case "GET" or "HEAD":
                if (!_objects.TryGetValue(key, out var found))
                {
                    if (request.Method == "HEAD") { http.Response.StatusCode = 404; return; }
                    await Error(http, 404, "NoSuchKey", "The specified key does not exist.");
                    return;
                }
                http.Response.ContentType = request.Query["response-content-type"].FirstOrDefault() ?? found.ContentType;
                if (request.Query["response-content-disposition"].FirstOrDefault() is { } disposition) http.Response.Headers.ContentDisposition = disposition;
                if (request.Query["response-cache-control"].FirstOrDefault() is { } cache) http.Response.Headers.CacheControl = cache;
                http.Response.ContentLength = found.Data.Length;
                http.Response.Headers.ETag = found.ETag;
                http.Response.Headers.LastModified = found.LastModified.ToString("R", CultureInfo.InvariantCulture);
                if (request.Method == "GET") await http.Response.Body.WriteAsync(found.Data, ct);
                return;
            case "DELETE":
                _objects.TryRemove(key, out _);
                http.Response.StatusCode = 204;
                return;
            default:
                await Error(http, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
                return;
        }
    }

    static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    (string Code, string Message)? Authenticate(HttpContext http, string rawPath, byte[] body)
    {
        var request = http.Request;
        var authorization = request.Headers.Authorization.ToString();
        var presigned = request.Query.ContainsKey("X-Amz-Signature");
        if (authorization.Length == 0 && !presigned) return ("AccessDenied", "Anonymous access is not allowed: sign the request (SigV4).");

        string credential, signedHeaders, signature, amzDate, payloadHash;
        if (presigned)
        {
            if (request.Query["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256") return ("AuthorizationQueryParametersError", "X-Amz-Algorithm must be AWS4-HMAC-SHA256.");
            credential = request.Query["X-Amz-Credential"].ToString();
            signedHeaders = request.Query["X-Amz-SignedHeaders"].ToString();
            signature = request.Query["X-Amz-Signature"].ToString();
            amzDate = request.Query["X-Amz-Date"].ToString();
            if (!int.TryParse(request.Query["X-Amz-Expires"], out var expires) || expires is < 1 or > 604800)
                return ("AuthorizationQueryParametersError", "X-Amz-Expires must be between 1 and 604800 seconds.");
            if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
                return ("AuthorizationQueryParametersError", "X-Amz-Date is not an ISO 8601 basic date.");
            if (Clock.GetUtcNow() > signedAt.AddSeconds(expires)) return ("AccessDenied", "Request has expired");
            payloadHash = "UNSIGNED-PAYLOAD";
        }
        else
        {
            const string scheme = "AWS4-HMAC-SHA256 ";
            if (!authorization.StartsWith(scheme, StringComparison.Ordinal)) return ("AccessDenied", "Only AWS4-HMAC-SHA256 signatures are accepted.");
            var parts = authorization[scheme.Length..].Split(',', StringSplitOptions.TrimEntries)
                .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            if (!parts.TryGetValue("Credential", out credential!) || !parts.TryGetValue("SignedHeaders", out signedHeaders!) || !parts.TryGetValue("Signature", out signature!))
                return ("AuthorizationHeaderMalformed", "The authorization header is malformed.");
            amzDate = request.Headers["x-amz-date"].ToString();
            payloadHash = request.Headers["x-amz-content-sha256"].ToString();
            if (payloadHash.StartsWith("STREAMING-", StringComparison.Ordinal)) return ("NotImplemented", "aws-chunked uploads are not served here.");
            if (payloadHash != "UNSIGNED-PAYLOAD" && payloadHash != Convert.ToHexStringLower(SHA256.HashData(body)))
                return ("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request" || scope[3] != "s3") return ("AuthorizationHeaderMalformed", "The credential scope is malformed.");
        if (scope[0] != AccessKeyId) return ("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        if (scope[2] != Region) return ("AuthorizationHeaderMalformed", $"The region '{scope[2]}' is wrong; expecting '{Region}'.");
        if (amzDate.Length < 8 || scope[1] != amzDate[..8]) return ("AuthorizationHeaderMalformed", "The credential date does not match X-Amz-Date.");

        var headerNames = signedHeaders.Split(';');
        if (!headerNames.Contains("host")) return ("AccessDenied", "The host header must be signed.");
        var canonicalHeaders = string.Concat(headerNames.Select(name =>
            name + ":" + string.Join(",", request.Headers[name].Select(v => string.Join(' ', (v ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)))) + "\n"));
        var canonicalQuery = string.Join("&", request.Query
            .Where(q => q.Key != "X-Amz-Signature")
            .SelectMany(q => q.Value.Select(v => (Key: Encode(q.Key), Value: Encode(v ?? ""))))
            .OrderBy(q => q.Key, StringComparer.Ordinal).ThenBy(q => q.Value, StringComparer.Ordinal)
            .Select(q => q.Key + "=" + q.Value));
        var canonicalRequest = string.Join("\n", request.Method, rawPath, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash);
        var stringToSign = string.Join("\n", "AWS4-HMAC-SHA256", amzDate, string.Join('/', scope[1..]),
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Encoding.UTF8.GetBytes("AWS4" + SecretAccessKey);
        foreach (var part in new[] { scope[1], scope[2], scope[3], scope[4] }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()))
            ? null
            : ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }

    /// <summary>SigV4's URI encoding: everything but A-Z a-z 0-9 - _ . ~ as %XX (upper case).</summary>
    static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~') builder.Append(c);
            else builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    static async Task Error(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/xml";
        await http.Response.WriteAsync(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{WebUtility.HtmlEncode(message)}</Message><RequestId>local</RequestId></Error>",
            http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    sealed record StoredObject(byte[] Data, string ContentType, DateTimeOffset LastModified, string ETag);
}

/// <summary>One request the local S3 server received (headers as sent, Authorization included).</summary>
public sealed record RecordedS3Request(string Method, string Target, IReadOnlyDictionary<string, string> Headers, long BodyLength)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
