using Builder.Domain.Approvals;
using Builder.Domain.Organizations;
using Builder.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class ApprovalRequestConfiguration : IEntityTypeConfiguration<ApprovalRequest>
{
    public void Configure(EntityTypeBuilder<ApprovalRequest> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Operation).HasMaxLength(32).IsRequired();
        builder.Property(r => r.ResourceType).HasMaxLength(64).IsRequired();
        builder.Property(r => r.ResourceName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.Before).HasMaxLength(ApprovalRequest.TextMax);
        builder.Property(r => r.After).HasMaxLength(ApprovalRequest.TextMax);
        builder.Property(r => r.RequesterEmail).HasMaxLength(User.EmailMax).IsRequired();
        builder.Property(r => r.RequesterName).HasMaxLength(User.NameMax).IsRequired();
        builder.Property(r => r.Justification).HasMaxLength(ApprovalRequest.JustificationMax).IsRequired();
        builder.Property(r => r.Outcome).HasMaxLength(ApprovalRequest.TextMax);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(r => new { r.OrganizationId, r.Status, r.CreatedAt });
        builder.HasIndex(r => new { r.ResourceType, r.ResourceId, r.Status });
        builder.HasIndex(r => r.RequesterId);
        // At most one pending request per operation and target: of two identical requests racing, the database refuses the
        // second (409), which no check-then-insert can guarantee. The column and value are the same in SQLite and SQL Server.
        builder.HasIndex(r => new { r.Operation, r.ResourceType, r.ResourceId }).IsUnique()
            .HasFilter("Status = 'Pending'").HasDatabaseName("IX_ApprovalRequests_OnePending");
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Votes).WithOne().HasForeignKey(v => v.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApprovalRequestVoteConfiguration : IEntityTypeConfiguration<ApprovalRequestVote>
{
    public void Configure(EntityTypeBuilder<ApprovalRequestVote> builder)
    {
        builder.HasKey(v => v.Id);
        builder.Property(v => v.ReviewerEmail).HasMaxLength(User.EmailMax).IsRequired();
        builder.Property(v => v.ReviewerName).HasMaxLength(User.NameMax).IsRequired();
        builder.Property(v => v.Comment).HasMaxLength(ApprovalRequest.CommentMax);
        // One decision per person and request: the second of two racing votes by one person is refused by the database.
        builder.HasIndex(v => new { v.RequestId, v.ReviewerId }).IsUnique();
    }
}

internal sealed class OrganizationApprovalPolicyConfiguration : IEntityTypeConfiguration<OrganizationApprovalPolicy>
{
    public void Configure(EntityTypeBuilder<OrganizationApprovalPolicy> builder)
    {
        builder.HasKey(p => p.OrganizationId);
        builder.Property(p => p.UpdatedBy).HasMaxLength(User.EmailMax);
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
