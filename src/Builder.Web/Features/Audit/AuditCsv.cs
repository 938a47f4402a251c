using System.Globalization;
using System.Text;
using Builder.Domain.Audit;

namespace Builder.Web.Features.Audit;

/// <summary>
/// The audit export as CSV (RFC 4180): a header row, then one row per record, written as the rows arrive. A cell that a
/// spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is prefixed with an apostrophe.
/// </summary>
public static class AuditCsv
{
    public static readonly string[] Header =
        ["When (UTC)", "Actor", "Via API key", "Action", "Resource type", "Resource", "Resource id", "Environment", "Environment id", "Changed fields"];

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<AuditView> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        writer.NewLine = "\r\n";
        await writer.WriteLineAsync(Line(Header));
        await foreach (var row in rows.WithCancellation(ct))
            await writer.WriteLineAsync(Line(Cells(row)));
        await writer.FlushAsync(ct);
    }

    public static string[] Cells(AuditView a) =>
    [
        DateTime.SpecifyKind(a.At, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        a.ActorEmail,
        a.ViaApiKey ? "yes" : "no",
        a.Summary,
        a.ResourceTypeName,
        a.ResourceLabel,
        a.ResourceId.ToString(),
        a.EnvironmentName ?? "",
        a.EnvironmentId?.ToString() ?? "",
        string.Join(", ", a.ChangedFields),
    ];

    public static string Line(IEnumerable<string> cells) => string.Join(",", cells.Select(Cell));

    /// <summary>One cell: formula starters defused with a leading apostrophe, then quoted when it holds a quote, comma or line break.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny("\",\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
