using System.Text.Json.Nodes;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Values;

namespace Builder.Domain.Tests.Tables.Values;

/// <summary>
/// Every pair of the 12 column types through <see cref="ColumnValues.Convert"/>, with representative and edge values:
/// what converts and to what, and what fails with which reason. The table must cover all 144 pairs.
/// </summary>
public class ConversionTests
{
    private const ColumnType Text = ColumnType.Text, LongText = ColumnType.LongText, Integer = ColumnType.Integer, Decimal = ColumnType.Decimal, Boolean = ColumnType.Boolean, Date = ColumnType.Date, DateTime = ColumnType.DateTime, SingleSelect = ColumnType.SingleSelect, MultiSelect = ColumnType.MultiSelect, Json = ColumnType.Json, File = ColumnType.File, Link = ColumnType.Link;

    private static readonly string[] Options = ["yes", "no", "5", "true", "2024-01-02", "red", "green"];
    private static readonly FileCell File1 = new("f/abc", "report.pdf", 1234, "application/pdf");
    private const string File1Json = """{"key":"f/abc","name":"report.pdf","size":1234,"contentType":"application/pdf"}""";
    private static readonly System.DateTime Midnight = new(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc);
    private static readonly System.DateTime HalfPastTen = new(2024, 1, 2, 10, 30, 0, DateTimeKind.Utc);

    private static ColumnShape Shape(ColumnType type) => new(type, type.HasOptions() ? Options : null);

    public sealed record Case(ColumnType From, object? Value, ColumnType To, bool Ok, object? Expected, string? Reason = null)
    {
        public override string ToString() => $"{From} {Show(Value)} → {To}";

        private static string Show(object? v) => v switch
        {
            null => "null",
            string s => "\"" + (s.Length > 20 ? s[..20] + "…" : s) + "\"",
            IReadOnlyList<string> l => "[" + string.Join(",", l) + "]",
            JsonNode n => n.ToJsonString(),
            _ => v.ToString() ?? "",
        };
    }

    private static Case Ok(ColumnType from, object? value, ColumnType to, object? expected) => new(from, value, to, true, expected);
    private static Case Fails(ColumnType from, object? value, ColumnType to, string reason) => new(from, value, to, false, null, reason);
    private static JsonNode J(string json) => JsonNode.Parse(json)!;
    private static string[] L(params string[] values) => values;

    public static IReadOnlyList<Case> Cases { get; } =
    [
        // ---- from text ----
        Ok(Text, "hello", Text, "hello"),
        Ok(Text, "", Text, ""),
        Ok(Text, "hello", LongText, "hello"),
        Ok(Text, "42", Integer, 42L),
        Ok(Text, " -42 ", Integer, -42L),
        Ok(Text, "", Integer, null),
        Fails(Text, "abc", Integer, "“abc” is not a whole number"),
        Fails(Text, "3.0", Integer, "“3.0” is not a whole number (remove the decimal point)"),
        Fails(Text, "1,000", Integer, "without thousands separators"),
        Fails(Text, "99999999999999999999", Integer, "too large for a whole number"),
        Ok(Text, "3.25", Decimal, 3.25m),
        Fails(Text, "3,25", Decimal, "use a dot as the decimal separator"),
        Ok(Text, "yes", Boolean, true),
        Ok(Text, "0", Boolean, false),
        Fails(Text, "maybe", Boolean, "“maybe” is not a yes/no value"),
        Ok(Text, "2024-01-02", Date, new DateOnly(2024, 1, 2)),
        Fails(Text, "01/02/2024", Date, "is not a date (write it yyyy-mm-dd"),
        Fails(Text, "2024-02-30", Date, "“2024-02-30” is not a valid date"),
        Ok(Text, "2024-01-02T12:30:00+02:00", DateTime, HalfPastTen),
        Fails(Text, "2024-01-02 10:30", DateTime, "has no time zone"),
        Ok(Text, "yes", SingleSelect, "yes"),
        Ok(Text, "YES", SingleSelect, "yes"),
        Fails(Text, "maybe", SingleSelect, "“maybe” is not one of the options (yes, no, 5, true, 2024-01-02, red, green)"),
        Ok(Text, "red, green", MultiSelect, L("red", "green")),
        Fails(Text, "red, blue", MultiSelect, "“blue” is not one of the options"),
        Ok(Text, """{"a": 1}""", Json, J("""{"a":1}""")),
        Fails(Text, "abc", Json, "“abc” is not valid JSON (a text in JSON is written in double quotes)"),
        Ok(Text, File1Json, File, File1),
        Fails(Text, "report.pdf", File, "is not a file"),
        Ok(Text, "7", Link, 7L),
        Fails(Text, "0", Link, "“0” is not a row id"),

        // ---- from long text ----
        Fails(LongText, new string('x', 600), Text, "The text is 600 characters long; a text holds at most 500"),
        Ok(LongText, new string('x', 500), Text, new string('x', 500)),
        Ok(LongText, "line 1\nline 2", LongText, "line 1\nline 2"),
        Ok(LongText, "12", Integer, 12L),
        Ok(LongText, "1e3", Decimal, 1000m),
        Ok(LongText, "N", Boolean, false),
        Ok(LongText, "2024-01-02", Date, new DateOnly(2024, 1, 2)),
        Ok(LongText, "2024-01-02", DateTime, Midnight),
        Ok(LongText, "no", SingleSelect, "no"),
        Ok(LongText, """["yes","no"]""", MultiSelect, L("yes", "no")),
        Fails(LongText, "yes, yes", MultiSelect, "“yes” is chosen twice"),
        Ok(LongText, "[1, 2]", Json, J("[1,2]")),
        Fails(LongText, "{}", File, "is not a file"),
        Ok(LongText, "9", Link, 9L),

        // ---- from integer ----
        Ok(Integer, 42L, Text, "42"),
        Ok(Integer, -42L, LongText, "-42"),
        Ok(Integer, 42L, Integer, 42L),
        Ok(Integer, 42L, Decimal, 42m),
        Ok(Integer, 123456789012345L, Decimal, 123456789012345m),
        Fails(Integer, 1234567890123456789L, Decimal, "has more than 15 significant digits"),
        Ok(Integer, 1L, Boolean, true),
        Ok(Integer, 0L, Boolean, false),
        Fails(Integer, 5L, Boolean, "“5” is not 0 or 1"),
        Fails(Integer, 42L, Date, "Integer can't be converted to Date"),
        Fails(Integer, 42L, DateTime, "Integer can't be converted to Date and time"),
        Ok(Integer, 5L, SingleSelect, "5"),
        Fails(Integer, 6L, SingleSelect, "“6” is not one of the options"),
        Ok(Integer, 5L, MultiSelect, L("5")),
        Ok(Integer, 42L, Json, J("42")),
        Fails(Integer, 42L, File, "Integer can't be converted to File"),
        Ok(Integer, 42L, Link, 42L),
        Fails(Integer, -1L, Link, "“-1” is not a row id"),

        // ---- from decimal ----
        Ok(Decimal, 3.5m, Text, "3.5"),
        Ok(Decimal, 3.50m, LongText, "3.5"),
        Ok(Decimal, 4.0m, Integer, 4L),
        Fails(Decimal, 3.5m, Integer, "“3.5” is not a whole number"),
        Ok(Decimal, 3.5m, Decimal, 3.5m),
        Ok(Decimal, 1.0m, Boolean, true),
        Fails(Decimal, 0.5m, Boolean, "“0.5” is not 0 or 1"),
        Fails(Decimal, 3.5m, Date, "Decimal can't be converted to Date"),
        Fails(Decimal, 3.5m, DateTime, "Decimal can't be converted to Date and time"),
        Ok(Decimal, 5.0m, SingleSelect, "5"),
        Ok(Decimal, 5m, MultiSelect, L("5")),
        Ok(Decimal, 3.5m, Json, J("3.5")),
        Fails(Decimal, 3.5m, File, "Decimal can't be converted to File"),
        Ok(Decimal, 7m, Link, 7L),
        Fails(Decimal, 2.5m, Link, "“2.5” is not a whole number"),

        // ---- from boolean ----
        Ok(ColumnType.Boolean, true, Text, "true"),
        Ok(ColumnType.Boolean, false, LongText, "false"),
        Ok(ColumnType.Boolean, true, Integer, 1L),
        Ok(ColumnType.Boolean, false, Integer, 0L),
        Ok(ColumnType.Boolean, true, Decimal, 1m),
        Ok(ColumnType.Boolean, false, ColumnType.Boolean, false),
        Fails(ColumnType.Boolean, true, Date, "Boolean can't be converted to Date"),
        Fails(ColumnType.Boolean, true, DateTime, "Boolean can't be converted to Date and time"),
        Ok(ColumnType.Boolean, true, SingleSelect, "true"),
        Fails(ColumnType.Boolean, false, SingleSelect, "“false” is not one of the options"),
        Ok(ColumnType.Boolean, true, MultiSelect, L("true")),
        Ok(ColumnType.Boolean, true, Json, J("true")),
        Fails(ColumnType.Boolean, true, File, "Boolean can't be converted to File"),
        Fails(ColumnType.Boolean, true, Link, "Boolean can't be converted to Link to a row"),

        // ---- from date ----
        Ok(Date, new DateOnly(2024, 1, 2), Text, "2024-01-02"),
        Ok(Date, new DateOnly(2024, 1, 2), LongText, "2024-01-02"),
        Fails(Date, new DateOnly(2024, 1, 2), Integer, "Date can't be converted to Integer"),
        Fails(Date, new DateOnly(2024, 1, 2), Decimal, "Date can't be converted to Decimal"),
        Fails(Date, new DateOnly(2024, 1, 2), ColumnType.Boolean, "Date can't be converted to Boolean"),
        Ok(Date, new DateOnly(2024, 1, 2), Date, new DateOnly(2024, 1, 2)),
        Ok(Date, new DateOnly(2024, 1, 2), DateTime, Midnight),
        Ok(Date, new DateOnly(2024, 1, 2), SingleSelect, "2024-01-02"),
        Fails(Date, new DateOnly(2024, 1, 3), SingleSelect, "“2024-01-03” is not one of the options"),
        Ok(Date, new DateOnly(2024, 1, 2), MultiSelect, L("2024-01-02")),
        Ok(Date, new DateOnly(2024, 1, 2), Json, J("\"2024-01-02\"")),
        Fails(Date, new DateOnly(2024, 1, 2), File, "Date can't be converted to File"),
        Fails(Date, new DateOnly(2024, 1, 2), Link, "Date can't be converted to Link to a row"),

        // ---- from date and time ----
        Ok(DateTime, HalfPastTen, Text, "2024-01-02T10:30:00Z"),
        Ok(DateTime, HalfPastTen.AddTicks(2_500_000), LongText, "2024-01-02T10:30:00.25Z"),
        Fails(DateTime, HalfPastTen, Integer, "Date and time can't be converted to Integer"),
        Fails(DateTime, HalfPastTen, Decimal, "Date and time can't be converted to Decimal"),
        Fails(DateTime, HalfPastTen, ColumnType.Boolean, "Date and time can't be converted to Boolean"),
        Ok(DateTime, Midnight, Date, new DateOnly(2024, 1, 2)),
        Fails(DateTime, HalfPastTen, Date, "“2024-01-02T10:30:00Z” has a time of day (10:30:00 UTC); only a value at midnight UTC converts to a date"),
        Ok(DateTime, HalfPastTen, DateTime, HalfPastTen),
        Ok(DateTime, Midnight, SingleSelect, null) with { Ok = false, Reason = "“2024-01-02T00:00:00Z” is not one of the options" },
        Fails(DateTime, HalfPastTen, MultiSelect, "“2024-01-02T10:30:00Z” is not one of the options"),
        Ok(DateTime, HalfPastTen, Json, J("\"2024-01-02T10:30:00Z\"")),
        Fails(DateTime, HalfPastTen, File, "Date and time can't be converted to File"),
        Fails(DateTime, HalfPastTen, Link, "Date and time can't be converted to Link to a row"),

        // ---- from single select ----
        Ok(SingleSelect, "yes", Text, "yes"),
        Ok(SingleSelect, "yes", LongText, "yes"),
        Ok(SingleSelect, "5", Integer, 5L),
        Fails(SingleSelect, "yes", Integer, "“yes” is not a whole number"),
        Ok(SingleSelect, "5", Decimal, 5m),
        Ok(SingleSelect, "yes", ColumnType.Boolean, true),
        Ok(SingleSelect, "2024-01-02", Date, new DateOnly(2024, 1, 2)),
        Ok(SingleSelect, "2024-01-02", DateTime, Midnight),
        Ok(SingleSelect, "red", SingleSelect, "red"),
        Ok(SingleSelect, "red", MultiSelect, L("red")),
        Ok(SingleSelect, "yes", Json, J("\"yes\"")),
        Fails(SingleSelect, "yes", File, "Single select can't be converted to File"),
        Ok(SingleSelect, "5", Link, 5L),

        // ---- from multiple select ----
        Ok(MultiSelect, L("yes", "no"), Text, "yes, no"),
        Ok(MultiSelect, L("yes", "no"), LongText, "yes, no"),
        Ok(MultiSelect, L("5"), Integer, 5L),
        Fails(MultiSelect, L("5", "yes"), Integer, "“5, yes” holds 2 options; an integer holds one value"),
        Ok(MultiSelect, L("5"), Decimal, 5m),
        Ok(MultiSelect, L("yes"), ColumnType.Boolean, true),
        Ok(MultiSelect, L("2024-01-02"), Date, new DateOnly(2024, 1, 2)),
        Ok(MultiSelect, L("2024-01-02"), DateTime, Midnight),
        Ok(MultiSelect, L("red"), SingleSelect, "red"),
        Ok(MultiSelect, L(), SingleSelect, null),
        Fails(MultiSelect, L("red", "green"), SingleSelect, "“red, green” holds 2 options; a single select holds one value"),
        Ok(MultiSelect, L("red", "green"), MultiSelect, L("red", "green")),
        Ok(MultiSelect, L("red", "green"), Json, J("""["red","green"]""")),
        Fails(MultiSelect, L("red"), File, "Multiple select can't be converted to File"),
        Ok(MultiSelect, L("5"), Link, 5L),

        // ---- from JSON ----
        Ok(Json, J("""{"a": [1, "é"]}"""), Text, """{"a":[1,"é"]}"""),
        Fails(Json, J("[\"" + new string('x', 600) + "\"]"), Text, "a text holds at most 500"),
        Ok(Json, J("""{"a":1}"""), LongText, """{"a":1}"""),
        Ok(Json, J("42"), Integer, 42L),
        Ok(Json, J("\"42\""), Integer, 42L),
        Ok(Json, J("4.0"), Integer, 4L),
        Fails(Json, J("""{"a":1}"""), Integer, "A JSON object can't be converted to Integer"),
        Ok(Json, J("2.5"), Decimal, 2.5m),
        Ok(Json, J("true"), ColumnType.Boolean, true),
        Fails(Json, J("[true]"), ColumnType.Boolean, "A JSON array can't be converted to Boolean"),
        Ok(Json, J("\"2024-01-02\""), Date, new DateOnly(2024, 1, 2)),
        Fails(Json, J("20240102"), Date, "A number can't be converted to Date"),
        Ok(Json, J("\"2024-01-02T10:30:00Z\""), DateTime, HalfPastTen),
        Ok(Json, J("\"yes\""), SingleSelect, "yes"),
        Ok(Json, J("5"), SingleSelect, "5"),
        Ok(Json, J("""["yes","no"]"""), MultiSelect, L("yes", "no")),
        Fails(Json, J("""["yes",1]"""), MultiSelect, "found a number in it"),
        Ok(Json, J("""{"a":1}"""), Json, J("""{"a":1}""")),
        Ok(Json, J(File1Json), File, File1),
        Fails(Json, J("""{"a":1}"""), File, "is not a file"),
        Ok(Json, J("7"), Link, 7L),

        // ---- from file ----
        Ok(File, File1, Text, File1Json),
        Ok(File, File1, LongText, File1Json),
        Fails(File, File1, Integer, "A file converts only to JSON or text, not to Integer"),
        Fails(File, File1, Decimal, "A file converts only to JSON or text"),
        Fails(File, File1, ColumnType.Boolean, "A file converts only to JSON or text"),
        Fails(File, File1, Date, "A file converts only to JSON or text"),
        Fails(File, File1, DateTime, "A file converts only to JSON or text"),
        Fails(File, File1, SingleSelect, "A file converts only to JSON or text"),
        Fails(File, File1, MultiSelect, "A file converts only to JSON or text"),
        Ok(File, File1, Json, J(File1Json)),
        Ok(File, File1, File, File1),
        Fails(File, File1, Link, "A file converts only to JSON or text"),

        // ---- from link ----
        Ok(Link, 7L, Text, "7"),
        Ok(Link, 7L, LongText, "7"),
        Ok(Link, 7L, Integer, 7L),
        Ok(Link, 7L, Decimal, 7m),
        Fails(Link, 1L, ColumnType.Boolean, "Link to a row can't be converted to Boolean"),
        Fails(Link, 7L, Date, "Link to a row can't be converted to Date"),
        Fails(Link, 7L, DateTime, "Link to a row can't be converted to Date and time"),
        Ok(Link, 5L, SingleSelect, "5"),
        Ok(Link, 5L, MultiSelect, L("5")),
        Ok(Link, 7L, Json, J("7")),
        Fails(Link, 7L, File, "Link to a row can't be converted to File"),
        Ok(Link, 7L, Link, 7L),
    ];

    public static TheoryData<Case> All() => new(Cases);

    [Theory]
    [MemberData(nameof(All))]
    public void Converts_or_fails_with_the_reason(Case c) => Check(c);

    private static void Check(Case c)
    {
        var result = ColumnValues.Convert(c.Value, Shape(c.From), Shape(c.To));
        if (c.Ok) ValueAssert.Valid(c.Expected, result);
        else ValueAssert.Invalid(c.Reason!, result);
    }

    [Fact]
    public void The_table_covers_every_pair_of_the_12_types_with_a_value()
    {
        var covered = Cases.Where(c => c.Value is not null).Select(c => (c.From, c.To)).ToHashSet();
        var missing = from f in ColumnTypes.All from t in ColumnTypes.All where !covered.Contains((f, t)) select $"{f}→{t}";
        Assert.Empty(missing);
        Assert.Equal(144, ColumnTypes.All.Count * ColumnTypes.All.Count);
    }

    [Fact]
    public void Null_converts_to_null_for_every_pair()
    {
        foreach (var from in ColumnTypes.All)
            foreach (var to in ColumnTypes.All)
                ValueAssert.Valid(null, ColumnValues.Convert(null, Shape(from), Shape(to)));
    }

    [Fact]
    public void Every_value_that_converts_is_valid_for_its_new_column()
    {
        // What Convert returns must be a value FromText accepts back unchanged in the target column.
        // (An empty text is the one exception: it writes and reads back as an empty cell.)
        foreach (var c in Cases.Where(c => c.Ok && c.Expected is not (null or "")))
        {
            var to = Shape(c.To);
            var value = ColumnValues.Convert(c.Value, Shape(c.From), to).Value;
            ValueAssert.Valid(value, ColumnValues.FromText(to, ColumnValues.ToText(to, value)));
        }
    }

    [Fact]
    public void A_select_keeps_a_value_only_when_the_new_options_hold_it()
    {
        var before = new ColumnShape(SingleSelect, ["yes", "no"]);
        var after = new ColumnShape(SingleSelect, ["Yes", "No", "Maybe"]);
        ValueAssert.Valid("Yes", ColumnValues.Convert("yes", before, after));
        ValueAssert.Invalid("“no” is not one of the options (yes)", ColumnValues.Convert("no", before, new ColumnShape(SingleSelect, ["yes"])));
        ValueAssert.Invalid("“no” is not one of the options (yes)",
            ColumnValues.Convert(new[] { "yes", "no" }, new ColumnShape(MultiSelect, ["yes", "no"]), new ColumnShape(MultiSelect, ["yes"])));
    }

    [Fact]
    public void Conversions_do_not_depend_on_the_culture()
    {
        foreach (var culture in new[] { "de-DE", "tr-TR", "ar-SA" })
            ValueAssert.UnderCulture(culture, () =>
            {
                foreach (var c in Cases) Check(c);
            });
    }
}
