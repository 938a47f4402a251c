using Builder.Domain.ApiKeys;
using Builder.Domain.Approvals;
using Builder.Domain.Audit;
using Builder.Domain.Environments;
using Builder.Domain.Members;
using Builder.Domain.Organizations;
using Builder.Domain.Users;
using Builder.Domain.Variables;
using Builder.Domain.WorkflowEntities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Builder.Domain;

public static class DependencyInjection
{
    /// <summary>The domain services: plain classes, one per feature, called directly by pages and endpoints.</summary>
    public static IServiceCollection AddBuilderDomain(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<Access.ActorCache>();
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<EnvironmentService>();
        services.AddScoped<VariableService>();
        services.AddScoped<Models.ModelService>();
        services.AddScoped<Models.ModelConnectionTester>();
        services.AddScoped<MemberService>();
        services.AddScoped<UserAccountService>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<AuditService>();
        services.AddScoped<WorkflowEntityTypeService>();
        services.AddScoped<WorkflowEntityService>();
        services.AddScoped<Workflows.WorkflowService>();
        services.AddScoped<PromptTemplates.PromptTemplateService>();
        services.AddScoped<Prompts.PromptService>();
        services.AddScoped<PromptTemplates.Execution.PromptExecutionService>();
        services.TryAddSingleton<PromptTemplates.Sentiment.ISentimentAnalyzer>(PromptTemplates.Sentiment.LexiconSentimentAnalyzer.Instance);
        services.TryAddSingleton(Workflows.ConditionLimits.Default);
        services.AddSingleton<Workflows.ConditionTestService>();
        services.AddScoped<Trash.TrashService>();
        services.AddScoped<Approvals.IHumanOnlyOperation, Trash.PurgeTrashItemOperation>();
        services.AddOptions<Trash.TrashPurgeOptions>();
        services.AddHostedService<Trash.TrashPurgeJob>();
        services.AddSingleton<Approvals.ApprovalNotifier>();
        services.AddScoped<Approvals.ApprovalService>();
        services.AddDeletion<Workflows.WorkflowService>(ResourceTypes.Workflow,
            (workflows, actor, id, ct) => workflows.DescribeDeletionAsync(actor, id, ct),
            (workflows, actor, target, ct) => workflows.DeleteAsync(actor, target.ResourceId, target.Version, ct));
        return services;
    }
}
