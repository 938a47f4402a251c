using Builder.Domain.PromptTemplates;
using Builder.Domain.PromptTemplates.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Builder.Data.Configurations;

internal sealed class PromptExecutionConfiguration : IEntityTypeConfiguration<PromptExecution>
{
    public void Configure(EntityTypeBuilder<PromptExecution> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ModelName).HasMaxLength(Builder.Domain.Models.AiModel.NameMax).IsRequired();
        builder.Property(e => e.VariableSet).HasMaxLength(PromptVariableTypes.SetNameMax);
        builder.Property(e => e.InputsJson).IsRequired();
        builder.Property(e => e.Error).HasMaxLength(PromptExecution.ErrorMax);
        builder.Property(e => e.FinishReason).HasMaxLength(PromptExecution.FinishReasonMax);
        builder.Property(e => e.ExecutedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(e => new { e.PromptTemplateId, e.ExecutedAt });
        builder.HasOne<PromptTemplate>().WithMany().HasForeignKey(e => e.PromptTemplateId).OnDelete(DeleteBehavior.Cascade);
        // ModelId is not a foreign key: a run keeps the model's id and name after the model is deleted.
    }
}
