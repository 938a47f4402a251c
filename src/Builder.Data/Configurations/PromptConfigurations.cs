using Builder.Domain.Organizations;
using Builder.Domain.Prompts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class PromptConfiguration : IEntityTypeConfiguration<Prompt>
{
    public void Configure(EntityTypeBuilder<Prompt> builder)
    {
        builder.ConfigureTracked();
        builder.ConfigureOwned();
        builder.Property(p => p.Title).HasMaxLength(Prompt.TitleMax).IsRequired();
        builder.Property(p => p.Content).IsRequired();
        builder.Property(p => p.OutputFormat).HasMaxLength(16).IsRequired();
        builder.HasIndex(p => new { p.OrganizationId, p.Title });
        builder.HasIndex(p => p.ModelId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        // ModelId is deliberately not a foreign key: a deleted model leaves prompts without one.
    }
}
