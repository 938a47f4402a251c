using Builder.Domain.ApiKeys;
using Builder.Domain.Audit;
using Builder.Domain.Common;
using Builder.Domain.Environments;
using Builder.Domain.Members;
using Builder.Domain.Organizations;
using Builder.Domain.Users;
using Builder.Domain.Variables;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

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
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BuilderDbContext).Assembly);
}

public sealed class SqliteBuilderDbContext(DbContextOptions<SqliteBuilderDbContext> options) : BuilderDbContext(options);

public sealed class SqlServerBuilderDbContext(DbContextOptions<SqlServerBuilderDbContext> options) : BuilderDbContext(options);
