using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>
/// Reads <c>ncp.ini</c> text the way the NSX Container Plugin operator does before it renders NCP's own
/// configuration: go-ini (<c>gopkg.in/ini.v1</c>) with its default options (<c>ini.Load</c>), then only the
/// sections NCP gets (<see cref="OperatorSections"/>). Unlike oslo.config: leading whitespace is ignored
/// (no continuation lines), a value is cut at the first <c>#</c> or <c>;</c> anywhere in it, surrounding
/// quotes are stripped only when no other such quote is inside, a trailing backslash continues the value,
/// <c>"""</c> and backquotes quote (also across lines), keys before any header are in <c>DEFAULT</c>, and
/// section names are exact (<c>[NSX_V3]</c> is not <c>[nsx_v3]</c>). Fatal errors (the operator then
/// renders nothing) are problems, as oslo.config's are.
/// </summary>
/// <remarks>Source: go-ini <c>parser.go</c> (<c>parse</c>, <c>readKeyName</c>, <c>readValue</c>, <c>hasSurroundedQuote</c>); the operator's <c>NcpSections</c> (pkg/types/defaults.go).</remarks>
internal static class GoIniParser
{
    /// <summary>The sections the operator copies into <c>nsx-ncp-config</c>; every other one never reaches NCP.</summary>
    public static readonly IReadOnlySet<string> OperatorSections = new HashSet<string>(StringComparer.Ordinal) { "DEFAULT", "ha", "k8s", "coe", "nsx_v3", "vc" };

    public static NcpIniDocument Parse(string text, IniPositionMap map)
    {
        var entries = new List<IniEntry>();
        var problems = new List<IniProblem>();
        var section = NcpIniDocument.DefaultSection;
        var sections = new HashSet<string>(StringComparer.Ordinal) { section };
        var writtenSections = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var raw = lines[index];
            var line = raw.TrimStart();
            if (line.Trim().Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            var lead = raw.Length - line.Length;
            var content = line.TrimEnd();
            var whole = map.Map(index, lead, lead + content.Length);
            if (line[0] == '[')
            {
                var close = line.LastIndexOf(']');
                if (close < 0)
                {
                    problems.Add(new IniProblem($"the section header '{NcpIniDocument.Shorten(content)}' has no ']'; the operator's go-ini refuses the file, so the operator renders no NCP configuration", whole));
                    continue;
                }

                var name = line.Substring(1, close - 1);
                if (name.Length == 0)
                {
                    problems.Add(new IniProblem("the section header '[]' names no section; the operator's go-ini refuses the file", whole));
                    continue;
                }

                section = name;
                sections.Add(name);
                writtenSections.Add(name);
                continue;
            }

            if (!ReadKey(line, out var key, out var keyStart, out var keyLength, out var valueStart, out var keyError))
            {
                problems.Add(new IniProblem($"'{NcpIniDocument.Shorten(content)}' {keyError}; the operator's go-ini refuses the file, so the operator renders no NCP configuration", whole));
                continue;
            }

            if (key.Length == 0)
            {
                problems.Add(new IniProblem($"'{NcpIniDocument.Shorten(content)}' assigns a value to an empty key; the operator's go-ini refuses the file", whole));
                continue;
            }

            var first = index;
            var value = ReadValue(line.Substring(valueStart), lines, ref index, out var valueError);
            if (valueError is not null)
            {
                problems.Add(new IniProblem($"{valueError}; the operator's go-ini refuses the file", whole));
                continue;
            }

            var keySpan = map.Map(first, lead + keyStart, lead + keyStart + keyLength);
            entries.Add(new IniEntry(section, key, value, keySpan, whole, entries.Count));
        }

        return new NcpIniDocument(IniFlavour.GoIni, entries, problems, sections, writtenSections);
    }

    /// <summary>go-ini's <c>readKeyName</c>: a key quoted with <c>"</c>, <c>"""</c> or a backquote, else everything before the first <c>=</c> or <c>:</c>, trimmed.</summary>
    private static bool ReadKey(string line, out string key, out int keyStart, out int keyLength, out int valueStart, out string error)
    {
        key = "";
        keyStart = keyLength = valueStart = 0;
        error = "";
        var quote = line[0] == '"' ? (line.Length > 6 && line.StartsWith("\"\"\"", StringComparison.Ordinal) ? "\"\"\"" : "\"") : line[0] == '`' ? "`" : null;
        if (quote is not null)
        {
            var close = line.IndexOf(quote, quote.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                error = "opens a quoted key that is never closed";
                return false;
            }

            var delimiter = line.IndexOfAny(new[] { '=', ':' }, close + quote.Length);
            if (delimiter < 0)
            {
                error = "has no '=' or ':' after its quoted key";
                return false;
            }

            var quoted = line.Substring(quote.Length, close - quote.Length);
            key = quoted.Trim();
            keyStart = quote.Length + (quoted.Length - quoted.TrimStart().Length);
            keyLength = key.Length;
            valueStart = delimiter + 1;
            return true;
        }

        var end = line.IndexOfAny(new[] { '=', ':' });
        if (end < 0)
        {
            error = "is neither a comment, a [section] header nor a 'key = value' assignment";
            return false;
        }

        var rawKey = line.Substring(0, end);
        key = rawKey.Trim();
        keyStart = rawKey.Length - rawKey.TrimStart().Length;
        keyLength = key.Length;
        valueStart = end + 1;
        return true;
    }

    /// <summary>go-ini's <c>readValue</c> with default options; may read further lines (quoted or backslash-continued values).</summary>
    private static string ReadValue(string rest, string[] lines, ref int index, out string? error)
    {
        error = null;
        var line = rest.TrimStart();
        if (line.Length == 0)
        {
            return "";
        }

        var quote = line.Length > 3 && line.StartsWith("\"\"\"", StringComparison.Ordinal) ? "\"\"\"" : line[0] == '`' ? "`" : null;
        if (quote is not null)
        {
            var body = line.Substring(quote.Length);
            var close = body.LastIndexOf(quote, StringComparison.Ordinal);
            if (close >= 0)
            {
                return body.Substring(0, close);
            }

            // A multi-line quoted value: raw lines (line breaks kept) up to the line holding the closing quote.
            var value = body + "\n";
            while (++index < lines.Length)
            {
                var next = lines[index];
                var end = next.LastIndexOf(quote, StringComparison.Ordinal);
                if (end >= 0)
                {
                    return value + next.Substring(0, end);
                }

                value += next + "\n";
            }

            error = $"a value opened with {quote} is never closed";
            return "";
        }

        line = line.Trim();
        if (line.EndsWith('\\'))
        {
            // Continuation: the next lines, trimmed, are appended while they end with a backslash; no comment or quote handling.
            var value = line.Substring(0, line.Length - 1);
            while (++index < lines.Length)
            {
                var next = lines[index].Trim();
                if (next.Length == 0)
                {
                    break;
                }

                value += next;
                if (!value.EndsWith('\\'))
                {
                    break;
                }

                value = value.Substring(0, value.Length - 1);
            }

            return value;
        }

        var comment = line.IndexOfAny(new[] { '#', ';' });
        if (comment >= 0)
        {
            line = line.Substring(0, comment).Trim();
        }

        return HasSurroundedQuote(line, '\'') || HasSurroundedQuote(line, '"') ? line.Substring(1, line.Length - 2) : line;
    }

    /// <summary>go-ini: the first and last characters are the quote, and no other one is inside.</summary>
    private static bool HasSurroundedQuote(string text, char quote) =>
        text.Length >= 2 && text[0] == quote && text[^1] == quote && text.IndexOf(quote, 1) == text.Length - 1;
}
