using Builder.Domain.Tables;
using Builder.Domain.Tables.Filters;

namespace Builder.Domain.Tests.Tables;

/// <summary>What <c>table-options</c> answers: every type with its wire name, label and operators, what it can be, and the limits.</summary>
public class TableOptionsTests
{
    private static ColumnTypeOption Type(string wire) => TableOptions.Current.Types.Single(t => t.Type == wire);

    [Fact]
    public void Every_type_is_listed_with_its_wire_name_and_label()
    {
        Assert.Equal(["text", "long_text", "integer", "decimal", "boolean", "date", "datetime", "single_select", "multi_select", "json", "file", "link"],
            TableOptions.Current.Types.Select(t => t.Type));
        Assert.Equal("Long text", Type("long_text").Label);
        Assert.True(Type("single_select").HasOptions);
        Assert.False(Type("text").HasOptions);
    }

    [Fact]
    public void Text_gets_the_string_operators_numbers_and_dates_the_comparisons_and_json_and_file_only_existence()
    {
        string[] everyone = ["equals", "not_equals", "exists", "not_exists", "in"];
        foreach (var text in new[] { "text", "long_text" })
            Assert.Equal(everyone.Concat(["contains", "starts_with", "ends_with"]).Order(), Type(text).Operators.Order());
        foreach (var ordered in new[] { "integer", "decimal", "date", "datetime" })
            Assert.Equal(everyone.Concat(["greater_than", "less_than"]).Order(), Type(ordered).Operators.Order());
        foreach (var plain in new[] { "boolean", "single_select", "link" })
            Assert.Equal(everyone.Order(), Type(plain).Operators.Order());
        Assert.Equal(everyone.Append("contains").Order(), Type("multi_select").Operators.Order());
        Assert.Equal(["exists", "not_exists"], Type("json").Operators);
        Assert.Equal(["exists", "not_exists"], Type("file").Operators);
        Assert.All(TableOptions.Current.Types, t => Assert.All(t.Operators, o => Assert.Contains(o, TableOptions.Current.Operators)));
    }

    [Fact]
    public void Long_text_multi_select_json_and_file_cannot_be_indexed_or_unique_and_only_text_can_be_searchable()
    {
        Assert.Equal(["long_text", "multi_select", "json", "file"], TableOptions.Current.Types.Where(t => !t.Indexable).Select(t => t.Type));
        Assert.All(TableOptions.Current.Types, t => Assert.Equal(t.Indexable, t.Unique));
        Assert.Equal(["text", "long_text"], TableOptions.Current.Types.Where(t => t.Searchable).Select(t => t.Type));
    }

    [Fact]
    public void The_limits_are_those_the_service_enforces()
    {
        var limits = TableOptions.Current.Limits;
        Assert.Equal((200, 63, 500, 1000), (limits.ColumnsPerTable, limits.NameLength, limits.OptionsPerSelect, limits.RowsPerBatch));
        Assert.Equal(["id", "createdAt", "updatedAt", "createdBy"], TableOptions.Current.SystemColumns);
        Assert.Equal(TableNames.Pattern, TableOptions.Current.NamePattern);
    }

    [Fact]
    public void The_filter_operators_are_the_condition_builders_comparisons_by_name()
    {
        Assert.Equal(["equals", "not_equals", "contains", "starts_with", "ends_with", "greater_than", "less_than", "exists", "not_exists", "in"],
            TableOptions.Current.Operators);
        foreach (var op in Builder.Domain.Tables.Filters.FilterOperatorExtensions.All)
        {
            Assert.Equal(Builder.Domain.Workflows.ConditionComparisons.ToName(Builder.Domain.Tables.Filters.FilterOperatorExtensions.Comparison(op)),
                Builder.Domain.Tables.Filters.FilterOperatorExtensions.WireName(op));
            Assert.Equal(op, Builder.Domain.Tables.Filters.FilterOperatorExtensions.FromWireName(op.WireName()));
        }
        Assert.Subset(Builder.Domain.Workflows.ConditionComparisons.All.ToHashSet(), TableOptions.Current.Operators.ToHashSet());
        Assert.Null(Builder.Domain.Tables.Filters.FilterOperatorExtensions.FromWireName("matches"));
        Assert.Null(Builder.Domain.Tables.Filters.FilterOperatorExtensions.FromWireName("EQUALS"));
    }
}
