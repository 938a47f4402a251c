using Builder.Domain.Common;

namespace Builder.Domain.Tests.Access;

public class PagingTests
{
    [Theory]
    [InlineData(0, 10, "page")]
    [InlineData(1, 0, "limit")]
    [InlineData(1, 101, "limit")]
    public void Out_of_range_paging_names_the_parameter(int page, int limit, string field)
    {
        var error = Assert.Throws<ValidationException>(() => new PageRequest(page, limit).Validate());
        Assert.Contains(field, error.Errors.Keys);
    }

    [Fact]
    public void Like_patterns_escape_wildcards() =>
        Assert.Equal("%50\\%\\_off%", new PageRequest(Search: " 50%_off ").LikePattern);

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(10, 10, 1)]
    [InlineData(11, 10, 2)]
    public void Total_pages_round_up(int total, int limit, int pages) =>
        Assert.Equal(pages, new PagedResult<int>([], 1, limit, total).TotalPages);
}
