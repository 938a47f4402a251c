using Bunit;
using Builder.Web.Components.Shared;

namespace Builder.Web.Tests.Components.Console;

/// <summary>The shared write-only secret field (variables now, model credentials next): state in words, never a stored value.</summary>
public sealed class SecretFieldTests : ConsoleTestContext
{
    [Fact]
    public void A_stored_secret_reads_as_set_with_keep_replace_and_clear_and_no_input()
    {
        var field = Context.Render<SecretField>(p => p.Add(f => f.HasValue, true).Add(f => f.Noun, "token").Add(f => f.Label, "Token"));

        Assert.Contains("A token is stored", field.Find("[data-testid='secret-state']").TextContent);
        Assert.Equal(3, field.FindAll("input[type='radio']").Count);
        Assert.Empty(field.FindAll("input[type='password'], input[type='text']"));
    }

    [Fact]
    public void Choosing_replace_shows_an_empty_password_input()
    {
        var mode = SecretMode.Keep;
        var field = Context.Render<SecretField>(p => p.Add(f => f.HasValue, true).Add(f => f.Mode, mode)
            .Add(f => f.ModeChanged, m => mode = m));

        field.FindAll("input[type='radio']")[1].Click();
        Assert.Equal(SecretMode.Replace, mode);
        field.Render(p => p.Add(f => f.Mode, mode));

        var input = field.Find("input[type='password']");
        Assert.True(string.IsNullOrEmpty(input.GetAttribute("value")));
        Assert.Equal("new-password", input.GetAttribute("autocomplete"));
    }

    [Fact]
    public void Without_a_stored_secret_there_is_nothing_to_clear()
    {
        var field = Context.Render<SecretField>(p => p.Add(f => f.HasValue, false));

        Assert.Contains("No value is stored yet", field.Markup);
        Assert.Equal(2, field.FindAll("input[type='radio']").Count);
    }

    [Theory]
    [InlineData(true, SecretMode.Keep, null, null, false)]
    [InlineData(true, SecretMode.Keep, "sk-1", "sk-1", false)]
    [InlineData(false, SecretMode.Keep, "typed then kept", null, false)]
    [InlineData(false, SecretMode.Replace, "sk-2", "sk-2", false)]
    [InlineData(false, SecretMode.Replace, null, "", false)]
    [InlineData(false, SecretMode.Clear, null, null, true)]
    public void The_change_a_save_sends(bool isNew, SecretMode mode, string? typed, string? value, bool clear) =>
        Assert.Equal((value, clear), SecretField.Change(isNew, mode, typed));
}
