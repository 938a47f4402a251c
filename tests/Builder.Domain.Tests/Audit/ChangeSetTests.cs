using Builder.Domain.Audit;

namespace Builder.Domain.Tests.Audit;

public class ChangeSetTests
{
    [Fact]
    public void A_new_record_names_only_the_fields_it_was_given() =>
        Assert.Equal(["name"], ChangeSet.Given(("name", "Staging"), ("description", null)));

    [Fact]
    public void Only_real_changes_are_recorded_and_applied()
    {
        var name = "old";
        var changes = new ChangeSet();
        changes.Set("name", name, "old", v => name = v);
        Assert.False(changes.Any);
        changes.Set("name", name, "new", v => name = v);
        Assert.Equal(["name"], changes.Fields);
        Assert.Equal("new", name);
    }
}
