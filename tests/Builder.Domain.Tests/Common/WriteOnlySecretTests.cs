using Builder.Domain.Audit;
using Builder.Domain.Common;
using Microsoft.AspNetCore.DataProtection;
using Builder.Data;

namespace Builder.Domain.Tests.Common;

public class WriteOnlySecretTests
{
    private const string Plain = "sk-live-0123456789";
    private static readonly WriteOnlySecret Key = new("apiKey", "API key", "clearApiKey", 64);
    private readonly ISecretProtector _protector = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());

    [Fact]
    public void A_new_value_is_stored_protected_and_marks_the_field_by_name_only()
    {
        var changes = new ChangeSet();
        var stored = Key.Apply(null, Plain, clear: false, _protector, changes);

        Assert.NotNull(stored);
        Assert.DoesNotContain(Plain, stored);
        Assert.Equal(Plain, _protector.Unprotect(stored));
        Assert.Equal(["apiKey"], changes.Fields);
    }

    [Fact]
    public void A_replaced_value_marks_the_field_and_replaces_the_stored_one()
    {
        var first = Key.Apply(null, Plain, false, _protector, new ChangeSet());
        var changes = new ChangeSet();
        var second = Key.Apply(first, Plain + "-2", false, _protector, changes);

        Assert.Equal(Plain + "-2", _protector.Unprotect(second!));
        Assert.Equal(["apiKey"], changes.Fields);
    }

    [Fact]
    public void Clearing_removes_the_value_and_marks_it_cleared()
    {
        var stored = Key.Apply(null, Plain, false, _protector, new ChangeSet());
        var changes = new ChangeSet();

        Assert.Null(Key.Apply(stored, null, clear: true, _protector, changes));
        Assert.Equal(["apiKey:cleared"], changes.Fields);
        Assert.Equal(AuditFields.Cleared("apiKey"), changes.Fields[0]);
    }

    [Fact]
    public void Clearing_nothing_and_sending_nothing_change_nothing()
    {
        var changes = new ChangeSet();
        Assert.Null(Key.Apply(null, null, clear: true, _protector, changes));
        var stored = Key.Apply(null, Plain, false, _protector, new ChangeSet());
        Assert.Equal(stored, Key.Apply(stored, null, clear: false, _protector, changes));
        Assert.False(changes.Any);
    }

    [Theory]
    [InlineData("", false, false, "apiKey", "API key cannot be empty; to remove the apiKey, clear it.")]
    [InlineData("x", true, false, "apiKey", "Send either a new apiKey or clearApiKey, not both.")]
    [InlineData(null, true, true, "clearApiKey", "A new model credential has no apiKey to clear.")]
    public void Bad_edits_are_refused_naming_the_field(string? value, bool clear, bool creating, string field, string message)
    {
        var problem = Assert.Throws<ValidationException>(() =>
            Key.Check(new Validator(), value, clear, creating, "model credential").ThrowIfInvalid());
        Assert.Contains(message, problem.Errors[field]);
    }

    [Fact]
    public void A_value_over_the_limit_is_refused_and_one_within_it_is_not()
    {
        Assert.Throws<ValidationException>(() => Key.Check(new Validator(), new string('x', 65), false, true, "credential").ThrowIfInvalid());
        Key.Check(new Validator(), new string('x', 64), false, true, "credential").ThrowIfInvalid();
        Key.Check(new Validator(), null, true, false, "credential").ThrowIfInvalid();
    }
}
