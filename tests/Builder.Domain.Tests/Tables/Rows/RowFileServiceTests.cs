using System.Text;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Files;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Rows;
using Microsoft.Extensions.DependencyInjection;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>
/// A file put into a file cell from the grid: stored under a key of the table's organization and written into the cell;
/// refused before a byte is stored for who may not write, another organization, a column that is not a file column, a row
/// that is not there and a file over the limit (saying the sizes); a failed write leaves no file behind.
/// </summary>
public sealed class RowFileServiceTests : TableTestContext, IDisposable
{
    private const long Limit = 64;
    private readonly string _blobs = Path.Combine(Path.GetTempPath(), "row-files-" + Guid.NewGuid().ToString("N"));

    protected override void Configure(IServiceCollection services)
    {
        services.AddSingleton<IBlobStore>(new FileSystemBlobStore(_blobs));
        services.AddSingleton(new FileLinkOptions { MaxUploadBytes = Limit });
    }

    public void Dispose()
    {
        if (Directory.Exists(_blobs)) Directory.Delete(_blobs, recursive: true);
    }

    private RowFileService Files => Get<RowFileService>();

    private async Task<(TableView Table, long RowId)> ArrangeAsync()
    {
        var table = await CreateAsync("contracts", Column("title"), Column("scan", "file"));
        var row = await Get<RowService>().InsertAsync(Admin, table.TableId, new JsonObject { ["title"] = "Lease" });
        return (table, row.RowId);
    }

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private int StoredFiles() => Directory.Exists(_blobs) ? Directory.GetFiles(_blobs, "*", SearchOption.AllDirectories).Length : 0;

    [Fact]
    public async Task A_file_is_stored_for_the_organization_and_written_into_the_cell()
    {
        var (table, rowId) = await ArrangeAsync();

        var row = await Files.UploadAsync(Admin, table.TableId, rowId, "scan", Bytes("hello"), "lease.txt", "text/plain", 5);

        var cell = row.Data["scan"]!.AsObject();
        Assert.Equal(("lease.txt", 5L, "text/plain"), (cell["name"]!.GetValue<string>(), cell["size"]!.GetValue<long>(), cell["contentType"]!.GetValue<string>()));
        Assert.True(BlobKey.BelongsTo(cell["key"]!.GetValue<string>(), Acme));
        Assert.True(BlobKey.TryParse(cell["key"]!.GetValue<string>(), out var key));
        await using var stored = await Get<IBlobStore>().OpenReadAsync(key);
        Assert.Equal("hello", await new StreamReader(stored!.Content).ReadToEndAsync());
        Assert.Equal("Lease", row.Data["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_saying_both_sizes_and_nothing_is_kept()
    {
        var (table, rowId) = await ArrangeAsync();

        var announced = await Assert.ThrowsAsync<ValidationException>(() =>
            Files.UploadAsync(Admin, table.TableId, rowId, "scan", Bytes(new string('x', 100)), "big.pdf", "application/pdf", 2 * 1024 * 1024));
        Assert.Equal("big.pdf is 2 MB; a file may be at most 64 B (Blobs:MaxUploadBytes).", announced.Errors["file"][0]);
        // A length not told (or told wrong) is counted while it streams.
        var streamed = await Assert.ThrowsAsync<ValidationException>(() =>
            Files.UploadAsync(Admin, table.TableId, rowId, "scan", Bytes(new string('x', 100)), "big.pdf", "application/pdf", null));
        Assert.Contains("a file may be at most 64 B", streamed.Errors["file"][0]);

        Assert.Equal(0, StoredFiles());
        Assert.Null((await Get<RowService>().GetAsync(Admin, table.TableId, rowId)).Data["scan"]);
    }

    [Fact]
    public async Task Who_may_not_write_another_organization_a_wrong_column_or_row_store_nothing()
    {
        var (table, rowId) = await ArrangeAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Files.UploadAsync(Guest, table.TableId, rowId, "scan", Bytes("x"), "a.txt", "text/plain", 1));
        await Assert.ThrowsAsync<ForbiddenException>(() => Files.UploadAsync(Builder, table.TableId, rowId, "scan", Bytes("x"), "a.txt", "text/plain", 1));
        await Assert.ThrowsAsync<NotFoundException>(() => Files.UploadAsync(GlobexAdmin, table.TableId, rowId, "scan", Bytes("x"), "a.txt", "text/plain", 1));
        var column = await Assert.ThrowsAsync<ValidationException>(() => Files.UploadAsync(Admin, table.TableId, rowId, "title", Bytes("x"), "a.txt", "text/plain", 1));
        Assert.Contains("not a file column", column.Errors["column"][0]);
        await Assert.ThrowsAsync<NotFoundException>(() => Files.UploadAsync(Admin, table.TableId, rowId + 100, "scan", Bytes("x"), "a.txt", "text/plain", 1));

        Assert.Equal(0, StoredFiles());
    }

    [Fact]
    public async Task A_replaced_file_gets_a_new_key_and_the_cell_names_it()
    {
        var (table, rowId) = await ArrangeAsync();

        var first = await Files.UploadAsync(Admin, table.TableId, rowId, "scan", Bytes("one"), "one.txt", "text/plain", 3);
        var second = await Files.UploadAsync(System, table.TableId, rowId, "scan", Bytes("second"), "two.txt", null, null);

        Assert.NotEqual(first.Data["scan"]!["key"]!.GetValue<string>(), second.Data["scan"]!["key"]!.GetValue<string>());
        Assert.Equal(("two.txt", "application/octet-stream"), (second.Data["scan"]!["name"]!.GetValue<string>(), second.Data["scan"]!["contentType"]!.GetValue<string>()));
    }
}
