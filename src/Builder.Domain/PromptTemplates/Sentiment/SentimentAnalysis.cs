namespace Builder.Domain.PromptTemplates.Sentiment;

/// <summary>The labels a <see cref="SentimentAnalysis"/> carries, as they appear in JSON.</summary>
public static class SentimentLabels
{
    public const string Positive = "positive";
    public const string Neutral = "neutral";
    public const string Negative = "negative";
    /// <summary>The text holds a clearly positive part and a clearly negative part.</summary>
    public const string Mixed = "mixed";
}

/// <summary>
/// The sentiment of a text: <c>{ label, score, sentences: [{ text, score }] }</c> in JSON (camelCase).
/// <paramref name="Score"/> runs from −1 (very negative) to 1 (very positive); <paramref name="Label"/> is one of
/// <see cref="SentimentLabels"/>.
/// </summary>
public sealed record SentimentAnalysis(string Label, double Score, IReadOnlyList<SentenceSentiment> Sentences)
{
    public static SentimentAnalysis Empty { get; } = new(SentimentLabels.Neutral, 0, []);
}

/// <summary>One sentence of the analysed text and its score from −1 to 1.</summary>
public sealed record SentenceSentiment(string Text, double Score);

/// <summary>Scores the sentiment of a text.</summary>
public interface ISentimentAnalyzer
{
    SentimentAnalysis Analyze(string? text);
}
