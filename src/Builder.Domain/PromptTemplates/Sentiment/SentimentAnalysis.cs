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

/// <summary>
/// A saved analysis as the template carries it (<c>rawSentimentAnalysis</c>, <c>resultSentimentAnalysis</c>): the analysis and
/// which analyzer made it (<c>lexicon</c> or <c>model</c>, and the model's name). Analyses saved before the analyzer was recorded
/// read as the lexicon's.
/// </summary>
public sealed record StoredSentiment(SentimentAnalysis Analysis, string Analyzer, string? Model)
{
    /// <summary>The saved JSON read back; null for none or for anything that is not an analysis.</summary>
    public static StoredSentiment? From(System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is not System.Text.Json.Nodes.JsonObject json) return null;
        try
        {
            var label = json["label"]?.GetValue<string>();
            var score = json["score"]?.GetValue<double>();
            if (label is null || score is null) return null;
            var sentences = (json["sentences"] as System.Text.Json.Nodes.JsonArray ?? [])
                .Select(s => new SentenceSentiment(s?["text"]?.GetValue<string>() ?? "", s?["score"]?.GetValue<double>() ?? 0))
                .ToList();
            return new StoredSentiment(new SentimentAnalysis(label, Math.Clamp(score.Value, -1, 1), sentences),
                json["analyzer"]?.GetValue<string>() ?? "lexicon", json["model"]?.GetValue<string>());
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
