using Builder.Domain.Common;
using Builder.Domain.PromptTemplates;
using Builder.Domain.PromptTemplates.Execution;

namespace Builder.Domain.Tests.PromptTemplates.Execution;

public sealed class PromptRunPlansTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();

    [Fact]
    public void Compare_models_needs_one_to_three_distinct_models_in_the_order_chosen()
    {
        Assert.Equal([A], PromptRunPlans.ModelsToCompare([A]));
        Assert.Equal([C, A, B], PromptRunPlans.ModelsToCompare([C, A, C, B, Guid.Empty]));

        var none = Assert.Throws<ValidationException>(() => PromptRunPlans.ModelsToCompare([]));
        Assert.Equal("Choose at least one model to compare.", Assert.Single(none.Errors["models"]));
        Assert.Throws<ValidationException>(() => PromptRunPlans.ModelsToCompare(null));
        Assert.Throws<ValidationException>(() => PromptRunPlans.ModelsToCompare([Guid.Empty]));

        var four = Assert.Throws<ValidationException>(() => PromptRunPlans.ModelsToCompare([A, B, C, D]));
        Assert.Equal("Compare at most 3 models at once; 4 are chosen.", Assert.Single(four.Errors["models"]));
    }

    [Fact]
    public void Run_all_sets_runs_every_set_in_order_and_needs_one()
    {
        Assert.Equal(["Happy", "Sad"], PromptRunPlans.AllSets([new PromptVariableSet("Happy", new Dictionary<string, System.Text.Json.Nodes.JsonNode?>()), new PromptVariableSet("Sad", new Dictionary<string, System.Text.Json.Nodes.JsonNode?>())]));
        var error = Assert.Throws<ValidationException>(() => PromptRunPlans.AllSets([]));
        Assert.Contains("no variable sets", Assert.Single(error.Errors["variableSet"]));
    }

    [Theory]
    [InlineData("Hello there", 0)]
    [InlineData("the key is s", 1)]
    [InlineData("the key is sk-CAN", 6)]
    [InlineData("the key is sk-CANARY-9", 0)]       // not the start of the secret any more
    [InlineData("sk-CANARY-123", 13)]               // all but the last character: still waits
    [InlineData("", 0)]
    public void A_streamed_run_holds_back_only_an_ending_that_could_start_a_credential(string text, int held)
    {
        Assert.Equal(held, Builder.Domain.Models.StreamRedactor.SecretStartAtEnd(text, ["sk-CANARY-1234", "zz-other"]));
    }
}
