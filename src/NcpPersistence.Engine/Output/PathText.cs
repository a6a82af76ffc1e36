using System.Text;
using System.Text.RegularExpressions;

namespace NcpPersistence.Output;

/// <summary>
/// File names as text in the outputs. A Linux file name may hold a backslash, a newline, or a whole fake
/// diagnostic (<c>sp ace(1,1): error NCP9999: forged.yaml</c>); printed raw, the first became another path and
/// the others split a line or forged one that CI problem matchers count (F15).
/// </summary>
public static partial class PathText
{
    /// <summary>A location inside a name, as a canonical-format parser would read it: <c>(1,2)</c> or <c>(1,2,3,4)</c>.</summary>
    [GeneratedRegex(@"\(\s*\d+\s*,\s*\d+\s*(,\s*\d+\s*,\s*\d+\s*)?\)", RegexOptions.CultureInvariant)]
    private static partial Regex LocationLike();

    /// <summary>A relative path with '/' between its parts: only the platform's separators are separators (a '\' in a Linux name is a character).</summary>
    public static string ForwardSlashes(string relative) =>
        Path.DirectorySeparatorChar == '\\' ? relative.Replace('\\', '/') : relative;

    /// <summary>The parts of a relative path (split on the platform's separators only).</summary>
    public static string[] Segments(string relative) =>
        relative.Split(Path.DirectorySeparatorChar == '\\' ? new[] { '\\', '/' } : new[] { '/' });

    /// <summary>A <c>file:</c> URI for an absolute path, each part escaped (new Uri(path) turns '\' into '/').</summary>
    public static Uri FileUri(string fullPath)
    {
        if (Path.DirectorySeparatorChar == '\\')
        {
            return new Uri(fullPath, UriKind.Absolute);
        }

        return new Uri("file://" + string.Join("/", fullPath.Split('/').Select(Uri.EscapeDataString)), UriKind.Absolute);
    }

    /// <summary>
    /// The path for a console line: unchanged for every ordinary name; a name with a control or line-break
    /// character, or with something that reads as a location, gets those characters, its parentheses and '%'
    /// percent-encoded (<c>%0A</c>, <c>%28</c>, <c>%29</c>, <c>%25</c>), so no name can end a line or forge a location.
    /// </summary>
    public static string ForConsole(string path)
    {
        if (!NeedsEscaping(path))
        {
            return path;
        }

        var builder = new StringBuilder(path.Length + 16);
        foreach (var c in path)
        {
            if (c is '%' or '(' or ')' || IsBreakOrControl(c))
            {
                builder.Append('%').Append(((int)c).ToString(c > 0xFF ? "X4" : "X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscaping(string path)
    {
        foreach (var c in path)
        {
            if (IsBreakOrControl(c))
            {
                return true;
            }
        }

        return path.Contains('(', StringComparison.Ordinal) && LocationLike().IsMatch(path);
    }

    private static bool IsBreakOrControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';
}
