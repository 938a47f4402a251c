using System.Text;
using Builder.Web.Api.Poweruser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Builder.Web.Tests.Poweruser;

/// <summary>
/// The body binder every poweruser endpoint uses, and the error each hostile body becomes: ids read strictly
/// (<see cref="PoweruserIdAttribute"/>), wrong types named by field.
/// </summary>
public sealed class PoweruserBodyTests
{
    public sealed record RowRequest(
        [property: PoweruserId] long? TableId,
        [property: PoweruserId] long RowId,
        [property: PoweruserId] IReadOnlyList<long>? RowIds,
        [property: PoweruserId] long[]? Others,
        int? Limit,
        bool? Exact,
        string? Name);

    private static readonly PoweruserJson Json = new(Options.Create(new JsonOptions
    {
        SerializerOptions = { MaxDepth = Builder.Web.WebSetup.MaxJsonDepth },
    }));

    private static Task<T> ReadAsync<T>(string body) where T : class
    {
        var http = new DefaultHttpContext { Request = { Body = new MemoryStream(Encoding.UTF8.GetBytes(body)) } };
        return Json.ReadAsync<T>(http);
    }

    private static async Task<PoweruserError> RefusedAsync(string body)
    {
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => ReadAsync<RowRequest>(body));
        var (status, failure) = PoweruserErrors.Map(thrown, "test");
        Assert.Equal(400, status);
        return Assert.Single(failure.Errors);
    }

    [Fact]
    public async Task Ids_numbers_and_flags_read_when_they_are_what_they_claim()
    {
        var read = await ReadAsync<RowRequest>("""{"tableId": 7, "rowId": 9223372036854775807, "rowIds": [1, 2], "others": [3], "limit": -1, "exact": true, "name": "x"}""");

        Assert.Equal((7L, long.MaxValue, -1, true, "x"), (read.TableId, read.RowId, read.Limit, read.Exact, read.Name));
        Assert.Equal([1L, 2L], read.RowIds);
        Assert.Equal([3L], read.Others);
        Assert.Null((await ReadAsync<RowRequest>("""{"tableId": null}""")).TableId);
    }

    public static TheoryData<string, string> BadIds => new()
    {
        { """{"tableId": "5"}""", "tableId" },
        { """{"tableId": 5.0}""", "tableId" },
        { """{"tableId": 5.5}""", "tableId" },
        { """{"tableId": 1e3}""", "tableId" },
        { """{"tableId": -1}""", "tableId" },
        { """{"tableId": 0}""", "tableId" },
        { """{"tableId": 9223372036854775808}""", "tableId" },
        { """{"tableId": 123456789012345678901234567890}""", "tableId" },
        { """{"tableId": true}""", "tableId" },
        { """{"tableId": {}}""", "tableId" },
        { """{"rowId": "1"}""", "rowId" },
        { """{"rowIds": [1, "2"]}""", "rowIds[1]" },
        { """{"rowIds": [1, 2, -3]}""", "rowIds[2]" },
        { """{"rowIds": 5}""", "rowIds" },
        { """{"others": [1.5]}""", "others[0]" },
    };

    [Theory, MemberData(nameof(BadIds))]
    public async Task An_id_as_a_string_a_decimal_a_negative_zero_or_an_overflow_is_400_naming_the_field(string body, string field)
    {
        var error = await RefusedAsync(body);

        Assert.Equal(field, error.Field);
        Assert.Contains($"'{field}'", error.Message);
        Assert.Contains(error.Code, new[] { "invalid_id", "invalid_type" });
    }

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { """{"limit": "10"}""", "limit", "a whole number" },
        { """{"limit": 10.5}""", "limit", "a whole number" },
        { """{"limit": 99999999999}""", "limit", "a whole number" },
        { """{"exact": "true"}""", "exact", "true or false" },
        { """{"name": 5}""", "name", "a string" },
    };

    [Theory, MemberData(nameof(WrongTypes))]
    public async Task A_field_of_the_wrong_type_is_400_naming_the_field_and_what_it_must_be(string body, string field, string expected)
    {
        var error = await RefusedAsync(body);

        Assert.Equal(("invalid_type", field), (error.Code, error.Field));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_field_named_twice_is_refused_rather_than_the_last_one_winning()
    {
        var error = await RefusedAsync("""{"tableId": 1, "tableId": 2}""");

        Assert.Equal("duplicate_field", error.Code);
    }

    [Fact]
    public void Mapping_an_excluded_operation_fails_at_startup()
    {
        var app = WebApplication.CreateBuilder().Build();
        var group = app.MapGroup("/autessa_poweruser/agents");

        var thrown = Assert.Throws<InvalidOperationException>(() =>
            group.MapPoweruser<NoFields, MeResponse>("/delete", (_, _) => Task.FromResult(new MeResponse("", "", ""))));

        Assert.Contains("excluded operation", thrown.Message);
        group.MapPoweruser<NoFields, MeResponse>("/delete-row", (_, _) => Task.FromResult(new MeResponse("", "", "")));
    }

    [Theory]
    [InlineData("/autessa_poweruser/agents/delete", "Delete")]
    [InlineData("/autessa_poweruser/autessadb/tables/confirm-delete", "Delete")]
    [InlineData("/autessa_poweruser/mcp/servers/Share/", "Share")]
    [InlineData("/autessa_poweruser/tools/transfer-ownership", "Transfer ownership")]
    [InlineData("/autessa_poweruser/managers/get-sharing-details", "Get sharing details")]
    [InlineData("/autessa_poweruser/autessadb/query/delete-row", null)]
    [InlineData("/autessa_poweruser/autessadb/query/batch-delete", null)]
    [InlineData("/autessa_poweruser/agents/all", null)]
    public void Excluded_operations_are_recognised_by_their_last_segment(string path, string? operation) =>
        Assert.Equal(operation, ExcludedOperations.Match(path));
}
