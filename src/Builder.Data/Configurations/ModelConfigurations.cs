using Builder.Domain.Trash;
using Builder.Domain.Models;
using Builder.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class AiModelConfiguration : IEntityTypeConfiguration<AiModel>
{
    public void Configure(EntityTypeBuilder<AiModel> builder)
    {
        builder.ToTable("Models");
        builder.ConfigureTracked();
        builder.Ignore(m => m.IsSystem);
        builder.Property(m => m.Name).HasMaxLength(AiModel.NameMax).IsRequired();
        builder.Property(m => m.Description).HasMaxLength(AiModel.DescriptionMax);
        builder.Property(m => m.Provider).HasMaxLength(AiModel.ProviderMax).IsRequired();
        builder.Property(m => m.ModelUrl).HasMaxLength(AiModel.UrlMax).IsRequired();
        builder.Property(m => m.ModelName).HasMaxLength(AiModel.ModelNameMax).IsRequired();
        // System models have no organization; SQL treats NULLs as distinct, so their names are kept unique by the service.
        builder.HasIndex(m => new { m.OrganizationId, m.Name }).IsUnique()
            .HasFilter("[OrganizationId] IS NOT NULL AND " + TrashFilter.NotDeletedSql);
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
