using Builder.Domain.ApiKeys;
using Builder.Domain.Audit;
using Builder.Domain.Environments;
using Builder.Domain.Members;
using Builder.Domain.Models;
using Builder.Domain.Organizations;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Users;
using Builder.Domain.Variables;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Builder.Domain.Common;

/// <summary>What domain services need of the database. Implemented by Builder.Data's BuilderDbContext.</summary>
public interface IBuilderDbContext : IAsyncDisposable
{
    DbSet<Organization> Organizations { get; }
    DbSet<OrgEnvironment> Environments { get; }
    DbSet<Variable> Variables { get; }
    DbSet<User> Users { get; }
    DbSet<Membership> Memberships { get; }
    DbSet<ApiKey> ApiKeys { get; }
    DbSet<AuditEntry> AuditEntries { get; }
    DbSet<WorkflowEntityType> WorkflowEntityTypes { get; }
    DbSet<WorkflowEntity> WorkflowEntities { get; }
    DbSet<Workflow> Workflows { get; }
    DbSet<WorkflowEntityUsage> WorkflowEntityUsages { get; }
    DbSet<AiModel> Models { get; }
    DbSet<PromptTemplate> PromptTemplates { get; }
    DbSet<PromptTemplateVersion> PromptTemplateVersions { get; }
    DbSet<PromptTemplateLabel> PromptTemplateLabels { get; }
    DbSet<PromptTemplateLabelMove> PromptTemplateLabelMoves { get; }
    DbSet<Builder.Domain.Prompts.Prompt> Prompts { get; }
    DbSet<PromptTemplates.Execution.PromptExecution> PromptExecutions { get; }
    DbSet<Trash.TrashItem> TrashItems { get; }
    DbSet<Tables.AutessaTable> AutessaTables { get; }
    DbSet<Tables.TableColumn> TableColumns { get; }
    DbSet<Agents.Agent> Agents { get; }
    DbSet<Tools.Tool> Tools { get; }
    DbSet<Managers.Manager> Managers { get; }

    /// <summary>The versions (draft, published, archived) of agents, tools and managers (Versioning/ResourceVersion.cs).</summary>
    DbSet<Versioning.ResourceVersion> ResourceVersions { get; }
    DbSet<Connectors.Connector> Connectors { get; }
    DbSet<Approvals.ApprovalRequest> ApprovalRequests { get; }
    DbSet<Approvals.ApprovalRequestVote> ApprovalRequestVotes { get; }
    DbSet<Approvals.OrganizationApprovalPolicy> ApprovalPolicies { get; }

    /// <summary>The explicit shares of every owned resource type (Sharing/OwnedResource.cs).</summary>
    DbSet<Sharing.ResourceShare> ResourceShares { get; }

    /// <summary>The embedded texts of AutessaDB tables (Knowledge/TableVectorIndex.cs).</summary>
    DbSet<Knowledge.TableEmbedding> TableEmbeddings { get; }

    /// <summary>The records of one entity type, for what works on any owned resource type.</summary>
    DbSet<TEntity> Set<TEntity>() where TEntity : class;

    /// <summary>The database itself: its provider, connection and transaction (the physical tables of AutessaDB tables use them).</summary>
    Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade Database { get; }

    EntityEntry<TEntity> Entry<TEntity>(TEntity entity) where TEntity : class;
    EntityEntry<TEntity> Add<TEntity>(TEntity entity) where TEntity : class;
    EntityEntry<TEntity> Remove<TEntity>(TEntity entity) where TEntity : class;
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}

/// <summary>Services open one short-lived context per operation, which suits Blazor Server circuits and API requests alike.</summary>
public interface IBuilderDbContextFactory
{
    IBuilderDbContext Create();

    /// <summary>
    /// A context for reading only, for the hottest reads (a list page an API client polls). On SQLite its connection stays
    /// open between uses (see Builder.Data.SqliteReaders); elsewhere it is <see cref="Create"/>. It tracks nothing and
    /// cannot save.
    /// </summary>
    IBuilderDbContext CreateReader() => Create();
}
