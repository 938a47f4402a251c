using Builder.Domain.Conversations;
using Builder.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("Conversations");
        builder.HasKey(c => c.Id);
        // The integer conversationId of the API: an identity column on both providers.
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.ResourceType).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Title).HasMaxLength(Conversation.TitleMax).IsRequired();
        builder.Property(c => c.StartedByName).HasMaxLength(Conversation.NameMax).IsRequired();
        builder.HasIndex(c => new { c.OrganizationId, c.ResourceType, c.ResourceId, c.LastMessageAt });
        builder.HasIndex(c => new { c.OrganizationId, c.ResourceType, c.ResourceId, c.StartedOn });
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationMessageConfiguration : IEntityTypeConfiguration<ConversationMessage>
{
    public void Configure(EntityTypeBuilder<ConversationMessage> builder)
    {
        builder.ToTable("ConversationMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.Property(m => m.ResourceType).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Role).HasMaxLength(16).IsRequired();
        builder.Property(m => m.Text).HasMaxLength(ConversationMessage.TextMax).IsRequired();
        builder.Property(m => m.StepsJson);
        builder.Property(m => m.Outcome).HasMaxLength(32);
        builder.Property(m => m.Error).HasMaxLength(ConversationMessage.ErrorMax);
        builder.Property(m => m.RoutedAgentName).HasMaxLength(Conversation.NameMax);
        builder.Property(m => m.RoutingReason).HasMaxLength(ConversationMessage.ReasonMax);
        builder.HasIndex(m => new { m.ConversationId, m.Sequence }).IsUnique();
        // Statistics: one resource's messages by day.
        builder.HasIndex(m => new { m.OrganizationId, m.ResourceType, m.ResourceId, m.CreatedOn });
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ConversationEvaluationConfiguration : IEntityTypeConfiguration<ConversationEvaluation>
{
    public void Configure(EntityTypeBuilder<ConversationEvaluation> builder)
    {
        builder.ToTable("ConversationEvaluations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.ResourceType).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.UserName).HasMaxLength(Conversation.NameMax).IsRequired();
        builder.Property(e => e.Comment).HasMaxLength(ConversationEvaluation.CommentMax);
        // One evaluation per person and conversation.
        builder.HasIndex(e => new { e.ConversationId, e.UserId }).IsUnique();
        builder.HasIndex(e => new { e.OrganizationId, e.ResourceType, e.ResourceId });
        builder.HasOne<Conversation>().WithMany().HasForeignKey(e => e.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
