using System.Text.Json.Nodes;
using Builder.Domain.Access;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Tables.Values;
using Microsoft.EntityFrameworkCore;

namespace Builder.Domain.Tables.Rows;

/// <summary>
/// A file put into one file cell from the console: the caller may change the table's rows (EDIT on it, entities:update) and
/// the row and the file column exist before a byte is stored; the file goes to the blob store under a new key of the table's
/// organization, at most <see cref="MaxBytes"/> (<c>Blobs:MaxUploadBytes</c>), and the cell is written with
/// <see cref="RowService.UpdateAsync"/> (its checks, transaction and audit). A write that fails deletes the stored file again.
/// The file a replaced or cleared cell named stays in the store: another row (or an API client) may name the same key.
/// </summary>
public sealed class RowFileService(IBuilderDbContextFactory dbs, RowService rows, IBlobStore store, FileLinkOptions? options = null)
{
    public long MaxBytes { get; } = options?.MaxUploadBytes ?? BlobSettings.DefaultMaxUploadBytes;

    /// <summary>Stores the file and writes it into the row's file cell; answers the row as it now is.</summary>
    /// <exception cref="ValidationException">Not a file column (<c>column</c>), or the file is empty or too large (<c>file</c>).</exception>
    public async Task<RowView> UploadAsync(Actor actor, int tableId, long rowId, string column, Stream content, string? fileName, string? contentType,
        long? length, CancellationToken ct = default)
    {
        var (organizationId, shape) = await FileColumnAsync(actor, tableId, column, ct);
        await rows.GetAsync(actor, tableId, rowId, ct); // 404 for a row that is not there, before anything is stored
        var name = FileNames.Sanitize(fileName);
        if (length > MaxBytes) throw TooLarge(name, length.Value);
        if (length == 0) throw new ValidationException("file", $"{name} is empty: choose a file with content.");
        var type = FileContentTypes.Normalize(contentType) ?? "application/octet-stream";
        BlobInfo info;
        try
        {
            info = await store.PutAsync(organizationId, content, type, MaxBytes, ct);
        }
        catch (BlobTooLargeException)
        {
            throw TooLarge(name, null);
        }
        var cell = new FileCell(info.Key.ToString(), name, info.Size, info.ContentType);
        try
        {
            return await rows.UpdateAsync(actor, tableId, rowId, new JsonObject { [column] = ColumnValues.ToJson(shape, cell) }, ct);
        }
        catch
        {
            await store.DeleteAsync(info.Key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>"report.pdf is 120 MB; a file may be at most 100 MB."</summary>
    public string TooLargeText(string? fileName, long? size) =>
        $"{FileNames.Sanitize(fileName)} is {(size is { } s ? Bytes(s) : "larger than that")}; a file may be at most {Bytes(MaxBytes)} (Blobs:MaxUploadBytes).";

    public static string Bytes(long size) => size switch
    {
        < 1024 => $"{size} B",
        < 1024 * 1024 => $"{size / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{size / 1024.0 / 1024.0:0.#} MB",
        _ => $"{size / 1024.0 / 1024.0 / 1024.0:0.#} GB",
    };

    private ValidationException TooLarge(string name, long? size) => new("file", TooLargeText(name, size));

    /// <summary>The table's organization and the column's shape, once the caller may write rows and the column is a file column.</summary>
    private async Task<(Guid OrganizationId, ColumnShape Shape)> FileColumnAsync(Actor actor, int tableId, string column, CancellationToken ct)
    {
        await using var db = dbs.Create();
        var id = await db.AutessaTables.Where(t => t.Number == tableId).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct) ?? throw new NotFoundException(TableService.NotFound);
        var schema = await TableService.LoadSchemaAsync(db, actor, id, Permissions.EntitiesUpdate, tracked: false, ct);
        var target = schema.Column(column);
        if (target is null || target.Type != ColumnType.File)
            throw new ValidationException("column", $"“{column}” is not a file column of {schema.Table.Name}.");
        return (schema.Table.OrganizationId, target.Shape);
    }
}
