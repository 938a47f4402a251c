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
        services.AddScoped<Mcp.McpServerService>();
        services.AddScoped<Mcp.McpClientService>();
        services.AddScoped<Mcp.McpToolImport>();
        services.AddScoped<Versioning.ChoiceService>();
        services.TryAddSingleton<Chat.ChatRunner>();
        services.TryAddSingleton<Chat.HttpToolRunner>();
        services.TryAddSingleton<Chat.ManagerRouter>();
        // Conversations of agents and managers: their access is the owned-resource rule over the Agent and Manager records.
        services.TryAddScoped<Conversations.IConversationResourceAccess, Chat.VersionedConversationResources>();
        services.AddScoped<Conversations.ConversationService>();
        services.AddScoped<Chat.KnowledgeRetriever>();
        services.AddScoped<Chat.AgentChatService>();
        services.AddScoped<MemberService>();
        services.AddScoped<UserAccountService>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<AuditService>();
        services.AddScoped<WorkflowEntityTypeService>();
        services.AddScoped<WorkflowEntityService>();
        services.AddScoped<Workflows.WorkflowService>();
        services.AddScoped<PromptTemplates.PromptTemplateService>();
        services.AddScoped<Prompts.PromptService>();
        services.AddScoped<Tables.TableService>();
        services.AddScoped<IHumanOnlyOperation, Tables.DropColumnOperation>();
        services.AddScoped<PromptTemplates.Execution.PromptExecutionService>();
        services.TryAddSingleton<PromptTemplates.Sentiment.ISentimentAnalyzer>(PromptTemplates.Sentiment.LexiconSentimentAnalyzer.Instance);
        services.TryAddSingleton(Workflows.ConditionLimits.Default);
        services.AddSingleton<Workflows.ConditionTestService>();
        services.AddScoped<Trash.TrashService>();
        services.AddScoped<Approvals.IHumanOnlyOperation, Trash.PurgeTrashItemOperation>();
        services.AddOptions<Trash.TrashPurgeOptions>();
        services.AddHostedService<Trash.TrashPurgeJob>();
        Knowledge.KnowledgeServices.AddKnowledge(services);
        services.AddSingleton<Approvals.ApprovalNotifier>();
        services.AddScoped<Approvals.ApprovalService>();
        services.AddScoped<IHumanOnlyOperation, ApprovalPolicyChange>();
        AddDeletions(services);
        services.AddScoped<Sharing.SharingService>();
        services.AddOwnedResource<Workflows.Workflow>();
        services.AddOwnedResource<PromptTemplates.PromptTemplate>();
        services.AddOwnedResource<Prompts.Prompt>();
        services.AddOwnedResource<Tables.AutessaTable>();
        services.AddScoped<Agents.AgentService>();
        services.AddScoped<Tools.ToolService>();
        services.AddScoped<Managers.ManagerService>();
        // The MCP feature replaces this with its servers; until then no MCP server id is known.
        services.TryAddScoped<Tools.IMcpServerLookup, Mcp.McpServerLookup>();
        services.AddOwnedResource<Agents.Agent>();
        services.AddOwnedResource<Tools.Tool>();
        services.AddOwnedResource<Managers.Manager>();
        services.AddScoped<Connectors.ConnectorService>();
        services.AddOwnedResource<Connectors.Connector>();
        // Rows written to searchable columns are embedded, deleted rows leave the index (through the indexing queue).
        services.TryAddSingleton<Tables.Rows.ITableRowsObserver, Tables.Knowledge.SearchIndexObserver>();
        services.AddScoped<Tables.Knowledge.KnowledgeBaseService>();
        services.AddScoped<Tables.Rows.RowService>();
        services.AddScoped<Tables.Rows.RowFileService>();
        services.AddScoped<Tables.Export.TableExportService>();
        services.AddSingleton<Tables.Import.ImportQueue>();
        services.AddScoped<Tables.Import.TableImporter>();
        services.AddScoped<Tables.Import.TableImportService>();
        services.AddHostedService<Tables.Import.ImportWorker>();
        services.AddSingleton<Sharing.IOwnedResourceType, Tables.TableColumnVisibility>();
        return services;
    }

    /// <summary>
    /// Opts an owned resource type into sharing: its share and transfer-ownership operations (one generic implementation
    /// each) become approval-request operations. Later resources (agents, tools, tables…) add one line here.
    /// </summary>
    public static IServiceCollection AddOwnedResource<T>(this IServiceCollection services)
        where T : Common.TrackedEntity, Sharing.IOwnedResource
    {
        services.AddScoped<Approvals.IHumanOnlyOperation, Sharing.ShareOperation<T>>();
        services.AddScoped<Approvals.IHumanOnlyOperation, Sharing.TransferOwnershipOperation<T>>();
        services.AddSingleton<Sharing.IOwnedResourceType, Sharing.OwnedResourceType<T>>();
        return services;
    }

    /// <summary>
    /// Every resource's deletion goes through approval: describe (as the requester, with the delete's own checks) and the
    /// approved delete, run against the version requested. The services' delete methods are internal: nothing else calls them.
    /// </summary>
    private static void AddDeletions(IServiceCollection services)
    {
        services.AddDeletion<OrganizationService>(ResourceTypes.Organization,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<EnvironmentService>(ResourceTypes.Environment,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<VariableService>(ResourceTypes.Variable,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<WorkflowEntityService>(ResourceTypes.WorkflowEntity,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<WorkflowEntityTypeService>(ResourceTypes.WorkflowEntityType,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Workflows.WorkflowService>(ResourceTypes.Workflow,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<PromptTemplates.PromptTemplateService>(ResourceTypes.PromptTemplate,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Prompts.PromptService>(ResourceTypes.Prompt,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Tables.TableService>(ResourceTypes.Table,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Agents.AgentService>(ResourceTypes.Agent,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Tools.ToolService>(ResourceTypes.Tool,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Managers.ManagerService>(ResourceTypes.Manager,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Connectors.ConnectorService>(ResourceTypes.Connector,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Models.ModelService>(ResourceTypes.Model,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Models.ModelService>(ResourceTypes.SystemModel,
            (s, actor, id, ct) => s.DescribeSystemDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteSystemAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<Mcp.McpServerService>(ResourceTypes.McpServer,
            (s, actor, id, ct) => s.DescribeDeletionAsync(actor, id, ct), (s, actor, t, ct) => s.DeleteAsync(actor, t.ResourceId, t.Version, ct));
        services.AddDeletion<MemberService>(ResourceTypes.Member,
            (s, actor, id, ct) => s.DescribeRemovalAsync(actor, id, ct), (s, actor, t, ct) => s.RemoveAsync(actor, t.ResourceId, t.Version, ct));
    }
}
