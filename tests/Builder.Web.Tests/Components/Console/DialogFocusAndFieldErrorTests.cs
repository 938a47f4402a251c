using Bunit;
using Builder.Data.Seed;
using Builder.Domain.Environments;
using Builder.Web.Features.Environments;

namespace Builder.Web.Tests.Components.Console;

/// <summary>
/// Create dialogs: the first field gets the focus when the dialog opens (not the dialog element, which stole it and marked the
/// field "Required" before anyone typed), messages appear after leaving the field or submitting, and a duplicate name
/// shows under the name field rather than in a snackbar.
/// </summary>
public sealed class DialogFocusAndFieldErrorTests : ConsoleTestContext
{
    private Guid _org;

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> OpenNewEnvironmentAsync()
    {
        await SignInAsync("admin@acme.test");
        _org = await OrganizationIdAsync(DevelopmentSeed.AcmeName);
        var page = RenderWithProviders<EnvironmentsPage>(new() { ["OrgId"] = _org });
        page.WaitForAssertion(() => Assert.Contains("Production", page.Find(".mud-table-body").TextContent));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "New environment").Click();
        page.WaitForElement(".mud-dialog input");
        return page;
    }

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<Bunit.Rendering.ContainerFragment> page, string text) =>
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    [Fact]
    public async Task A_create_dialog_focuses_its_first_field_and_shows_no_message_on_open()
    {
        var page = await OpenNewEnvironmentAsync();

        page.WaitForAssertion(() => Assert.True(Context.JSInterop.Invocations.Any(i => i.Identifier == "mudElementRef.focusFirst"),
            string.Join(", ", Context.JSInterop.Invocations.Select(i => i.Identifier).Distinct())));
        var dialog = page.Find(".mud-dialog");
        Assert.DoesNotContain("Required", dialog.TextContent);
        Assert.Empty(dialog.QuerySelectorAll(".mud-input-error"));
    }

    [Fact]
    public async Task Required_shows_after_leaving_the_empty_field_and_the_domain_message_after_submitting()
    {
        var page = await OpenNewEnvironmentAsync();

        page.Find(".mud-dialog input").Blur();
        page.WaitForAssertion(() => Assert.Contains("Required", page.Find(".mud-dialog").TextContent));

        DialogButton(page, "Create").Click();
        page.WaitForAssertion(() => Assert.Contains("Name is required.", page.Find(".mud-dialog").TextContent));
    }

    [Fact]
    public async Task The_name_field_shows_its_limit()
    {
        var page = await OpenNewEnvironmentAsync();

        Assert.Contains($"0 / {OrgEnvironment.NameMax}", page.Find(".mud-dialog").TextContent);
    }

    [Fact]
    public async Task A_duplicate_name_shows_under_the_name_field_not_in_a_snackbar()
    {
        var page = await OpenNewEnvironmentAsync();

        page.Find(".mud-dialog input").Change("production");
        DialogButton(page, "Create").Click();

        page.WaitForAssertion(() =>
        {
            var nameField = page.Find(".mud-dialog .mud-input-control");
            Assert.Contains("An environment named 'production' already exists in this organization", nameField.TextContent);
            Assert.NotEmpty(nameField.QuerySelectorAll(".mud-input-error"));
        });
        Assert.DoesNotContain(page.FindAll(".mud-snackbar"), s => s.TextContent.Contains("already exists"));
        Assert.NotEmpty(page.FindAll(".mud-dialog")); // still open, so the name can be changed
    }
}
