using Builder.Domain.Organizations;
using MudBlazor;

namespace Builder.Web.Components.Shared;

/// <summary>Breadcrumb trails: Organizations › the organization › the page's own steps, the last one not a link.</summary>
public static class Crumbs
{
    public static IReadOnlyList<BreadcrumbItem> For(OrganizationView? organization, params (string Text, string? Href)[] steps)
    {
        var items = new List<BreadcrumbItem> { new("Organizations", "/orgs") };
        if (organization is not null) items.Add(new(organization.Name, Links.Environments(organization.Id)));
        items.AddRange(steps.Select(s => new BreadcrumbItem(s.Text, s.Href)));
        var last = items[^1];
        items[^1] = new BreadcrumbItem(last.Text, null, disabled: true);
        return items;
    }
}
