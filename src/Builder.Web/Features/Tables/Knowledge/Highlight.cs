namespace Builder.Web.Features.Tables.Knowledge;

/// <summary>Splits a passage into plain and highlighted pieces: every occurrence of a query word (3 letters or more, any case).</summary>
public static class Highlight
{
    public readonly record struct Piece(string Text, bool Match);

    public static IReadOnlyList<Piece> Split(string text, string? query)
    {
        var words = (query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray())).Where(w => w.Length >= 3)
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).ToList();
        var pieces = new List<Piece>();
        if (words.Count == 0) return [new Piece(text, false)];
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var word = words.FirstOrDefault(w => string.Compare(text, i, w, 0, w.Length, StringComparison.OrdinalIgnoreCase) == 0
                                                 && (i == 0 || !char.IsLetterOrDigit(text[i - 1])));
            if (word is null) { i++; continue; }
            if (i > start) pieces.Add(new Piece(text[start..i], false));
            pieces.Add(new Piece(text.Substring(i, word.Length), true));
            i += word.Length;
            start = i;
        }
        if (start < text.Length) pieces.Add(new Piece(text[start..], false));
        return pieces;
    }
}
