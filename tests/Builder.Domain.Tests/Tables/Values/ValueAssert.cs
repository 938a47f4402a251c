using System.Text.Json.Nodes;
using Builder.Domain.Tables.Values;

namespace Builder.Domain.Tests.Tables.Values;

internal static class ValueAssert
{
    /// <summary>Equal stored values: lists by their items, JSON by deep equality, DateTime also by Kind Utc.</summary>
    public static void Same(object? expected, object? actual)
    {
        switch (expected)
        {
            case null:
                Assert.Null(actual);
                break;
            case IReadOnlyList<string> list:
                Assert.Equal(list, Assert.IsAssignableFrom<IReadOnlyList<string>>(actual));
                break;
            case JsonNode node:
                var got = Assert.IsAssignableFrom<JsonNode>(actual);
                Assert.True(JsonNode.DeepEquals(node, got), $"expected {node.ToJsonString()}, got {got.ToJsonString()}");
                break;
            case DateTime dt:
                var actualDt = Assert.IsType<DateTime>(actual);
                Assert.Equal(dt, actualDt);
                Assert.Equal(DateTimeKind.Utc, actualDt.Kind);
                break;
            default:
                Assert.Equal(expected.GetType(), actual?.GetType());
                Assert.Equal(expected, actual);
                break;
        }
    }

    public static void Valid(object? expected, CellResult result)
    {
        Assert.True(result.Ok, $"expected a value, got the failure: {result.Reason}");
        Assert.Null(result.Reason);
        Same(expected, result.Value);
    }

    public static void Invalid(string reason, CellResult result)
    {
        Assert.False(result.Ok, $"expected a failure containing “{reason}”, got the value {result.Value}");
        Assert.Null(result.Value);
        Assert.Contains(reason, result.Reason);
    }

    /// <summary>Runs <paramref name="body"/> with the current culture (and UI culture) set to <paramref name="name"/>.</summary>
    public static void UnderCulture(string name, Action body)
    {
        var (culture, ui) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.CurrentUICulture);
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(name);
            body();
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
            System.Globalization.CultureInfo.CurrentUICulture = ui;
        }
    }
}
