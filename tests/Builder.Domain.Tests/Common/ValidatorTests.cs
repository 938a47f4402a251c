using System.Text.RegularExpressions;
using Builder.Domain.Common;

namespace Builder.Domain.Tests.Common;

public class ValidatorTests
{
    /// <summary>
    /// A value that is already too long never reaches the pattern: "a@" + 160,000 dots + "@" took 31 s in the invite
    /// email check. The backtracking pattern and its 1 ms timeout here would throw if it were run.
    /// </summary>
    [Fact]
    public void The_length_is_checked_before_any_pattern()
    {
        var slow = new Regex("^(a+)+$", RegexOptions.None, TimeSpan.FromMilliseconds(1));
        var value = new string('a', 100_000) + "!";

        var refused = Assert.Throws<ValidationException>(() =>
            new Validator().Required("email", value, "Email", 256).Matches("email", value, slow, "Not an email.").ThrowIfInvalid());

        Assert.Equal(["Email must be at most 256 characters."], refused.Errors["email"]);
    }
}
