using System.Text;

namespace Builder.Web.Authentication;

/// <summary>
/// The one check for every return URL the app reads (sign-in, the development form, sign-out): only a local path
/// survives, with the semantics of <c>Url.IsLocalUrl</c>; anything else becomes "/".
/// </summary>
public static class ReturnUrl
{
    public const int MaxLength = 2048;

    /// <summary>
    /// A path starting with one "/" (not "//" or "/\", which browsers read as another host), without control characters
    /// (a tab or newline inside "/\t/evil" is dropped by browsers, leaving "//evil"; CR/LF cannot go into a header).
    /// Characters beyond ASCII are percent-encoded so the Location header stays valid.
    /// </summary>
    public static string Safe(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > MaxLength || returnUrl[0] != '/') return "/";
        if (returnUrl.Length > 1 && returnUrl[1] is '/' or '\\') return "/";
        var ascii = true;
        foreach (var c in returnUrl)
        {
            if (char.IsControl(c)) return "/";
            if (c > '~') ascii = false;
        }
        return ascii ? returnUrl : EscapeNonAscii(returnUrl);
    }

    private static string EscapeNonAscii(string path)
    {
        var builder = new StringBuilder(path.Length * 2);
        var bytes = Encoding.UTF8.GetBytes(path);
        foreach (var b in bytes)
        {
            if (b <= '~') builder.Append((char)b);
            else builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.ToString();
    }
}
