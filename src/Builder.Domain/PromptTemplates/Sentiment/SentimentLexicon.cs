using System.Collections.Frozen;
using System.Globalization;

namespace Builder.Domain.PromptTemplates.Sentiment;

/// <summary>The valence table (<see cref="Words"/>) and the rule words the analyzer needs, parsed once.</summary>
internal static partial class SentimentLexicon
{
    public const int MaxPhraseWords = 4;

    /// <summary>Word or underscore-joined phrase (lower case) → valence from −4 to 4.</summary>
    public static FrozenDictionary<string, double> Valences { get; } = Parse(Words);

    /// <summary>Words that scale the sentiment word after them: above 1 intensifies, below 1 dampens.</summary>
    public static FrozenDictionary<string, double> Boosters { get; } = new Dictionary<string, double>
    {
        ["very"] = 1.3, ["really"] = 1.3, ["so"] = 1.3, ["extremely"] = 1.5, ["incredibly"] = 1.5,
        ["absolutely"] = 1.4, ["totally"] = 1.3, ["completely"] = 1.3, ["utterly"] = 1.5, ["highly"] = 1.3,
        ["super"] = 1.3, ["truly"] = 1.3, ["especially"] = 1.2, ["remarkably"] = 1.4, ["particularly"] = 1.2,
        ["most"] = 1.2, ["more"] = 1.1, ["too"] = 1.2, ["quite"] = 1.1, ["pretty"] = 1.1, ["deeply"] = 1.4,
        ["seriously"] = 1.3, ["ridiculously"] = 1.5, ["insanely"] = 1.4, ["hugely"] = 1.4, ["thoroughly"] = 1.3,
        ["exceptionally"] = 1.5, ["terribly"] = 1.4, ["awfully"] = 1.3, ["painfully"] = 1.4, ["horribly"] = 1.4,
        ["dreadfully"] = 1.4, ["unbelievably"] = 1.4, ["amazingly"] = 1.4, ["such"] = 1.2, ["entirely"] = 1.3,
        ["fairly"] = 0.8, ["somewhat"] = 0.7, ["slightly"] = 0.6, ["little"] = 0.7, ["bit"] = 0.7,
        ["kinda"] = 0.7, ["sorta"] = 0.7, ["mostly"] = 0.9, ["partly"] = 0.7, ["almost"] = 0.8,
        ["marginally"] = 0.6, ["mildly"] = 0.6, ["less"] = 0.5, ["occasionally"] = 0.7, ["sometimes"] = 0.8,
    }.ToFrozenDictionary();

    /// <summary>Two-word dampeners ("kind of slow").</summary>
    public static FrozenSet<string> DampenerPhrases { get; } = new[] { "kind_of", "sort_of" }.ToFrozenSet();

    /// <summary>Words that reverse (and soften) the sentiment of the next few words.</summary>
    public static FrozenSet<string> Negators { get; } = new[]
    {
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot", "without", "nowhere",
        "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "cant", "couldnt", "wont", "wouldnt",
        "shouldnt", "havent", "hasnt", "hadnt", "aint", "lack", "lacks", "lacking",
    }.ToFrozenSet();

    /// <summary>After a negator these verbs carry the negation to the end of the clause ("I don't think it was good").</summary>
    public static FrozenSet<string> OpinionVerbs { get; } = new[] { "think", "believe", "feel", "find", "say", "suppose" }.ToFrozenSet();

    /// <summary>Negators that only half-reverse ("barely works").</summary>
    public static FrozenSet<string> WeakNegators { get; } = new[] { "barely", "hardly", "scarcely", "rarely", "seldom" }.ToFrozenSet();

    /// <summary>"but"-like words: what follows outweighs what came before.</summary>
    public static FrozenSet<string> Contrasts { get; } = new[] { "but", "however", "nevertheless", "nonetheless", "yet" }.ToFrozenSet();

    /// <summary>Words opening a conceding clause, which weighs less than the main clause.</summary>
    public static FrozenSet<string> Concessions { get; } = new[] { "although", "though", "despite", "whereas", "while" }.ToFrozenSet();

    /// <summary>"like" is a sentiment only after these ("I like it", "really like"), not in "looks like" or "would like".</summary>
    public static FrozenSet<string> LikeSubjects { get; } = new[]
    {
        "i", "we", "they", "you", "really", "definitely", "truly", "do", "does", "did", "don't", "doesn't", "didn't",
        "dont", "doesnt", "didnt", "also", "actually", "still", "just",
    }.ToFrozenSet();

    private static FrozenDictionary<string, double> Parse(string words)
    {
        var valences = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in words.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var valence = double.Parse(line[..colon], NumberStyles.Float, CultureInfo.InvariantCulture);
            foreach (var word in line[(colon + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                valences[word] = valence; // a later line wins, so a word listed twice keeps one valence
        }
        return valences.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
