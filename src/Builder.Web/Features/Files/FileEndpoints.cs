using Builder.Domain.Files;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Web.Api;
using Builder.Web.Api.Poweruser.AutessaDb;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Builder.Web.Features.Files;

/// <summary>
/// The Builder's own upload and download links (the file-system store; with S3 clients go to the bucket and only
/// complete here). The token in the path is the whole authority: no session or key is needed or looked at.
/// <list type="bullet">
/// <item><c>PUT /files/upload/{token}?name=report.pdf</c> with the file as the body and its Content-Type, or
/// <c>POST</c> the same path with <c>multipart/form-data</c> (the first file part): 201 with the file cell
/// <c>{ key, name, size, contentType }</c>. 403 an altered link, 410 one past its time, 409 one already used,
/// 413 more bytes than it allows (stopped mid-stream, nothing kept), 415 a content type it does not allow.</item>
/// <item><c>POST /files/upload/{token}/complete?name=</c>: after a PUT straight to S3, checks the object and answers the file cell.</item>
/// <item><c>GET /files/download/{token}</c>: the file as an attachment, with a content type that a browser never renders as a page.</item>
/// </list>
/// </summary>
public static class FileEndpoints
{
    /// <summary>What a multipart body may carry besides the file (boundaries, part headers).</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/files").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        files.MapMethods("/upload/{token}", [HttpMethods.Put, HttpMethods.Post], UploadAsync);
        files.MapPost("/upload/{token}/complete", CompleteAsync);
        files.MapGet("/download/{token}", DownloadAsync);
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext http, string token, FileLinkService links)
    {
        try
        {
            var grant = links.ReadUploadToken(token);
            var request = http.Request;
            var multipart = HttpMethods.IsPost(request.Method) && request.HasFormContentType
                            && MediaTypeHeaderValue.TryParse(request.ContentType, out var media) && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                limit.MaxRequestBodySize = grant.MaxBytes + (multipart ? MultipartOverhead : 0);
            if (!multipart)
            {
                var cell = await links.AcceptUploadAsync(grant, request.Body, request.ContentType, request.ContentLength, request.Query["name"], http.RequestAborted);
                return await StoredAsync(http, grant, cell);
            }

            var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
            if (string.IsNullOrEmpty(boundary)) return Error(StatusCodes.Status400BadRequest, "Bad request", "The multipart body has no boundary.");
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(http.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
                var name = request.Query["name"].FirstOrDefault() ?? HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                var cell = await links.AcceptUploadAsync(grant, section.Body, section.ContentType, null, name, http.RequestAborted);
                return await StoredAsync(http, grant, cell);
            }
            return Error(StatusCodes.Status400BadRequest, "Bad request", "The form has no file: send one part with a filename.");
        }
        catch (UploadRefusedException e)
        {
            return Refused(e);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "File too large", "The file is larger than this link allows.");
        }
        catch (InvalidDataException e)
        {
            return Error(StatusCodes.Status400BadRequest, "Bad request", "The multipart body could not be read: " + e.Message);
        }
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, string token, FileLinkService links)
    {
        try
        {
            var grant = links.ReadUploadToken(token);
            var cell = await links.CompleteDirectUploadAsync(grant, http.Request.Query["name"], http.RequestAborted);
            return await StoredAsync(http, grant, cell);
        }
        catch (UploadRefusedException e)
        {
            return Refused(e);
        }
    }

    private static async Task DownloadAsync(HttpContext http, string token, FileLinkService links)
    {
        var download = await links.OpenDownloadAsync(token, http.RequestAborted);
        if (download is null)
        {
            await Error(StatusCodes.Status404NotFound, "Not found", "This download link is not valid, expired, or its file was deleted. Ask for a new one.").ExecuteAsync(http);
            return;
        }
        await using (download.Content)
        {
            var response = http.Response;
            response.ContentType = download.ContentType;
            response.ContentLength = download.Content.Info.Size;
            response.Headers.ContentDisposition = FileDownloads.AttachmentHeader(download.FileName);
            response.Headers.CacheControl = "private, no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            await download.Content.Content.CopyToAsync(response.Body, http.RequestAborted);
        }
    }

    /// <summary>
    /// The answer to a stored upload: the file cell, or, for a knowledge-base link, the cell with the row it inserted and the
    /// indexing job it queued (<see cref="AutessaDbKnowledgeIngestion"/>); a refusal there (access gone, table gone) deletes the file.
    /// </summary>
    private static async Task<IResult> StoredAsync(HttpContext http, UploadGrant grant, FileCell cell)
    {
        if (!AutessaDbKnowledgeIngestion.Ingests(grant)) return Results.Json(cell, statusCode: StatusCodes.Status201Created);
        try
        {
            var ingested = await AutessaDbKnowledgeIngestion.IngestAsync(http.RequestServices, grant, cell, http.RequestAborted);
            return Results.Json(ingested, statusCode: StatusCodes.Status201Created);
        }
        catch (NotFoundException e)
        {
            return Error(StatusCodes.Status404NotFound, "Not found", e.Message + ". The file was not kept.");
        }
        catch (ForbiddenException e)
        {
            return Error(StatusCodes.Status403Forbidden, "Forbidden", e.Message + " The file was not kept.");
        }
        catch (ValidationException e)
        {
            return Error(StatusCodes.Status400BadRequest, "Bad request", string.Join(" ", e.Errors.SelectMany(p => p.Value)) + " The file was not kept.");
        }
        catch (DomainException e)
        {
            return Error(StatusCodes.Status400BadRequest, "Bad request", e.Message + " The file was not kept.");
        }
    }

    private static IResult Refused(UploadRefusedException e) => e.Reason switch
    {
        UploadRefusal.InvalidLink => Error(StatusCodes.Status403Forbidden, "Invalid upload link", e.Message),
        UploadRefusal.Expired => Error(StatusCodes.Status410Gone, "Upload link expired", e.Message),
        UploadRefusal.AlreadyUsed => Error(StatusCodes.Status409Conflict, "Upload link already used", e.Message),
        UploadRefusal.TooLarge => Error(StatusCodes.Status413PayloadTooLarge, "File too large", e.Message),
        UploadRefusal.ContentTypeNotAllowed => Error(StatusCodes.Status415UnsupportedMediaType, "Content type not allowed", e.Message),
        _ => Error(StatusCodes.Status409Conflict, "Nothing uploaded", e.Message),
    };

    private static IResult Error(int status, string error, string details) => Results.Json(new ErrorResponse(error, details), statusCode: status);
}
