namespace NcpPersistence.Yaml;

/// <summary>
/// Works around YamlDotNet mistakes on valid YAML before the parser sees the text, without moving any
/// line or column: every change only shortens a whitespace-only line.
/// </summary>
/// <remarks>
/// YamlDotNet (16.x to 18.1, aaubry/YamlDotNet#523 and #535) refuses a literal block scalar whose first
/// lines hold only spaces ("While scanning a literal block scalar, found extra spaces in first line"),
/// which is how VMware's own <c>ncp-ubuntu.yaml</c> starts its <c>ncp.ini: |</c> and what Helm renders.
/// libyaml, PyYAML and kubectl read such a line as an empty line of the block. Emptying those lines gives
/// YamlDotNet the same document: a leading line that is no longer than the block's indentation holds no
/// content, whatever number of spaces it has. Lines longer than the first content line's indentation are
/// left alone (they are an error for libyaml too), except after an explicit indentation indicator
/// (<c>|2</c>), where their extra spaces would be content: there the line is emptied all the same, so the
/// file loads, and the block's first line loses its spaces (the only known deviation from libyaml,
/// pinned by the differential test).
/// </remarks>
internal static class YamlTextRepair
{
    /// <summary>The repaired text, or the same instance when nothing needed repair (the common case costs one scan).</summary>
    public static string Repair(string text)
    {
        text = RemoveDocumentByteOrderMarks(text);
        if (!MayNeedRepair(text))
        {
            return text;
        }

        var lines = SplitKeepingEnds(text);
        var changed = false;
        for (var i = 0; i < lines.Count - 1; i++)
        {
            if (!EndsWithLiteralHeader(Content(lines[i]), out var explicitIndent))
            {
                continue;
            }

            // The run of blank or whitespace-only lines after the header, then the first content line.
            var first = i + 1;
            var end = first;
            while (end < lines.Count && IsSpacesOnly(Content(lines[end])))
            {
                end++;
            }

            var contentIndent = end < lines.Count ? LeadingSpaces(Content(lines[end])) : 0;
            var headerIndent = LeadingSpaces(Content(lines[i]));
            var blockHasContent = end < lines.Count && contentIndent > headerIndent;
            for (var j = first; j < end; j++)
            {
                var content = Content(lines[j]);
                if (content.Length == 0)
                {
                    continue;
                }

                if (explicitIndent || !blockHasContent || content.Length <= contentIndent)
                {
                    lines[j] = lines[j].Substring(content.Length); // keep only the line break
                    changed = true;
                }
            }

            i = end - 1;
        }

        return changed ? string.Concat(lines) : text;
    }

    /// <summary>
    /// A byte order mark at the start of a document after <c>---</c> (files concatenated from UTF-8 files
    /// saved with one): kubectl decodes each document separately and skips it, so it is removed here. This
    /// moves the document's first key one column left on its line, the only position it changes.
    /// </summary>
    private static string RemoveDocumentByteOrderMarks(string text)
    {
        if (text.IndexOf('\uFEFF') < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\uFEFF' && i == lineStart && FollowsDocumentMarker(text, lineStart))
            {
                continue;
            }

            builder.Append(c);
            if (c == '\n')
            {
                lineStart = i + 1;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The text with the continuation lines of the double-quoted scalar that opens at <paramref name="quote"/>
    /// indented past its opening quote, so that YamlDotNet reads it as libyaml does (see
    /// <see cref="YamlDocumentReader"/>); the spaces added to each line are added to <paramref name="columnShifts"/>.
    /// Null when no line needed it (the error has another cause) or the text has a lone CR.
    /// </summary>
    internal static string? IndentQuotedContinuation(string text, int quote, Dictionary<int, int> columnShifts)
    {
        var end = quote + 1;
        while (end < text.Length && text[end] != '"')
        {
            end += text[end] == '\\' ? 2 : 1;
        }

        // Lines are counted at LF (CR LF included); a lone CR would make the count differ from the parser's.
        for (var i = text.IndexOf('\r', quote); i >= 0 && i < end; i = text.IndexOf('\r', i + 1))
        {
            if (i + 1 >= text.Length || text[i + 1] != '\n')
            {
                return null;
            }
        }

        var lineStart = text.LastIndexOf('\n', Math.Max(0, quote - 1)) + 1;
        var required = quote - lineStart + 1;
        var line = 1 + text.AsSpan(0, quote).Count('\n');
        var builder = new System.Text.StringBuilder(text.Length + 256);
        var copied = 0;
        var changed = false;
        for (var at = text.IndexOf('\n', quote); at >= 0 && at < end; at = text.IndexOf('\n', at + 1))
        {
            line++;
            var start = at + 1;
            var indent = 0;
            while (start + indent < text.Length && text[start + indent] is ' ' or '\t')
            {
                indent++;
            }

            var blank = start + indent >= text.Length || text[start + indent] is '\n' or '\r';
            if (blank || indent >= required)
            {
                continue;
            }

            builder.Append(text, copied, start - copied).Append(' ', required - indent);
            copied = start;
            columnShifts[line] = columnShifts.GetValueOrDefault(line) + (required - indent);
            changed = true;
        }

        return changed ? builder.Append(text, copied, text.Length - copied).ToString() : null;
    }

    /// <summary>
    /// YamlDotNet, like libyaml, breaks lines at NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR
    /// (U+2029); editors, GitHub, YAML 1.2 and the suppression comments do not. Handing the parser a private-use
    /// stand-in for each (one character for one, so no position moves) keeps its lines the editor's, and
    /// <see cref="RestoreUnicodeBreaks"/> puts the real characters back into scalar values. Null when the text
    /// has none, or already holds a stand-in (then <see cref="TextPositions"/> maps the parser's lines instead).
    /// </summary>
    internal static string? HideUnicodeBreaks(string text)
    {
        if (text.AsSpan().IndexOfAny('\u0085', '\u2028', '\u2029') < 0 || text.AsSpan().IndexOfAny(NelStandIn, LineSeparatorStandIn, ParagraphSeparatorStandIn) >= 0)
        {
            return null;
        }

        return text.Replace('\u0085', NelStandIn).Replace('\u2028', LineSeparatorStandIn).Replace('\u2029', ParagraphSeparatorStandIn);
    }

    internal static string RestoreUnicodeBreaks(string value) =>
        value.AsSpan().IndexOfAny(NelStandIn, LineSeparatorStandIn, ParagraphSeparatorStandIn) < 0
            ? value
            : value.Replace(NelStandIn, '\u0085').Replace(LineSeparatorStandIn, '\u2028').Replace(ParagraphSeparatorStandIn, '\u2029');

    private const char NelStandIn = '\uE085';
    private const char LineSeparatorStandIn = '\uE028';
    private const char ParagraphSeparatorStandIn = '\uE029';

    /// <summary>Whether the line before the one starting at <paramref name="lineStart"/> is a document marker (<c>---</c>).</summary>
    internal static bool FollowsDocumentMarker(string text, int lineStart)
    {
        if (lineStart < 2)
        {
            return false;
        }

        var end = lineStart - 1;
        if (end > 0 && text[end - 1] == '\r')
        {
            end--;
        }

        var start = text.LastIndexOf('\n', Math.Max(0, end - 1)) + 1;
        var previous = text.AsSpan(start, end - start).TrimEnd();
        return previous.StartsWith("---", StringComparison.Ordinal) && (previous.Length == 3 || previous[3] is ' ' or '\t');
    }

    /// <summary>A cheap pre-check: some line ends with a literal block header and the next line starts with two spaces.</summary>
    private static bool MayNeedRepair(string text)
    {
        var index = text.IndexOf('|');
        while (index >= 0)
        {
            var lineEnd = text.IndexOfAny(LineBreaks, index);
            if (lineEnd < 0)
            {
                return false;
            }

            // Only a line of spaces alone in the run of blank lines after a header needs repair; any literal block
            // scalar (every ncp.ini in a ConfigMap) made the whole file be split into lines before.
            var next = lineEnd;
            while (next < text.Length)
            {
                next += text[next] == '\r' && next + 1 < text.Length && text[next + 1] == '\n' ? 2 : 1;
                var spaces = 0;
                while (next + spaces < text.Length && text[next + spaces] == ' ')
                {
                    spaces++;
                }

                var end = next + spaces;
                if (end < text.Length && text[end] is not ('\n' or '\r'))
                {
                    break; // the block's first content line
                }

                if (spaces > 0)
                {
                    return true;
                }

                next = end;
            }

            index = text.IndexOf('|', lineEnd);
        }

        return false;
    }

    private static readonly char[] LineBreaks = { '\n', '\r' };

    /// <summary>
    /// Whether a line ends with a literal block scalar header: <c>|</c> with optional chomping and indentation
    /// indicators in either order, after a separator, optionally followed by a comment.
    /// </summary>
    internal static bool EndsWithLiteralHeader(string line, out bool explicitIndent)
    {
        explicitIndent = false;
        var text = line;
        var comment = text.IndexOf(" #", StringComparison.Ordinal);
        if (comment >= 0)
        {
            text = text.Substring(0, comment);
        }

        text = text.TrimEnd(' ', '\t');
        var bar = text.LastIndexOf('|');
        if (bar < 0 || (bar > 0 && text[bar - 1] is not (' ' or '\t' or ':' or '-')))
        {
            return false;
        }

        var indicators = text.Substring(bar + 1);
        if (indicators.Length > 2)
        {
            return false;
        }

        var chomping = 0;
        var indent = 0;
        foreach (var c in indicators)
        {
            if (c is '+' or '-')
            {
                chomping++;
            }
            else if (c is >= '1' and <= '9')
            {
                indent++;
            }
            else
            {
                return false;
            }
        }

        explicitIndent = indent == 1;
        return chomping <= 1 && indent <= 1;
    }

    private static bool IsSpacesOnly(string content)
    {
        foreach (var c in content)
        {
            if (c != ' ')
            {
                return false;
            }
        }

        return true;
    }

    private static int LeadingSpaces(string content)
    {
        var count = 0;
        while (count < content.Length && content[count] == ' ')
        {
            count++;
        }

        return count;
    }

    /// <summary>The line without its line break.</summary>
    private static string Content(string line) => line.TrimEnd('\n', '\r');

    private static List<string> SplitKeepingEnds(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                lines.Add(text.Substring(start, i + 1 - start));
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text.Substring(start));
        }

        return lines;
    }
}
