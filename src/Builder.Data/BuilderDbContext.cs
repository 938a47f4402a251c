using Builder.Data.Configurations;
using Builder.Domain.ApiKeys;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Members;
using Builder.Domain.Models;
using Builder.Domain.Organizations;
using Builder.Domain.PromptTemplates;
using Builder.Domain.Users;
using Builder.Domain.Variables;
using Builder.Domain.WorkflowEntities;
using Builder.Domain.Workflows;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Builder.Data;

/// <summary>
/// The Builder's database. One model, two providers: <see cref="SqliteBuilderDbContext"/> (embedded default) and
/// <see cref="SqlServerBuilderDbContext"/> (production), each with its own migrations. It also stores the
/// Data Protection key ring, so every server instance shares the keys that encrypt secrets.
/// </summary>
public abstract class BuilderDbContext(DbContextOptions options) : DbContext(options), IBuilderDbContext, IDataProtectionKeyContext
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<OrgEnvironment> Environments => Set<OrgEnvironment>();
    public DbSet<Variable> Variables => Set<Variable>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<WorkflowEntityType> WorkflowEntityTypes => Set<WorkflowEntityType>();
    public DbSet<WorkflowEntity> WorkflowEntities => Set<WorkflowEntity>();
    public DbSet<Workflow> Workflows => Set<Workflow>();
    public DbSet<WorkflowEntityUsage> WorkflowEntityUsages => Set<WorkflowEntityUsage>();
    public DbSet<AiModel> Models => Set<AiModel>();
    public DbSet<PromptTemplate> PromptTemplates => Set<PromptTemplate>();
    public DbSet<PromptTemplateVersion> PromptTemplateVersions => Set<PromptTemplateVersion>();
    public DbSet<PromptTemplateLabel> PromptTemplateLabels => Set<PromptTemplateLabel>();
    public DbSet<PromptTemplateLabelMove> PromptTemplateLabelMoves => Set<PromptTemplateLabelMove>();
    public DbSet<Domain.Prompts.Prompt> Prompts => Set<Domain.Prompts.Prompt>();
    public DbSet<Builder.Domain.PromptTemplates.Execution.PromptExecution> PromptExecutions => Set<Builder.Domain.PromptTemplates.Execution.PromptExecution>();
    public DbSet<Builder.Domain.Sharing.ResourceShare> ResourceShares => Set<Builder.Domain.Sharing.ResourceShare>();
    public DbSet<Domain.Trash.TrashItem> TrashItems => Set<Domain.Trash.TrashItem>();
    public DbSet<Domain.Tables.AutessaTable> AutessaTables => Set<Domain.Tables.AutessaTable>();
    public DbSet<Domain.Tables.TableColumn> TableColumns => Set<Domain.Tables.TableColumn>();
    public DbSet<Domain.Agents.Agent> Agents => Set<Domain.Agents.Agent>();
    public DbSet<Domain.Tools.Tool> Tools => Set<Domain.Tools.Tool>();
    public DbSet<Domain.Managers.Manager> Managers => Set<Domain.Managers.Manager>();
    public DbSet<Domain.Versioning.ResourceVersion> ResourceVersions => Set<Domain.Versioning.ResourceVersion>();
    public DbSet<Builder.Domain.Approvals.ApprovalRequest> ApprovalRequests => Set<Builder.Domain.Approvals.ApprovalRequest>();
    public DbSet<Builder.Domain.Approvals.ApprovalRequestVote> ApprovalRequestVotes => Set<Builder.Domain.Approvals.ApprovalRequestVote>();
    public DbSet<Builder.Domain.Approvals.OrganizationApprovalPolicy> ApprovalPolicies => Set<Builder.Domain.Approvals.OrganizationApprovalPolicy>();
    public DbSet<Domain.Knowledge.TableEmbedding> TableEmbeddings => Set<Domain.Knowledge.TableEmbedding>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BuilderDbContext).Assembly);
        modelBuilder.ApplyTrashFilters();
        // A workflow in the trash uses nothing: its usages count nowhere (an entity it used can be deleted meanwhile).
        modelBuilder.Entity<WorkflowEntityUsage>().HasQueryFilter(Domain.Trash.TrashFilter.Name,
            u => Workflows.Any(w => w.Id == u.WorkflowId));
    }

    /// <summary>
    /// Every date is stored and read as UTC: SQLite (and SQL Server's datetime2) keep no kind, so without this a value read
    /// back is Unspecified and its JSON loses the <c>Z</c> that the same value had when it was written.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}

/// <summary>Writes local times as UTC and marks every value read as UTC.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value,
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

public sealed class SqliteBuilderDbContext(DbContextOptions<SqliteBuilderDbContext> options) : BuilderDbContext(options);

public sealed class SqlServerBuilderDbContext(DbContextOptions<SqlServerBuilderDbContext> options) : BuilderDbContext(options);
