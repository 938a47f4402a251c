using Builder.Domain.Audit;
using Builder.Web.Components.Shared;
using Builder.Web.Features.Approvals;
using Builder.Web.Features.Models;
using Builder.Web.Features.PromptTemplates;
using Builder.Web.Features.Prompts;
using Builder.Web.Features.Tables;
using Builder.Web.Features.Trash;
using Builder.Web.Features.WorkflowEntities;
using Builder.Web.Features.Workflows;

namespace Builder.Web.Features.Audit;

/// <summary>
/// Where an audit record's resource can be opened while it exists, or the trash while it waits there to be restored; null
/// when it is gone for good or has no page.
/// </summary>
public static class AuditLinks
{
    public static string? For(Guid organizationId, AuditView entry)
    {
        if (entry.InTrash) return TrashLinks.List(organizationId);
        if (!entry.ResourceExists) return null;
        return entry.ResourceType switch
        {
            ResourceTypes.Organization => $"/orgs/{organizationId}",
            ResourceTypes.Environment => Links.Variables(organizationId, entry.ResourceId),
            ResourceTypes.Variable when entry.EnvironmentId is { } env => Links.Variables(organizationId, env),
            ResourceTypes.Workflow when entry.EnvironmentId is { } env => WorkflowLinks.Editor(organizationId, env, entry.ResourceId),
            ResourceTypes.WorkflowEntity => EntityLinks.Edit(organizationId, entry.ResourceId),
            ResourceTypes.Member => Links.Members(organizationId),
            ResourceTypes.ApiKey => Links.ApiKeys(organizationId),
            ResourceTypes.Model => ModelLinks.List(organizationId),
            ResourceTypes.PromptTemplate => PromptTemplateLinks.Edit(organizationId, entry.ResourceId),
            ResourceTypes.Prompt => PromptLinks.List(organizationId),
            ResourceTypes.Table => TableLinks.Designer(organizationId, entry.ResourceId),
            // The agents, tools and managers pages (Features/Agents, Tools, Managers) may link a record itself once they exist.
            ResourceTypes.Agent => $"/orgs/{organizationId}/agents",
            ResourceTypes.Tool => $"/orgs/{organizationId}/tools",
            ResourceTypes.Manager => $"/orgs/{organizationId}/managers",
            ResourceTypes.TrashItem => TrashLinks.List(organizationId),
            ResourceTypes.ApprovalRequest => ApprovalLinks.Request(organizationId, entry.ResourceId),
            ResourceTypes.ApprovalPolicy => ApprovalLinks.Policies(organizationId),
            _ => null,
        };
    }

    /// <summary>The CSV export of the same records the page shows: the organization and the filters, no paging.</summary>
    public static string Export(Guid organizationId, AuditFilter filter)
    {
        var query = new List<string> { $"organizationId={organizationId}" };
        if (filter.ResourceType is { } type) query.Add("resourceType=" + Uri.EscapeDataString(type));
        if (filter.Actor is { } actor) query.Add("actor=" + Uri.EscapeDataString(actor));
        if (filter.From is { } from) query.Add("from=" + Uri.EscapeDataString(from.ToString("O")));
        if (filter.To is { } to) query.Add("to=" + Uri.EscapeDataString(to.ToString("O")));
        return "/api/audit/export?" + string.Join("&", query);
    }
}
