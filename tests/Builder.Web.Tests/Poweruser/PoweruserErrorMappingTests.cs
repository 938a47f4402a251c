using Builder.Domain.Common;
using Builder.Web.Api.Poweruser;
using Microsoft.AspNetCore.Http;

namespace Builder.Web.Tests.Poweruser;

/// <summary>The one mapping of the domain's exceptions to the poweruser status and <c>errors</c> entries.</summary>
public sealed class PoweruserErrorMappingTests
{
    public static TheoryData<Exception, int, string> Exceptions => new()
    {
        { new NotFoundException("Table not found"), 404, "not_found" },
        { new ForbiddenException("Forbidden: You do not have permission to edit tables"), 403, "forbidden" },
        { new HumanOversightRequiredException("Delete"), 403, "human_oversight_required" },
        { new ApiKeyScopeException("create organizations"), 403, "forbidden" },
        { new ConflictException("A table named 'orders' already exists"), 409, "conflict" },
        { new ConcurrencyException("admin@acme.test", new DateTime(2026, 12, 2)), 412, "precondition_failed" },
        { new BadHttpRequestException("Unauthorized", 401), 401, "unauthorized" },
    };

    [Theory, MemberData(nameof(Exceptions))]
    public void Each_domain_failure_keeps_its_status_and_gets_a_code_and_message(Exception exception, int status, string code)
    {
        var (mapped, body) = PoweruserErrors.Map(exception, "corr-1");

        Assert.Equal(status, mapped);
        var error = Assert.Single(body.Errors);
        Assert.Equal(code, error.Code);
        Assert.Contains(exception.Message, error.Message);
        Assert.Null(error.Field);
    }

    [Fact]
    public void A_validation_failure_is_one_entry_per_field_message_naming_the_field()
    {
        var exception = new ValidationException(new Dictionary<string, string[]>
        {
            ["name"] = ["Name is required."], ["columns[2].type"] = ["Unknown type 'money'.", "Pick one of the listed types."],
        });

        var (status, body) = PoweruserErrors.Map(exception, "corr-1");

        Assert.Equal(400, status);
        Assert.Equal([("name", "Name is required."), ("columns[2].type", "Unknown type 'money'."), ("columns[2].type", "Pick one of the listed types.")],
            body.Errors.Select(e => (e.Field!, e.Message)));
        Assert.All(body.Errors, e => Assert.Equal("invalid_value", e.Code));
    }

    [Fact]
    public void An_unexpected_failure_is_500_with_the_correlation_id_and_never_its_own_words()
    {
        var (status, body) = PoweruserErrors.Map(new InvalidOperationException("connection string Password=hunter2"), "corr-42");

        Assert.Equal(500, status);
        var error = Assert.Single(body.Errors);
        Assert.Equal("internal_error", error.Code);
        Assert.Contains("corr-42", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }
}
