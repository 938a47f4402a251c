using Builder.Domain.Trash;
using Builder.Domain.ApiKeys;
using Builder.Domain.Audit;
using Builder.Domain.Members;
using Builder.Domain.Organizations;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Subject).HasMaxLength(256);
        builder.Property(u => u.Email).HasMaxLength(User.EmailMax).IsRequired();
        builder.Property(u => u.Name).HasMaxLength(User.NameMax).IsRequired();
        builder.HasIndex(u => u.Subject).IsUnique();
        builder.HasIndex(u => u.Email);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ConfigureTracked();
        builder.Property(m => m.Email).HasMaxLength(User.EmailMax).IsRequired();
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(m => m.IsActive);
        builder.HasIndex(m => new { m.OrganizationId, m.Email }).IsUnique().HasFilter(TrashFilter.NotDeletedSql);
        builder.HasIndex(m => m.UserId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameMax).IsRequired();
        builder.Property(k => k.KeyId).HasMaxLength(64).IsRequired();
        builder.Property(k => k.SecretHash).HasMaxLength(128).IsRequired();
        builder.Property(k => k.OwnerEmail).HasMaxLength(User.EmailMax);
        builder.Property(k => k.RevokedBy).HasMaxLength(User.EmailMax);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.HasIndex(k => k.OrganizationId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ActorEmail).HasMaxLength(User.EmailMax);
        builder.Property(a => a.ResourceType).HasMaxLength(64);
        builder.Property(a => a.Action).HasMaxLength(32);
        builder.Property(a => a.ChangedFields).HasMaxLength(1000);
        builder.Property(a => a.ResourceName).HasMaxLength(200);
        builder.Property(a => a.EnvironmentName).HasMaxLength(200);
        // Audit records outlive what they describe: no foreign keys.
        builder.HasIndex(a => new { a.OrganizationId, a.At });
    }
}
