using DiffPlex;

namespace Builder.Domain.PromptTemplates.Diff;

/// <summary>
/// Cuts text into the pieces a word diff compares, losing nothing: runs of letters and digits (with inner
/// apostrophes and underscores), runs of spaces and tabs, each line break ("\r\n", "\n" or "\r") and each other
/// character on its own. Joining the pieces gives back the text exactly.
/// </summary>
internal sealed class WordChunker : IChunker
{
    public static WordChunker Instance { get; } = new();

    public IReadOnlyList<string> Chunk(string text)
    {
        var pieces = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var c = text[i];
            if (IsWordChar(c))
                while (i < text.Length && (IsWordChar(text[i]) || text[i] is '\'' or '’' && i + 1 < text.Length && IsWordChar(text[i + 1]) && i > start)) i++;
            else if (c is ' ' or '\t')
                while (i < text.Length && text[i] is ' ' or '\t') i++;
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                i += 2;
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i += 2;
            else
                i++;
            pieces.Add(text[start..i]);
        }
        return pieces;
    }

    internal static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    internal static bool IsWord(string piece) => piece.Length > 0 && IsWordChar(piece[0]);
}
