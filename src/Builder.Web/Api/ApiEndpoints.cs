using Builder.Web.Features.ApiKeys;
using Builder.Web.Features.Approvals;
using Builder.Web.Features.Audit;
using Builder.Web.Features.Environments;
using Builder.Web.Features.Members;
using Builder.Web.Features.Models;
using Builder.Web.Features.Organizations;
using Builder.Web.Features.PromptTemplates;
using Builder.Web.Features.Prompts;
using Builder.Web.Features.Session;
using Builder.Web.Features.Tables.Import;
using Builder.Web.Features.Trash;
using Builder.Web.Features.Variables;
using Builder.Web.Features.WorkflowEntities;
using Builder.Web.Features.Workflows;

namespace Builder.Web.Api;

public static class ApiEndpoints
{
    /// <summary>Every REST endpoint lives under /api, requires a session cookie or an admin API key, and answers errors as JSON.</summary>
    public static IEndpointRouteBuilder MapBuilderApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapSessionEndpoints();
        api.MapOrganizationEndpoints();
        api.MapEnvironmentEndpoints();
        api.MapVariableEndpoints();
        api.MapMemberEndpoints();
        api.MapApiKeyEndpoints();
        api.MapAuditEndpoints();
        api.MapWorkflowEntityTypeEndpoints();
        api.MapWorkflowEntityEndpoints();
        api.MapWorkflowEndpoints();
        api.MapPromptTemplateEndpoints();
        api.MapModelEndpoints();
        api.MapSystemModelEndpoints();
        api.MapPromptEndpoints();
        api.MapApprovalEndpoints();
        api.MapTrashEndpoints();
        api.MapTableExportEndpoints();

        app.MapFallback("/api/{**path}", () => TypedResults.Json(new ErrorResponse("Not found", "No API endpoint matches this path."), statusCode: 404))
            .ExcludeFromDescription();
        return app;
    }
}
