using System.Text.Json;
using Builder.Domain.PromptTemplates.Sentiment;

namespace Builder.Domain.Tests.PromptTemplates.Sentiment;

/// <summary>The rules of the embedded analyzer, one at a time.</summary>
public sealed class LexiconSentimentAnalyzerTests
{
    private static SentimentAnalysis Analyze(string text) => LexiconSentimentAnalyzer.Instance.Analyze(text);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Empty_text_is_neutral_with_no_sentences(string? text)
    {
        var analysis = LexiconSentimentAnalyzer.Instance.Analyze(text);

        Assert.Equal(SentimentLabels.Neutral, analysis.Label);
        Assert.Equal(0, analysis.Score);
        Assert.Empty(analysis.Sentences);
    }

    [Fact]
    public void Positive_and_negative_words_give_the_label_and_a_score_between_minus_one_and_one()
    {
        var good = Analyze("The support was excellent and fast.");
        var bad = Analyze("The support was awful and slow.");

        Assert.Equal(SentimentLabels.Positive, good.Label);
        Assert.InRange(good.Score, 0.15, 1);
        Assert.Equal(SentimentLabels.Negative, bad.Label);
        Assert.InRange(bad.Score, -1, -0.15);
    }

    [Theory]
    [InlineData("The food was not good.")]
    [InlineData("The food isn't good.")]
    [InlineData("The food was never good.")]
    [InlineData("I don't think the food was good.")]
    public void Negation_turns_a_positive_word_negative(string text) =>
        Assert.Equal(SentimentLabels.Negative, Analyze(text).Label);

    [Fact]
    public void Negation_ends_at_the_clause_boundary()
    {
        var analysis = Analyze("No, the food was good.");

        Assert.Equal(SentimentLabels.Positive, analysis.Label);
    }

    [Fact]
    public void Negation_reaches_only_three_words()
    {
        var near = Analyze("It was not a good day.");
        var far = Analyze("It was not what the reviewers, a good day.");

        Assert.True(near.Score < 0);
        Assert.True(far.Score > 0);
    }

    [Fact]
    public void A_negated_negative_is_mildly_positive()
    {
        var analysis = Analyze("The hotel was not bad.");

        Assert.True(analysis.Score > 0);
        Assert.True(analysis.Score < Analyze("The hotel was good.").Score);
    }

    [Fact]
    public void Intensifiers_raise_and_dampeners_lower_the_score()
    {
        var plain = Analyze("The room was clean.").Score;

        Assert.True(Analyze("The room was very clean.").Score > plain);
        Assert.True(Analyze("The room was extremely clean.").Score > Analyze("The room was very clean.").Score);
        Assert.True(Analyze("The room was slightly clean.").Score < plain);
        Assert.True(Analyze("The room was kind of clean.").Score < plain);
    }

    [Fact]
    public void Barely_half_reverses_the_word_after_it()
    {
        Assert.Equal(SentimentLabels.Negative, Analyze("The update barely works.").Label);
    }

    [Fact]
    public void After_but_the_second_clause_weighs_more()
    {
        var goodThenBad = Analyze("The design is nice but the battery is bad.").Score;
        var badThenGood = Analyze("The battery is bad but the design is nice.").Score;

        Assert.True(goodThenBad < 0);
        Assert.True(badThenGood > 0);
    }

    [Fact]
    public void However_opening_a_sentence_outweighs_the_sentence_before()
    {
        var analysis = Analyze("The menu looked good. However, the food was bad.");

        Assert.True(analysis.Score < 0);
    }

    [Fact]
    public void A_conceding_clause_weighs_less_than_the_main_clause()
    {
        var analysis = Analyze("Although the room was a bit small, the view was good.");

        Assert.True(analysis.Score > 0);
    }

    [Fact]
    public void Exclamation_marks_add_emphasis_up_to_four()
    {
        var plain = Analyze("This is good.").Score;
        var one = Analyze("This is good!").Score;
        var four = Analyze("This is good!!!!").Score;

        Assert.True(one > plain);
        Assert.True(four > one);
        Assert.Equal(four, Analyze("This is good!!!!!!!!").Score);
        Assert.True(Analyze("This is bad!!!").Score < Analyze("This is bad.").Score);
        Assert.Equal(0, Analyze("Send the file!!!").Score);
    }

    [Fact]
    public void A_word_in_capitals_inside_normal_text_weighs_more_but_shouting_everything_does_not()
    {
        Assert.True(Analyze("The food was GOOD.").Score > Analyze("The food was good.").Score);
        Assert.Equal(Analyze("the food was good.").Score, Analyze("THE FOOD WAS GOOD.").Score);
    }

    [Theory]
    [InlineData("Thanks for the help :)", SentimentLabels.Positive)]
    [InlineData("The parcel arrived 👍", SentimentLabels.Positive)]
    [InlineData("The parcel never arrived :(", SentimentLabels.Negative)]
    [InlineData("The parcel arrived 😡", SentimentLabels.Negative)]
    public void Emoticons_and_emoji_carry_sentiment(string text, string label) =>
        Assert.Equal(label, Analyze(text).Label);

    [Fact]
    public void A_url_is_not_an_emoticon()
    {
        Assert.Equal(SentimentLabels.Neutral, Analyze("See https://example.com/docs (page 2)").Label);
    }

    [Fact]
    public void A_clearly_positive_and_a_clearly_negative_sentence_make_mixed()
    {
        var analysis = Analyze("The staff were wonderful. The room was filthy and the bed was awful.");

        Assert.Equal(SentimentLabels.Mixed, analysis.Label);
        Assert.Equal(2, analysis.Sentences.Count);
        Assert.True(analysis.Sentences[0].Score > 0);
        Assert.True(analysis.Sentences[1].Score < 0);
    }

    [Fact]
    public void A_faint_negative_next_to_a_strong_positive_is_not_mixed()
    {
        Assert.Equal(SentimentLabels.Positive, Analyze("An excellent, wonderful hotel with a slightly slow lift.").Label);
    }

    [Fact]
    public void Sentences_are_split_on_end_marks_and_line_breaks_and_keep_their_text()
    {
        var analysis = Analyze("Great job! Is it done?\nThe total is 3.5 kg, e.g. two bags.   Thanks.");

        Assert.Equal(["Great job!", "Is it done?", "The total is 3.5 kg, e.g. two bags.", "Thanks."], analysis.Sentences.Select(s => s.Text));
        Assert.Equal(["See No. 5 for details.", "No.", "It is fine."], Analyze("See No. 5 for details. No. It is fine.").Sentences.Select(s => s.Text));
    }

    [Fact]
    public void Template_variables_are_opaque()
    {
        var analysis = Analyze("Dear {{customer.name}}, your order {{order_id}} is great. {{terrible. awful!}}");

        Assert.Equal(SentimentLabels.Positive, analysis.Label);
        Assert.Equal(2, analysis.Sentences.Count);
        Assert.Equal("{{terrible. awful!}}", analysis.Sentences[1].Text);
        Assert.Equal(0, analysis.Sentences[1].Score);
    }

    [Fact]
    public void An_unclosed_placeholder_does_not_break_the_analysis()
    {
        var analysis = Analyze("Hello {{name, this is great. " + new string('{', 5000));

        Assert.Equal(SentimentLabels.Positive, analysis.Label);
    }

    [Fact]
    public void Like_is_a_sentiment_only_as_a_verb_of_liking()
    {
        Assert.Equal(SentimentLabels.Positive, Analyze("I like the new layout.").Label);
        Assert.Equal(SentimentLabels.Neutral, Analyze("It looks like a table.").Label);
        Assert.Equal(SentimentLabels.Neutral, Analyze("I would like to change my address.").Label);
    }

    [Fact]
    public void Only_the_first_100_KB_are_read_and_long_input_stays_fast_enough_to_finish()
    {
        var sentence = "The very good service was not bad, but {{x}} was awful!!! ";
        var text = string.Concat(Enumerable.Repeat(sentence, 400_000 / sentence.Length));

        var analysis = Analyze(text);

        Assert.True(analysis.Sentences.Sum(s => s.Text.Length) <= LexiconSentimentAnalyzer.MaxInputLength);
        Assert.InRange(analysis.Score, -1, 1);
    }

    [Fact]
    public void Pathological_input_without_spaces_or_end_marks_is_one_bounded_sentence()
    {
        var text = new string('a', 60_000) + new string(':', 20_000) + new string('!', 30_000);

        var analysis = Analyze(text);

        Assert.Single(analysis.Sentences);
        Assert.Equal(SentimentLabels.Neutral, analysis.Label);
    }

    [Fact]
    public void It_serializes_as_the_api_shape_in_camel_case()
    {
        var json = JsonSerializer.Serialize(Analyze("Great. Awful."), new JsonSerializerOptions(JsonSerializerDefaults.Web));

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(SentimentLabels.Mixed, root.GetProperty("label").GetString());
        Assert.InRange(root.GetProperty("score").GetDouble(), -1, 1);
        Assert.Equal("Great.", root.GetProperty("sentences")[0].GetProperty("text").GetString());
        Assert.True(root.GetProperty("sentences")[0].GetProperty("score").GetDouble() > 0);
    }

    [Fact]
    public void The_lexicon_has_hundreds_of_words_within_minus_four_and_four()
    {
        var valences = typeof(LexiconSentimentAnalyzer).Assembly
            .GetType("Builder.Domain.PromptTemplates.Sentiment.SentimentLexicon")!
            .GetProperty("Valences")!.GetValue(null) as IReadOnlyDictionary<string, double>;

        Assert.NotNull(valences);
        Assert.True(valences.Count >= 600, $"{valences.Count} entries");
        Assert.All(valences.Values, v => Assert.InRange(v, -4, 4));
    }
}
