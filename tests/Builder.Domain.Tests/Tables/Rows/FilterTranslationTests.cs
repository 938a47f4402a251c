using System.Data;
using System.Text.Json.Nodes;
using Builder.Domain.Common;
using Builder.Domain.Tables;
using Builder.Domain.Tables.Filters;
using Builder.Domain.Tables.Rows;

namespace Builder.Domain.Tests.Tables.Rows;

/// <summary>
/// Filters from the poweruser JSON shape to SQL, per provider: the SQL text holds only generated identifiers and placeholders,
/// the values (hostile ones included) are parameters, and malformed filters are 400s naming the bad part.
/// </summary>
public class FilterTranslationTests
{
    internal static readonly RowTable Table = new(Guid.NewGuid(), 42, "orders", Guid.NewGuid(),
    [
        new RowColumn("name", 1, ColumnType.Text),
        new RowColumn("notes", 2, ColumnType.LongText),
        new RowColumn("amount", 3, ColumnType.Integer),
        new RowColumn("price", 4, ColumnType.Decimal),
        new RowColumn("paid", 5, ColumnType.Boolean),
        new RowColumn("due", 6, ColumnType.Date),
        new RowColumn("at", 7, ColumnType.DateTime),
        new RowColumn("status", 8, ColumnType.SingleSelect, ["open", "closed"]),
        new RowColumn("tags", 9, ColumnType.MultiSelect, ["red", "blue"]),
        new RowColumn("meta", 10, ColumnType.Json),
        new RowColumn("doc", 11, ColumnType.File),
        new RowColumn("customer", 12, ColumnType.Link, LinkTableNumber: 7),
    ]);

    private static FilterGroup Parse(string json) =>
        FilterParser.Parse(JsonNode.Parse(json)!.AsObject(), new TableColumnResolver(Table));

    private static (string Sql, IReadOnlyList<SqlParameterValue> Parameters) Sql(string json, SqlDialect dialect)
    {
        var parameters = new SqlParameters();
        var sql = FilterSql.Where(Parse(json), dialect, parameters);
        return (sql, parameters.Values);
    }

    private static ValidationException Invalid(string json) => Assert.Throws<ValidationException>(() => Parse(json));

    [Fact]
    public void An_equals_condition_is_a_column_and_a_parameter_on_both_providers()
    {
        var (sqlite, p1) = Sql("""{"filters":[{"column":"name","operator":"equals","value":"Alice"}]}""", SqlDialect.Sqlite);
        Assert.Equal("(\"t\".\"c1\" = @p0)", sqlite);
        Assert.Equal("Alice", Assert.Single(p1).Value);
        var (server, p2) = Sql("""{"filters":[{"column":"name","operator":"equals","value":"Alice"}]}""", SqlDialect.SqlServer);
        Assert.Equal("([t].[c1] = @p0)", server);
        Assert.Equal(DbType.String, Assert.Single(p2).Type);
    }

    [Theory]
    [InlineData("'; drop table x; --")]
    [InlineData("\" OR 1=1 --")]
    [InlineData("]; DROP TABLE adb_42; --")]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("[")]
    [InlineData("\\")]
    public void Hostile_values_never_reach_the_sql_text(string hostile)
    {
        foreach (var dialect in new[] { SqlDialect.Sqlite, SqlDialect.SqlServer })
            foreach (var op in new[] { "equals", "not_equals", "contains", "starts_with", "ends_with", "in" })
            {
                JsonNode Value(string text) => op == "in" ? new JsonArray(text, "b") : JsonValue.Create(text);
                string Where(string text, SqlParameters parameters) => FilterSql.Where(FilterParser.Parse(new JsonObject
                {
                    ["filters"] = new JsonArray(new JsonObject { ["column"] = "name", ["operator"] = op, ["value"] = Value(text) }),
                }, new TableColumnResolver(Table)), dialect, parameters);

                var parameters = new SqlParameters();
                // The SQL is the same whatever the value: the value is only ever a parameter.
                Assert.Equal(Where("benign", new SqlParameters()), Where(hostile, parameters));
                var sent = (string)parameters.Values[0].Value;
                if (op is "equals" or "not_equals" or "in") Assert.Equal(hostile, sent);
                else
                {
                    var escaped = dialect.LikePattern(hostile, false, false);
                    Assert.Equal(hostile.Any(c => c is '%' or '_' or '\\' || (c == '[' && dialect == SqlDialect.SqlServer)), escaped != hostile);
                    Assert.Equal(op switch { "contains" => $"%{escaped}%", "starts_with" => $"{escaped}%", _ => $"%{escaped}" }, sent);
                }
            }
    }

    [Fact]
    public void Like_patterns_escape_the_wildcards_per_provider()
    {
        var (sqlite, p1) = Sql("""{"filters":[{"column":"name","operator":"contains","value":"50%_[a]\\"}]}""", SqlDialect.Sqlite);
        Assert.Equal("(\"t\".\"c1\" LIKE @p0 ESCAPE '\\')", sqlite);
        Assert.Equal("%50\\%\\_[a]\\\\%", p1[0].Value);
        var (server, p2) = Sql("""{"filters":[{"column":"name","operator":"starts_with","value":"50%_[a]"}]}""", SqlDialect.SqlServer);
        Assert.Equal("([t].[c1] LIKE @p0 ESCAPE '\\')", server);
        Assert.Equal("50\\%\\_\\[a]%", p2[0].Value);
        var (_, p3) = Sql("""{"filters":[{"column":"name","operator":"ends_with","value":"x"}]}""", SqlDialect.SqlServer);
        Assert.Equal("%x", p3[0].Value);
    }

    [Fact]
    public void A_very_long_value_is_one_parameter_and_a_longer_one_is_refused()
    {
        var longText = new string('\'', FilterLimits.MaxTextLength);
        var json = new JsonObject { ["filters"] = new JsonArray(new JsonObject { ["column"] = "notes", ["operator"] = "contains", ["value"] = longText }) };
        var parameters = new SqlParameters();
        var sql = FilterSql.Where(FilterParser.Parse(json, new TableColumnResolver(Table)), SqlDialect.SqlServer, parameters);
        Assert.True(sql.Length < 100);
        Assert.Equal(FilterLimits.MaxTextLength + 2, ((string)parameters.Values[0].Value).Length);

        json["filters"]![0]!["value"] = longText + "x";
        var error = Assert.Throws<ValidationException>(() => FilterParser.Parse(json, new TableColumnResolver(Table)));
        Assert.Contains("at most 10,000", error.Errors["filters[0].value"][0]);
    }

    [Fact]
    public void In_lists_are_one_parameter_per_value_and_capped_at_a_thousand()
    {
        var (sql, parameters) = Sql("""{"filters":[{"column":"amount","operator":"in","value":[1,2,3]}]}""", SqlDialect.SqlServer);
        Assert.Equal("([t].[c3] IN (@p0, @p1, @p2))", sql);
        Assert.Equal([1L, 2L, 3L], parameters.Select(p => p.Value));
        Assert.All(parameters, p => Assert.Equal(DbType.Int64, p.Type));

        var values = new JsonArray(Enumerable.Range(0, 1_001).Select(i => (JsonNode)JsonValue.Create(i)).ToArray());
        var json = new JsonObject { ["filters"] = new JsonArray(new JsonObject { ["column"] = "amount", ["operator"] = "in", ["value"] = values }) };
        var error = Assert.Throws<ValidationException>(() => FilterParser.Parse(json, new TableColumnResolver(Table)));
        Assert.Contains("at most 1,000 values", error.Errors["filters[0].value"][0]);
    }

    [Fact]
    public void Nested_groups_combine_with_and_or_in_parentheses()
    {
        var (sql, parameters) = Sql("""
            {"filterOperator":"OR","filters":[
              {"column":"status","operator":"equals","value":"open"},
              {"filterOperator":"AND","filters":[
                 {"column":"price","operator":"greater_than","value":9.5},
                 {"column":"paid","operator":"equals","value":false},
                 {"column":"doc","operator":"not_exists"}]}]}
            """, SqlDialect.Sqlite);
        Assert.Equal("(\"t\".\"c8\" = @p0) OR ((\"t\".\"c4\" > @p1) AND (\"t\".\"c5\" = @p2) AND (\"t\".\"c11\" IS NULL))", sql);
        Assert.Equal(["open", 9.5d, 0L], parameters.Select(p => p.Value));
    }

    [Fact]
    public void Each_type_sends_its_values_in_the_providers_shape()
    {
        var json = """
            {"filters":[
              {"column":"due","operator":"less_than","value":"2026-03-01"},
              {"column":"at","operator":"greater_than","value":"2026-03-01T10:00:00+02:00"},
              {"column":"paid","operator":"equals","value":true},
              {"column":"price","operator":"equals","value":1.25},
              {"column":"customer","operator":"equals","value":5},
              {"column":"createdBy","operator":"equals","value":"6f1c1e9e-0000-4000-8000-000000000001"},
              {"column":"tags","operator":"contains","value":"red"}]}
            """;
        var (sqlite, lite) = Sql(json, SqlDialect.Sqlite);
        Assert.Equal(["2026-03-01", "2026-03-01T08:00:00.0000000Z", 1L, 1.25d, 5L, "6f1c1e9e-0000-4000-8000-000000000001", "red"], lite.Select(p => p.Value));
        Assert.Contains("EXISTS (SELECT 1 FROM json_each(\"t\".\"c9\") WHERE json_each.value = @p6)", sqlite);
        Assert.Contains("(\"t\".\"created_by\" = @p5)", sqlite);

        var (server, sql) = Sql(json, SqlDialect.SqlServer);
        Assert.Equal(new DateTime(2026, 3, 1), sql[0].Value);
        Assert.Equal(DbType.Date, sql[0].Type);
        Assert.Equal(new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc), sql[1].Value);
        Assert.Equal(DbType.DateTime2, sql[1].Type);
        Assert.Equal(true, sql[2].Value);
        Assert.Equal(1.25m, sql[3].Value);
        Assert.Equal(Guid.Parse("6f1c1e9e-0000-4000-8000-000000000001"), sql[5].Value);
        Assert.Contains("EXISTS (SELECT 1 FROM OPENJSON([t].[c9]) WHERE [value] = @p6)", server);
    }

    [Fact]
    public void Not_equals_also_matches_empty_cells_and_exists_takes_no_value()
    {
        var (sql, _) = Sql("""{"filters":[{"column":"amount","operator":"not_equals","value":3},{"column":"meta","operator":"exists"}]}""", SqlDialect.SqlServer);
        Assert.Equal("([t].[c3] <> @p0 OR [t].[c3] IS NULL) AND ([t].[c10] IS NOT NULL)", sql);
        Assert.Contains("takes no value", Invalid("""{"filters":[{"column":"meta","operator":"exists","value":1}]}""").Errors["filters[0].value"][0]);
    }

    [Fact]
    public void A_multi_select_compares_the_whole_list_or_holds_any_of_the_options()
    {
        var (sqlite, p1) = Sql("""{"filters":[{"column":"tags","operator":"equals","value":["red","blue"]},{"column":"tags","operator":"in","value":["red","blue"]}]}""", SqlDialect.Sqlite);
        Assert.Equal("(\"t\".\"c9\" = @p0) AND (EXISTS (SELECT 1 FROM json_each(\"t\".\"c9\") WHERE json_each.value IN (@p1, @p2)))", sqlite);
        Assert.Equal(["[\"red\",\"blue\"]", "red", "blue"], p1.Select(p => p.Value));
        var (server, _) = Sql("""{"filters":[{"column":"tags","operator":"in","value":["red"]}]}""", SqlDialect.SqlServer);
        Assert.Equal("(EXISTS (SELECT 1 FROM OPENJSON([t].[c9]) WHERE [value] IN (@p0)))", server);
        Assert.Contains("non-empty array", Invalid("""{"filters":[{"column":"tags","operator":"equals","value":"red"}]}""").Errors["filters[0].value"][0]);
        Assert.Contains("not an option", Invalid("""{"filters":[{"column":"tags","operator":"equals","value":["green"]}]}""").Errors["filters[0].value"][0]);
    }

    [Fact]
    public void The_operators_are_the_ones_table_options_lists()
    {
        foreach (var type in ColumnTypes.All)
            Assert.Equal(TableOptions.Operators(type), FilterOperatorExtensions.For(type).Select(o => o.WireName()));
    }

    [Fact]
    public void No_filters_match_every_row()
    {
        var parameters = new SqlParameters();
        Assert.Equal("1 = 1", FilterSql.Where(FilterParser.Parse(null, new TableColumnResolver(Table)), SqlDialect.Sqlite, parameters));
        Assert.Equal("1 = 1", FilterSql.Where(Parse("""{"filters":[]}"""), SqlDialect.Sqlite, parameters));
        Assert.Equal(0, parameters.Count);
    }

    [Fact]
    public void An_unknown_column_is_a_400_that_names_it_and_the_columns()
    {
        var error = Invalid("""{"filters":[{"column":"nope","operator":"equals","value":"x"}]}""");
        var message = error.Errors["filters[0].column"][0];
        Assert.Contains("Unknown column \"nope\"", message);
        Assert.Contains("createdAt", message);
        Assert.Contains("customer", message);
    }

    [Theory]
    [InlineData("""{"column":"paid","operator":"contains","value":"x"}""", "operator", "does not apply to column \"paid\" (boolean)")]
    [InlineData("""{"column":"meta","operator":"equals","value":"x"}""", "operator", "takes exists, not_exists")]
    [InlineData("""{"column":"name","operator":"like","value":"x"}""", "operator", "Unknown operator \"like\"")]
    [InlineData("""{"column":"name","value":"x"}""", "operator", "is required")]
    [InlineData("""{"column":"amount","operator":"equals","value":"7"}""", "value", "must be a whole number")]
    [InlineData("""{"column":"amount","operator":"equals","value":7.5}""", "value", "must be a whole number")]
    [InlineData("""{"column":"due","operator":"equals","value":"31/01/2026"}""", "value", "yyyy-MM-dd")]
    [InlineData("""{"column":"paid","operator":"equals","value":"true"}""", "value", "true or false")]
    [InlineData("""{"column":"status","operator":"equals","value":"pending"}""", "value", "not an option")]
    [InlineData("""{"column":"createdBy","operator":"equals","value":"bob"}""", "value", "member id")]
    [InlineData("""{"column":"name","operator":"equals"}""", "value", "needs a value")]
    [InlineData("""{"column":"name","operator":"in","value":"x"}""", "value", "non-empty array")]
    [InlineData("""{"column":"name","operator":"equals","value":"x","extra":1}""", "", "not extra")]
    public void A_bad_condition_is_a_400_naming_its_part(string condition, string part, string expected)
    {
        var error = Invalid($$"""{"filters":[{{condition}}]}""");
        var field = part == "" ? "filters[0]" : $"filters[0].{part}";
        Assert.Contains(expected, error.Errors[field][0]);
    }

    [Theory]
    [InlineData("""{"filters":{"column":"name"}}""", "filters", "must be an array")]
    [InlineData("""{"filters":[1]}""", "filters[0]", "must be an object")]
    [InlineData("""{"filters":[],"filterOperator":"XOR"}""", "filterOperator", "\"AND\" or \"OR\"")]
    [InlineData("""{"filters":[{"filterOperator":"NAND","filters":[]}]}""", "filters[0].filterOperator", "\"AND\" or \"OR\"")]
    public void A_malformed_filter_is_a_400(string json, string field, string expected)
    {
        var error = Invalid(json);
        Assert.Contains(expected, error.Errors[field][0]);
    }

    [Fact]
    public void Groups_nest_at_most_five_levels()
    {
        static string Nest(int levels) => levels == 1
            ? """[{"column":"name","operator":"exists"}]"""
            : $$"""[{"filterOperator":"OR","filters":{{Nest(levels - 1)}}}]""";
        Parse($$"""{"filters":{{Nest(5)}}}""");
        var error = Invalid($$"""{"filters":{{Nest(6)}}}""");
        Assert.Contains("at most 5 levels deep", Assert.Single(error.Errors).Value[0]);
    }

    [Fact]
    public void A_filter_holds_at_most_a_hundred_conditions()
    {
        static JsonObject With(int count) => new()
        {
            ["filters"] = new JsonArray(Enumerable.Range(0, count)
                .Select(_ => (JsonNode)new JsonObject { ["column"] = "name", ["operator"] = "exists" }).ToArray()),
        };
        FilterParser.Parse(With(100), new TableColumnResolver(Table));
        var error = Assert.Throws<ValidationException>(() => FilterParser.Parse(With(101), new TableColumnResolver(Table)));
        Assert.Contains("at most 100 conditions", error.Errors["filters"][0]);
    }

    [Fact]
    public void A_filter_holds_at_most_two_thousand_values_in_all()
    {
        JsonNode In() => new JsonObject
        {
            ["column"] = "amount", ["operator"] = "in",
            ["value"] = new JsonArray(Enumerable.Range(0, 1_000).Select(i => (JsonNode)JsonValue.Create(i)).ToArray()),
        };
        var json = new JsonObject { ["filters"] = new JsonArray(In(), In(), new JsonObject { ["column"] = "amount", ["operator"] = "equals", ["value"] = 1 }) };
        var error = Assert.Throws<ValidationException>(() => FilterParser.Parse(json, new TableColumnResolver(Table)));
        Assert.Contains("at most 2,000 values", error.Errors["filters"][0]);
    }

    [Fact]
    public void Every_type_has_its_operators_and_every_operator_has_a_wire_name()
    {
        Assert.All(ColumnTypes.All, t => Assert.Contains(FilterOperator.Exists, FilterOperatorExtensions.For(t)));
        Assert.Equal(["equals", "not_equals", "contains", "starts_with", "ends_with", "greater_than", "less_than", "exists", "not_exists", "in"],
            FilterOperatorExtensions.All.Select(o => o.WireName()));
        Assert.DoesNotContain(FilterOperator.GreaterThan, FilterOperatorExtensions.For(ColumnType.Text));
        Assert.Contains(FilterOperator.GreaterThan, FilterOperatorExtensions.For(ColumnType.Date));
    }
}
