using System.Text;

namespace Builder.Domain.PromptTemplates.Sentiment;

/// <summary>
/// The embedded sentiment analyzer: a hand-written word-valence lexicon (<see cref="SentimentLexicon"/>) with rules for
/// negation ("not good", "isn't great", scope up to three words within a clause), intensifiers and dampeners ("very",
/// "slightly", "kind of"), contrast (after "but"/"however" a clause weighs 1.5×, before it 0.5×; a conceding
/// "although …" clause 0.5×), emphasis (each "!" up to four, WORDS IN CAPITALS inside normal text) and emoticons/emoji.
/// <c>{{variable}}</c> placeholders are opaque words without sentiment. It runs locally, needs no model or download,
/// and takes linear time: one pass to split sentences, one to read tokens, each token looked at a bounded number of
/// times. Only the first <see cref="MaxInputLength"/> characters are read.
/// </summary>
public sealed class LexiconSentimentAnalyzer : ISentimentAnalyzer
{
    public const int MaxInputLength = 100_000;

    /// <summary>A sentence or document scoring at least this (or at most its negative) is positive (negative).</summary>
    public const double PolarityThreshold = 0.15;

    /// <summary>A clause whose summed valence reaches this is "clearly" positive or negative, for "mixed".</summary>
    public const double ClearClauseValence = 1.4;

    private const double NegationFactor = -0.75;
    private const double WeakNegationFactor = -0.5;
    private const double CapitalsFactor = 1.3;
    private const double ExclamationBoost = 0.3;
    private const int MaxExclamations = 4;
    private const double BeforeContrast = 0.5;
    private const double AfterContrast = 1.5;
    private const double ConcedingClause = 0.5;
    private const int NegationWindow = 3;
    private const int OpinionNegationWindow = 8;
    private const double TooMuchFactor = -0.5;
    private const int MaxVariableLength = 200;
    private const double Alpha = 15; // raw → (−1, 1): x / √(x² + α)

    public static LexiconSentimentAnalyzer Instance { get; } = new();

    public SentimentAnalysis Analyze(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return SentimentAnalysis.Empty;
        if (text.Length > MaxInputLength) text = text[..MaxInputLength];

        var ranges = SplitSentences(text);
        var sentences = new List<SentenceSentiment>(ranges.Count);
        var raws = new double[ranges.Count];
        double clearPositive = 0, clearNegative = 0;
        var allCapitals = AllCapitals(text);
        for (var s = 0; s < ranges.Count; s++)
        {
            var (start, length) = ranges[s];
            var sentence = text.Substring(start, length);
            var result = ScoreSentence(sentence, allCapitals);
            raws[s] = result.Raw;
            if (result.StartsWithContrast && s > 0) raws[s - 1] *= BeforeContrast;
            clearPositive += result.ClearPositive;
            clearNegative += result.ClearNegative;
            sentences.Add(new SentenceSentiment(sentence, Round(Normalize(result.Raw))));
        }

        var score = Round(Normalize(raws.Sum()));
        var label = clearPositive > 0 && clearNegative > 0 && Math.Min(clearPositive, clearNegative) >= 0.25 * Math.Max(clearPositive, clearNegative)
            ? SentimentLabels.Mixed
            : Polarity(score);
        return new SentimentAnalysis(label, score, sentences);
    }

    private static string Polarity(double score) => score >= PolarityThreshold ? SentimentLabels.Positive
        : score <= -PolarityThreshold ? SentimentLabels.Negative
        : SentimentLabels.Neutral;

    private static double Normalize(double raw) => raw / Math.Sqrt(raw * raw + Alpha);

    private static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);

    private static bool AllCapitals(string text)
    {
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsLower(c)) return false;
            if (char.IsUpper(c)) letters++;
        }
        return letters > 0;
    }

    // ---------------------------------------------------------------- sentences

    private static readonly string[] Abbreviations = ["e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "vs", "approx", "no"];

    /// <summary>Sentence ranges (trimmed, never empty): a run of . ! ? followed by a space or the end, or a line break.</summary>
    internal static List<(int Start, int Length)> SplitSentences(string text)
    {
        var ranges = new List<(int, int)>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf("}}", i + 2, Math.Min(MaxVariableLength, text.Length - i - 2), StringComparison.Ordinal);
                i = close >= 0 ? close + 2 : i + 2;
                continue;
            }
            if (c is '\n' or '\r')
            {
                Add(ranges, text, start, i);
                start = i + 1;
                i++;
                continue;
            }
            if (c is '.' or '!' or '?' or '…')
            {
                var end = i;
                while (end < text.Length && text[end] is '.' or '!' or '?' or '…' or '"' or '\'' or ')' or '”') end++;
                var atBreak = end == text.Length || char.IsWhiteSpace(text[end]);
                if (atBreak && !(c == '.' && end == i + 1 && IsAbbreviation(text, i)))
                {
                    Add(ranges, text, start, end);
                    start = end;
                }
                i = end;
                continue;
            }
            i++;
        }
        Add(ranges, text, start, text.Length);
        return ranges;
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var wordStart = dot;
        while (wordStart > 0 && dot - wordStart < 8 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.')) wordStart--;
        var word = text.AsSpan(wordStart, dot - wordStart);
        foreach (var abbreviation in Abbreviations)
        {
            if (!word.Equals(abbreviation, StringComparison.OrdinalIgnoreCase)) continue;
            if (abbreviation != "no") return true;
            // "No. 5" is a number; "The answer is no." ends a sentence
            var next = dot + 1;
            while (next < text.Length && next - dot < 4 && text[next] == ' ') next++;
            return next < text.Length && char.IsDigit(text[next]);
        }
        return false;
    }

    private static void Add(List<(int, int)> ranges, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end > start && HasContent(text, start, end)) ranges.Add((start, end - start));
    }

    private static bool HasContent(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
            if (char.IsLetterOrDigit(text[i]) || char.IsSurrogate(text[i]) || text[i] is ':' or ';' or '<' or '=' or '(' or '♥' or '❤' or '☹' or '✅') return true;
        return false;
    }

    // ---------------------------------------------------------------- tokens

    private enum Kind { Word, Emoticon, Variable, ClauseBreak, Exclamation }

    /// <summary>A word (lower case, apostrophes straightened), an emoticon, a placeholder or a punctuation mark.</summary>
    private readonly record struct Token(Kind Kind, string Text, bool Capitals = false);

    private static readonly string[] AsciiEmoticons = SentimentLexicon.Valences.Keys
        .Where(k => k.Length is >= 2 and <= 3 && !k.Any(char.IsLetterOrDigit) || k is ":D" or ":-D" or "=D")
        .OrderByDescending(k => k.Length)
        .ToArray();

    private static List<Token> Tokenize(string sentence, bool textAllCapitals)
    {
        var tokens = new List<Token>();
        var i = 0;
        var word = new StringBuilder();
        while (i < sentence.Length)
        {
            var c = sentence[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }

            if (c == '{' && i + 1 < sentence.Length && sentence[i + 1] == '{')
            {
                var close = sentence.IndexOf("}}", i + 2, Math.Min(MaxVariableLength, sentence.Length - i - 2), StringComparison.Ordinal);
                if (close >= 0)
                {
                    tokens.Add(new Token(Kind.Variable, sentence[i..(close + 2)]));
                    i = close + 2;
                    continue;
                }
            }

            if (EmoticonAt(sentence, i) is { } emoticon)
            {
                tokens.Add(new Token(Kind.Emoticon, emoticon));
                i += emoticon.Length;
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                word.Clear();
                var upper = 0;
                var lower = 0;
                while (i < sentence.Length)
                {
                    var d = sentence[i];
                    if (char.IsLetterOrDigit(d))
                    {
                        if (char.IsUpper(d)) upper++;
                        else if (char.IsLower(d)) lower++;
                        word.Append(char.ToLowerInvariant(d));
                        i++;
                    }
                    else if (d is '\'' or '’' or '-' && i + 1 < sentence.Length && char.IsLetterOrDigit(sentence[i + 1]))
                    {
                        word.Append(d == '’' ? '\'' : d);
                        i++;
                    }
                    else break;
                }
                var capitals = !textAllCapitals && upper >= 2 && lower == 0;
                tokens.Add(new Token(Kind.Word, word.ToString(), capitals));
                continue;
            }

            if (char.IsHighSurrogate(c) || c > '\u2000')
            {
                var length = char.IsHighSurrogate(c) && i + 1 < sentence.Length ? 2 : 1;
                var symbol = sentence.Substring(i, length);
                if (i + length < sentence.Length && sentence[i + length] == '\uFE0F') length++; // emoji presentation selector
                if (SentimentLexicon.Valences.ContainsKey(symbol)) tokens.Add(new Token(Kind.Emoticon, symbol));
                else if (c is '—' or '–') tokens.Add(new Token(Kind.ClauseBreak, "—"));
                i += length;
                continue;
            }

            if (c == '!') tokens.Add(new Token(Kind.Exclamation, "!"));
            else if (c is ',' or ';' or ':' or '(' or ')' or '.' or '?') tokens.Add(new Token(Kind.ClauseBreak, c.ToString()));
            i++;
        }
        return tokens;
    }

    /// <summary>An ASCII emoticon standing on its own (":)" but not the colon of "http://").</summary>
    private static string? EmoticonAt(string s, int i)
    {
        if (s[i] is not (':' or ';' or '=' or '<' or '(')) return null;
        if (i > 0 && !char.IsWhiteSpace(s[i - 1])) return null;
        foreach (var emoticon in AsciiEmoticons)
        {
            if (string.CompareOrdinal(s, i, emoticon, 0, emoticon.Length) != 0) continue;
            var after = i + emoticon.Length;
            if (after == s.Length || char.IsWhiteSpace(s[after]) || s[after] is '.' or ',' or '!' or '?') return emoticon;
        }
        return null;
    }

    // ---------------------------------------------------------------- scoring

    private readonly record struct SentenceResult(double Raw, double ClearPositive, double ClearNegative, bool StartsWithContrast);

    private static SentenceResult ScoreSentence(string sentence, bool textAllCapitals)
    {
        var tokens = Tokenize(sentence, textAllCapitals);
        var weights = ContrastWeights(tokens, out var startsWithContrast);

        double raw = 0, clause = 0, clearPositive = 0, clearNegative = 0;
        var exclamations = 0;
        void CloseClause()
        {
            if (clause >= ClearClauseValence) clearPositive += clause;
            else if (clause <= -ClearClauseValence) clearNegative -= clause;
            clause = 0;
        }

        var i = 0;
        while (i < tokens.Count)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case Kind.Exclamation:
                    exclamations++;
                    i++;
                    continue;
                case Kind.ClauseBreak:
                    CloseClause();
                    i++;
                    continue;
                case Kind.Variable:
                    i++;
                    continue;
            }
            if (token.Kind == Kind.Word && (IsContrast(tokens, i) || SentimentLexicon.Concessions.Contains(token.Text) || token.Text == "and"))
                CloseClause();

            var (valence, span) = token.Kind == Kind.Emoticon
                ? (SentimentLexicon.Valences[token.Text], 1)
                : Lookup(tokens, i);
            if (valence != 0)
            {
                // an emoticon is the writer's own mood: "never arrived :(" is not negated
                var value = token.Kind == Kind.Emoticon ? valence : valence * Modifiers(tokens, i, valence);
                if (token.Capitals) value *= CapitalsFactor;
                raw += value * weights[i];
                clause += value;
            }
            i += span;
        }
        CloseClause();

        if (raw != 0) raw += Math.Sign(raw) * ExclamationBoost * Math.Min(exclamations, MaxExclamations);
        return new SentenceResult(raw, clearPositive, clearNegative, startsWithContrast);
    }

    /// <summary>The valence of the longest phrase or word starting at <paramref name="i"/>, and how many words it spans.</summary>
    private static (double Valence, int Span) Lookup(List<Token> tokens, int i)
    {
        var word = tokens[i].Text;
        for (var n = Math.Min(SentimentLexicon.MaxPhraseWords, tokens.Count - i); n >= 2; n--)
        {
            var allWords = true;
            for (var k = 1; k < n && allWords; k++) allWords = tokens[i + k].Kind == Kind.Word;
            if (!allWords) continue;
            var phrase = new StringBuilder(word);
            for (var k = 1; k < n; k++) phrase.Append('_').Append(tokens[i + k].Text);
            if (SentimentLexicon.Valences.TryGetValue(phrase.ToString(), out var phraseValence)) return (phraseValence, n);
        }

        if (word == "like")
            return i > 0 && tokens[i - 1].Kind == Kind.Word && SentimentLexicon.LikeSubjects.Contains(tokens[i - 1].Text) ? (2, 1) : (0, 1);
        if (SentimentLexicon.Boosters.ContainsKey(word) && NextIsSentiment(tokens, i)) return (0, 1);
        if (SentimentLexicon.Valences.TryGetValue(word, out var valence)) return (valence, 1);
        if (word.EndsWith("'s", StringComparison.Ordinal) && SentimentLexicon.Valences.TryGetValue(word[..^2], out valence)) return (valence, 1);
        if (word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal)
            && SentimentLexicon.Valences.TryGetValue(word[..^1], out valence)) return (valence, 1);
        return (0, 1);
    }

    private static bool NextIsSentiment(List<Token> tokens, int i) =>
        i + 1 < tokens.Count && tokens[i + 1].Kind == Kind.Word && SentimentLexicon.Valences.ContainsKey(tokens[i + 1].Text);

    /// <summary>
    /// The product of the boosters right before the word (a chain such as "really very") and of a negator among the
    /// <see cref="NegationWindow"/> words before it in the same clause.
    /// </summary>
    private static double Modifiers(List<Token> tokens, int i, double valence)
    {
        var factor = 1.0;
        var j = i - 1;
        while (j >= 0 && j >= i - 3 && tokens[j].Kind == Kind.Word)
        {
            var text = tokens[j].Text;
            if (SentimentLexicon.Boosters.TryGetValue(text, out var boost))
            {
                if (text == "too" && valence > 0) boost = TooMuchFactor; // "too soft", "too sweet": an excess is a fault
                factor *= tokens[j].Capitals ? 1 + (boost - 1) * 1.5 : boost;
                j--;
            }
            else if (j > 0 && SentimentLexicon.DampenerPhrases.Contains(tokens[j - 1].Text + "_" + text))
            {
                factor *= 0.7;
                j -= 2;
            }
            else break;
        }

        var words = 0;
        for (j = i - 1; j >= 0 && words < OpinionNegationWindow; j--)
        {
            var token = tokens[j];
            if (token.Kind is Kind.ClauseBreak or Kind.Exclamation) break;
            if (token.Kind != Kind.Word && token.Kind != Kind.Variable) continue;
            if (IsContrast(tokens, j) || SentimentLexicon.Concessions.Contains(token.Text)) break;
            words++;
            if (token.Kind != Kind.Word) continue;
            if (IsNegator(token.Text) && (words <= NegationWindow || NextIsOpinionVerb(tokens, j)))
            {
                // "not only", "no doubt" about a good thing: "not only good but …" keeps its sign
                if (j + 1 < tokens.Count && tokens[j + 1].Text is "only" or "just") break;
                factor *= NegationFactor;
                break;
            }
            if (SentimentLexicon.WeakNegators.Contains(token.Text) && words <= NegationWindow)
            {
                factor *= WeakNegationFactor;
                break;
            }
        }
        return factor;
    }

    private static bool NextIsOpinionVerb(List<Token> tokens, int j) =>
        j + 1 < tokens.Count && SentimentLexicon.OpinionVerbs.Contains(tokens[j + 1].Text);

    private static bool IsNegator(string word) =>
        SentimentLexicon.Negators.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal);

    /// <summary>"but", "however", …; "yet" only at the start of a clause ("…, yet it works"), not in "not yet".</summary>
    private static bool IsContrast(List<Token> tokens, int i)
    {
        var word = tokens[i].Text;
        if (tokens[i].Kind != Kind.Word || !SentimentLexicon.Contrasts.Contains(word)) return false;
        return word != "yet" || i == 0 || tokens[i - 1].Kind == Kind.ClauseBreak;
    }

    /// <summary>
    /// Per-token weights: before the first "but"/"however" 0.5, after it 1.5; a clause opened by "although"/"though"
    /// (up to the next comma or semicolon) 0.5. A sentence that opens with "But"/"However" answers the previous one.
    /// </summary>
    private static double[] ContrastWeights(List<Token> tokens, out bool startsWithContrast)
    {
        var weights = new double[tokens.Count];
        Array.Fill(weights, 1.0);
        startsWithContrast = false;

        for (var i = 0; i < tokens.Count; i++)
        {
            if (!IsContrast(tokens, i)) continue;
            startsWithContrast = i == 0;
            for (var k = 0; k < i; k++) weights[k] = BeforeContrast;
            for (var k = i + 1; k < tokens.Count; k++) weights[k] = AfterContrast;
            break;
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind != Kind.Word || !SentimentLexicon.Concessions.Contains(tokens[i].Text)) continue;
            var k = i + 1;
            for (; k < tokens.Count && !(tokens[k].Kind == Kind.ClauseBreak && tokens[k].Text is "," or ";"); k++)
                weights[k] *= ConcedingClause;
            i = k;
        }
        return weights;
    }
}
