using System.Text.Json.Nodes;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Values;

namespace Builder.Domain.Tests.Tables.Values;

/// <summary>FromJson (strict API input), FromText (lenient CSV and grid input), the round trips and the limits.</summary>
public class ColumnValuesTests
{
    private static ColumnShape S(ColumnType type, params string[] options) => new(type, options.Length == 0 ? null : options);
    private static readonly ColumnShape YesNo = S(ColumnType.SingleSelect, "yes", "no");
    private static readonly ColumnShape Colors = S(ColumnType.MultiSelect, "red", "green", "blue, dark", "[x]");
    private static CellResult Json(ColumnShape shape, string json) => ColumnValues.FromJson(shape, JsonNode.Parse(json));

    // ---------------- FromJson ----------------

    [Fact]
    public void FromJson_takes_whole_numbers_as_JSON_integers_or_strings_holding_one()
    {
        var integer = S(ColumnType.Integer);
        ValueAssert.Valid(42L, Json(integer, "42"));
        ValueAssert.Valid(42L, Json(integer, "\"42\""));
        ValueAssert.Valid(-9223372036854775808L, Json(integer, "-9223372036854775808"));
        ValueAssert.Valid(null, Json(integer, "null"));
        ValueAssert.Valid(null, ColumnValues.FromJson(integer, null));
        ValueAssert.Invalid("“12.5” is not a whole number", Json(integer, "12.5"));
        ValueAssert.Invalid("“9223372036854775808” is too large for a whole number", Json(integer, "9223372036854775808"));
        ValueAssert.Invalid("“abc” is not a whole number", Json(integer, "\"abc\""));
        ValueAssert.Invalid("Expected a whole number, got true/false", Json(integer, "true"));
        ValueAssert.Invalid("Expected a whole number, got a JSON array", Json(integer, "[1]"));
    }

    [Fact]
    public void FromJson_is_strict_about_the_JSON_kind()
    {
        ValueAssert.Invalid("Expected a text (a JSON string), got a number", Json(S(ColumnType.Text), "12"));
        ValueAssert.Invalid("Expected true or false, got the text “true”", Json(S(ColumnType.Boolean), "\"true\""));
        ValueAssert.Invalid("Expected a date (a string yyyy-mm-dd), got a number", Json(S(ColumnType.Date), "20240102"));
        ValueAssert.Invalid("“2024-01-02T00:00:00Z” has a time; a date is written yyyy-mm-dd", Json(S(ColumnType.Date), "\"2024-01-02T00:00:00Z\""));
        ValueAssert.Invalid("“2024-01-02T10:00:00” has no time zone", Json(S(ColumnType.DateTime), "\"2024-01-02T10:00:00\""));
        ValueAssert.Invalid("is not a date and time", Json(S(ColumnType.DateTime), "\"2024-01-02\""));
        ValueAssert.Invalid("“Yes” is not one of the options (yes, no)", Json(YesNo, "\"Yes\""));
        ValueAssert.Invalid("Expected a JSON array of options, got the text “red”", Json(Colors, "\"red\""));
        ValueAssert.Invalid("“red” is chosen twice", Json(Colors, """["red","red"]"""));
        ValueAssert.Invalid("“0” is not a row id (a positive whole number)", Json(S(ColumnType.Link), "0"));
        ValueAssert.Invalid("is not a file", Json(S(ColumnType.File), """{"name":"a.txt"}"""));
    }

    [Fact]
    public void FromJson_reads_each_type()
    {
        ValueAssert.Valid("héllo", Json(S(ColumnType.Text), "\"héllo\""));
        ValueAssert.Valid(0.1m, Json(S(ColumnType.Decimal), "0.1"));
        ValueAssert.Valid(1.5m, Json(S(ColumnType.Decimal), "\"1.50\""));
        ValueAssert.Valid(true, Json(S(ColumnType.Boolean), "true"));
        ValueAssert.Valid(new DateOnly(2024, 2, 29), Json(S(ColumnType.Date), "\"2024-02-29\""));
        ValueAssert.Valid(new DateTime(2024, 1, 1, 22, 0, 0, DateTimeKind.Utc), Json(S(ColumnType.DateTime), "\"2024-01-02T00:00:00+02:00\""));
        ValueAssert.Valid(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567), Json(S(ColumnType.DateTime), "\"2024-01-02T03:04:05.1234567Z\""));
        ValueAssert.Valid(new[] { "green", "red" }, Json(Colors, """["green","red"]"""));
        ValueAssert.Valid(null, Json(Colors, "[]"));
        ValueAssert.Valid(JsonNode.Parse("""{"a":[1,null,"x"]}"""), Json(S(ColumnType.Json), """{"a":[1,null,"x"]}"""));
        ValueAssert.Valid(new FileCell("k", "a.txt", 3, "application/octet-stream"), Json(S(ColumnType.File), """{"key":"k","name":"a.txt","size":3}"""));
        ValueAssert.Valid(12L, Json(S(ColumnType.Link), "\"12\""));
    }

    // ---------------- FromText ----------------

    [Theory]
    [InlineData("true", true)] [InlineData("TRUE", true)] [InlineData("Yes", true)] [InlineData("y", true)] [InlineData("1", true)]
    [InlineData("false", false)] [InlineData("No", false)] [InlineData("N", false)] [InlineData("0", false)] [InlineData(" no ", false)]
    public void FromText_reads_booleans(string text, bool expected) =>
        ValueAssert.Valid(expected, ColumnValues.FromText(S(ColumnType.Boolean), text));

    [Theory]
    [InlineData("+5", 5L)] [InlineData("-5", -5L)] [InlineData(" 007 ", 7L)] [InlineData("9223372036854775807", long.MaxValue)]
    public void FromText_reads_whole_numbers(string text, long expected) =>
        ValueAssert.Valid(expected, ColumnValues.FromText(S(ColumnType.Integer), text));

    [Theory]
    [InlineData("1,000", "“1,000” is not a whole number (write it without thousands separators)")]
    [InlineData("1 000", "“1 000” is not a whole number (write it without thousands separators)")]
    [InlineData("1.000", "“1.000” is not a whole number (remove the decimal point)")]
    [InlineData("1e3", "“1e3” is not a whole number")]
    [InlineData("0x10", "“0x10” is not a whole number")]
    [InlineData("--1", "“--1” is not a whole number")]
    public void FromText_never_guesses_a_whole_number(string text, string reason) =>
        ValueAssert.Invalid(reason, ColumnValues.FromText(S(ColumnType.Integer), text));

    [Fact]
    public void FromText_reads_empty_as_null_for_every_type()
    {
        foreach (var type in ColumnTypes.All)
        {
            var shape = new ColumnShape(type, type.HasOptions() ? ["a"] : null);
            ValueAssert.Valid(null, ColumnValues.FromText(shape, null));
            ValueAssert.Valid(null, ColumnValues.FromText(shape, ""));
            if (type is not (ColumnType.Text or ColumnType.LongText)) ValueAssert.Valid(null, ColumnValues.FromText(shape, "  "));
        }
        ValueAssert.Valid("  ", ColumnValues.FromText(S(ColumnType.Text), "  "));
    }

    [Fact]
    public void FromText_reads_the_other_types()
    {
        ValueAssert.Valid(0.001m, ColumnValues.FromText(S(ColumnType.Decimal), "1e-3"));
        ValueAssert.Valid(-2.5m, ColumnValues.FromText(S(ColumnType.Decimal), "-2.50"));
        ValueAssert.Invalid("“abc” is not a number", ColumnValues.FromText(S(ColumnType.Decimal), "abc"));
        ValueAssert.Invalid("“NaN” is not a number", ColumnValues.FromText(S(ColumnType.Decimal), "NaN"));
        ValueAssert.Invalid("“1e30” is too large for a decimal", ColumnValues.FromText(S(ColumnType.Decimal), "1e30"));
        ValueAssert.Valid(new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc), ColumnValues.FromText(S(ColumnType.DateTime), "2024-01-02"));
        ValueAssert.Valid(new DateTime(2024, 1, 2, 8, 0, 0, DateTimeKind.Utc), ColumnValues.FromText(S(ColumnType.DateTime), "2024-01-02 10:00+0200"));
        ValueAssert.Invalid("has an impossible time zone offset", ColumnValues.FromText(S(ColumnType.DateTime), "2024-01-02T10:00+15:00"));
        ValueAssert.Invalid("“2024-13-02T10:00Z” is not a valid date and time", ColumnValues.FromText(S(ColumnType.DateTime), "2024-13-02T10:00Z"));
        ValueAssert.Invalid("“maybe” is not one of the options (yes, no)", ColumnValues.FromText(YesNo, "maybe"));
        ValueAssert.Valid(new[] { "red", "green" }, ColumnValues.FromText(Colors, "red,green"));
        ValueAssert.Valid(new[] { "blue, dark", "[x]" }, ColumnValues.FromText(Colors, """["blue, dark","[x]"]"""));
        ValueAssert.Invalid("is not a JSON array of options", ColumnValues.FromText(Colors, "[red"));
        ValueAssert.Valid(JsonNode.Parse("\"abc\""), ColumnValues.FromText(S(ColumnType.Json), "\"abc\""));
        ValueAssert.Valid(null, ColumnValues.FromText(S(ColumnType.Json), "null"));
        ValueAssert.Invalid("“{a:1}” is not valid JSON", ColumnValues.FromText(S(ColumnType.Json), "{a:1}"));
    }

    // ---------------- round trips ----------------

    public static TheoryData<ColumnType, object> Values() => new()
    {
        { ColumnType.Text, "héllo, \"world\"\nline 2" },
        { ColumnType.Text, " padded " },
        { ColumnType.LongText, new string('ü', ColumnLimits.LongTextLength) },
        { ColumnType.Integer, long.MinValue },
        { ColumnType.Integer, 0L },
        { ColumnType.Decimal, 123456789.012345m },
        { ColumnType.Decimal, -0.0000000001m },
        { ColumnType.Decimal, 99999999999999.9m },
        { ColumnType.Boolean, false },
        { ColumnType.Date, new DateOnly(1, 1, 1) },
        { ColumnType.Date, new DateOnly(9999, 12, 31) },
        { ColumnType.DateTime, new DateTime(2024, 3, 31, 1, 2, 3, DateTimeKind.Utc).AddTicks(1) },
        { ColumnType.DateTime, new DateTime(2024, 3, 31, 0, 0, 0, DateTimeKind.Utc) },
        { ColumnType.SingleSelect, "blue, dark" },
        { ColumnType.MultiSelect, new[] { "red", "green" } },
        { ColumnType.MultiSelect, new[] { "blue, dark", "[x]" } },
        { ColumnType.MultiSelect, new[] { "[x]" } },
        { ColumnType.Json, JsonNode.Parse("""{"a":[1,2.5,true,null,"ü\n"],"b":{}}""")! },
        { ColumnType.Json, JsonNode.Parse("\"just a text\"")! },
        { ColumnType.File, new FileCell("tables/1/ab", "résumé, final.pdf", 0, "application/pdf") },
        { ColumnType.Link, long.MaxValue },
    };

    private static ColumnShape Shape(ColumnType type) => new(type, type.HasOptions() ? ["red", "green", "blue, dark", "[x]"] : null);

    [Theory]
    [MemberData(nameof(Values))]
    public void ToText_round_trips_through_FromText(ColumnType type, object value)
    {
        var text = ColumnValues.ToText(Shape(type), value);
        ValueAssert.Valid(value, ColumnValues.FromText(Shape(type), text));
        ValueAssert.UnderCulture("de-DE", () => Assert.Equal(text, ColumnValues.ToText(Shape(type), value)));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void ToJson_round_trips_through_FromJson_also_as_sent_over_the_wire(ColumnType type, object value)
    {
        var node = ColumnValues.ToJson(Shape(type), value);
        ValueAssert.Valid(value, ColumnValues.FromJson(Shape(type), node));
        var wire = new JsonObject { ["v"] = node }.ToJsonString();
        ValueAssert.Valid(value, ColumnValues.FromJson(Shape(type), JsonNode.Parse(wire)!["v"]));
        ValueAssert.Valid(value, ColumnValues.Convert(value, Shape(type), Shape(type)));
    }

    [Fact]
    public void Null_writes_as_empty_and_JSON_null()
    {
        foreach (var type in ColumnTypes.All)
        {
            Assert.Equal("", ColumnValues.ToText(Shape(type), null));
            Assert.Null(ColumnValues.ToJson(Shape(type), null));
        }
    }

    [Fact]
    public void Written_values_have_one_form()
    {
        Assert.Equal("1.5", ColumnValues.ToText(S(ColumnType.Decimal), 1.500m));
        Assert.Equal("2024-03-31T14:30:00Z", ColumnValues.ToText(S(ColumnType.DateTime), new DateTime(2024, 3, 31, 14, 30, 0, DateTimeKind.Utc)));
        Assert.Equal("2024-03-31T14:30:00.5Z", ColumnValues.ToJson(S(ColumnType.DateTime), new DateTime(2024, 3, 31, 14, 30, 0, 500, DateTimeKind.Utc))!.GetValue<string>());
        Assert.Equal("red, green", ColumnValues.ToText(Colors, new[] { "red", "green" }));
        Assert.Equal("""["blue, dark"]""", ColumnValues.ToText(Colors, new[] { "blue, dark" }));
        Assert.Equal("""{"é":"ü"}""", ColumnValues.ToText(S(ColumnType.Json), JsonNode.Parse("""{ "é" : "ü" }""")));
        Assert.Throws<ArgumentException>(() => ColumnValues.ToText(S(ColumnType.Date), "2024-01-01"));
    }

    [Fact]
    public void Reading_and_writing_do_not_depend_on_the_culture() => ValueAssert.UnderCulture("de-DE", () =>
    {
        ValueAssert.Valid(3.5m, ColumnValues.FromText(S(ColumnType.Decimal), "3.5"));
        ValueAssert.Invalid("use a dot as the decimal separator", ColumnValues.FromText(S(ColumnType.Decimal), "3,5"));
        Assert.Equal("3.5", ColumnValues.ToText(S(ColumnType.Decimal), 3.5m));
        Assert.Equal("3.5", ColumnValues.ToJson(S(ColumnType.Decimal), 3.5m)!.ToJsonString());
        ValueAssert.Valid(new DateOnly(2024, 3, 31), ColumnValues.FromText(S(ColumnType.Date), "2024-03-31"));
        ValueAssert.Invalid("is not a date", ColumnValues.FromText(S(ColumnType.Date), "31.03.2024"));
        Assert.Equal("2024-03-31T14:30:00Z", ColumnValues.ToText(S(ColumnType.DateTime), new DateTime(2024, 3, 31, 14, 30, 0, DateTimeKind.Utc)));
        ValueAssert.Valid(1000L, ColumnValues.FromText(S(ColumnType.Integer), "1000"));
        ValueAssert.Invalid("is not a whole number", ColumnValues.FromText(S(ColumnType.Integer), "1.000"));
        ValueAssert.Valid(true, ColumnValues.FromText(S(ColumnType.Boolean), "YES"));
    });

    // ---------------- limits ----------------

    [Fact]
    public void Texts_hold_500_and_long_texts_100000_characters()
    {
        ValueAssert.Valid(new string('a', 500), ColumnValues.FromText(S(ColumnType.Text), new string('a', 500)));
        ValueAssert.Invalid("The text is 501 characters long; a text holds at most 500 (a long text holds more)",
            ColumnValues.FromText(S(ColumnType.Text), new string('a', 501)));
        ValueAssert.Invalid("The text is 501 characters long", ColumnValues.FromJson(S(ColumnType.Text), JsonValue.Create(new string('a', 501))));
        ValueAssert.Valid(new string('a', 100_000), ColumnValues.FromText(S(ColumnType.LongText), new string('a', 100_000)));
        ValueAssert.Invalid("The text is 100,001 characters long; a long text holds at most 100,000",
            ColumnValues.FromText(S(ColumnType.LongText), new string('a', 100_001)));
    }

    [Fact]
    public void Json_holds_100000_characters_of_compact_JSON()
    {
        var fits = "\"" + new string('a', 99_998) + "\"";
        var over = "\"" + new string('a', 99_999) + "\"";
        ValueAssert.Valid(JsonNode.Parse(fits), ColumnValues.FromText(S(ColumnType.Json), fits));
        ValueAssert.Invalid("The JSON is 100,001 characters long; a JSON cell holds at most 100,000", ColumnValues.FromText(S(ColumnType.Json), over));
        ValueAssert.Invalid("The JSON is 100,001 characters long", ColumnValues.FromJson(S(ColumnType.Json), JsonNode.Parse(over)));
        // Indentation does not count: the cell stores compact JSON.
        ValueAssert.Valid(JsonNode.Parse("[1]"), ColumnValues.FromText(S(ColumnType.Json), "[" + new string(' ', 100_000) + "1]"));
    }

    [Fact]
    public void Decimals_hold_15_significant_digits_and_10_after_the_point()
    {
        var dec = S(ColumnType.Decimal);
        ValueAssert.Valid(123456789012345m, ColumnValues.FromText(dec, "123456789012345"));
        ValueAssert.Valid(0.0012345678m, ColumnValues.FromText(dec, "0.0012345678"));
        ValueAssert.Valid(1.2e27m, ColumnValues.FromText(dec, "1.2e27"));
        ValueAssert.Invalid("“1234567890123456” has more than 15 significant digits", ColumnValues.FromText(dec, "1234567890123456"));
        ValueAssert.Invalid("has more than 15 significant digits", ColumnValues.FromJson(dec, JsonNode.Parse("0.1234567890123456")));
        ValueAssert.Invalid("“0.00000000001” has more than 10 digits after the decimal point", ColumnValues.FromText(dec, "0.00000000001"));
        ValueAssert.Invalid("too large for a decimal", ColumnValues.FromText(dec, "1e28"));
    }

    [Fact]
    public void Select_options_are_limited()
    {
        Assert.Null(ColumnLimits.CheckOptions(Enumerable.Range(1, 500).Select(i => $"o{i}").ToArray()));
        Assert.Equal("A select column has at most 500 options (501 given).", ColumnLimits.CheckOptions(Enumerable.Range(1, 501).Select(i => $"o{i}").ToArray()));
        Assert.Null(ColumnLimits.CheckOptions([new string('o', 100)]));
        Assert.Contains("is longer than 100 characters", ColumnLimits.CheckOptions([new string('o', 101)]));
        Assert.Equal("The option “Red” is listed twice.", ColumnLimits.CheckOptions(["red", "Red"]));
        Assert.Equal("The option “ red” has spaces around it.", ColumnLimits.CheckOptions([" red"]));
        Assert.Equal("A select column needs at least one option.", ColumnLimits.CheckOptions([]));
        Assert.Equal("An option can't be empty.", ColumnLimits.CheckOptions([""]));
    }

    [Fact]
    public void A_reason_quotes_a_long_value_on_one_line_cut_short()
    {
        var reason = ColumnValues.FromText(S(ColumnType.Integer), "line one\n" + new string('x', 200)).Reason!;
        Assert.StartsWith("“line one xxxxx", reason);
        Assert.Contains("…” is not a whole number", reason);
        Assert.True(reason.Length < 100, reason);
        var many = new ColumnShape(ColumnType.SingleSelect, Enumerable.Range(1, 30).Select(i => $"o{i}").ToArray());
        ValueAssert.Invalid("“x” is not one of the options (o1, o2, o3, o4, o5, o6, o7, o8, o9, o10, … and 20 more)", ColumnValues.FromText(many, "x"));
    }
}
