using Builder.Domain.Sharing;
using MudBlazor;

namespace Builder.Web.Features.Sharing;

/// <summary>How the sharing components name people and levels.</summary>
public static class SharingText
{
    /// <summary>"Bob Builder (builder@acme.test)", or the email alone when there is no other name.</summary>
    public static string Person(string name, string email) =>
        string.IsNullOrWhiteSpace(name) || string.Equals(name, email, StringComparison.OrdinalIgnoreCase) ? email : $"{name} ({email})";

    public static string LevelIcon(string level) => level == SharingWords.Company ? Icons.Material.Outlined.Groups : Icons.Material.Outlined.Lock;
}

/// <summary>The "Sharing" cell of a list row: the level in words with its icon; the owner in the tooltip.</summary>
public static class SharingCell
{
    public static Microsoft.AspNetCore.Components.RenderFragment Render(OwnedView row) =>
        Components.Shared.Plain.Chip(Summary(row), SharingText.LevelIcon(row.SharingLevel ?? ""),
            title: row.Owner is { } owner ? $"Owner: {SharingText.Person(owner.Name, owner.Email)}; you: {row.UserAccessLevel}" : null);

    /// <summary>The level as the viewer meets it: "Shared company-wide (edit)" for those who manage it, "(you can view)" for a
    /// reader whose role or share gives less (<see cref="SharingWords.SummaryFor"/>).</summary>
    public static string Summary(OwnedView row)
    {
        var (level, company) = (SharingWords.ParseLevel(row.SharingLevel) ?? SharingLevel.Private, SharingWords.ParseGrant(row.CompanyPermissionLevel) ?? AccessLevel.View);
        return SharingWords.ParseGrant(row.UserAccessLevel) is { } viewer ? SharingWords.SummaryFor(level, company, viewer) : SharingWords.Summary(level, company);
    }
}
