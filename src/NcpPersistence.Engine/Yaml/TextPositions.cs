using YamlDotNet.Core;

namespace NcpPersistence.Yaml;

/// <summary>
/// Turns parser marks into the lines and columns an editor shows. YamlDotNet, like libyaml, also breaks
/// lines at NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029); editors, GitHub and
/// the suppression comments do not, so for text that holds one of them positions are recomputed from
/// the character offset, counting only LF, CR and CR LF.
/// </summary>
internal sealed class TextPositions
{
    private readonly int[]? lineStarts;
    private readonly IReadOnlyDictionary<int, int>? columnShifts;

    private TextPositions(int[]? lineStarts, IReadOnlyDictionary<int, int>? columnShifts = null)
    {
        this.lineStarts = lineStarts;
        this.columnShifts = columnShifts;
    }

    /// <summary>Whether positions are the parser's lines and columns (the text has no Unicode line separator).</summary>
    public bool MapsParserLines => lineStarts is null;

    /// <param name="text">The text the parser reads.</param>
    /// <param name="columnShifts">Spaces added at the start of some lines (1-based line to count) for the parser only.</param>
    public static TextPositions For(string text, IReadOnlyDictionary<int, int>? columnShifts = null)
    {
        if (text.AsSpan().IndexOfAny('\u0085', '\u2028', '\u2029') < 0)
        {
            return new TextPositions(null, columnShifts is { Count: > 0 } ? columnShifts : null); // the parser's own lines are the editor's
        }

        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        return new TextPositions(starts.ToArray());
    }

    public TextPosition Of(Mark mark) =>
        lineStarts is not null ? Of((int)mark.Index)
        : columnShifts is not null && columnShifts.TryGetValue((int)mark.Line, out var shift) ? new TextPosition((int)mark.Line, Math.Max(1, (int)mark.Column - shift))
        : new TextPosition((int)mark.Line, (int)mark.Column);

    /// <summary>The 1-based line and column of a character offset.</summary>
    public TextPosition Of(int index)
    {
        if (lineStarts is null)
        {
            throw new InvalidOperationException("offsets are only mapped for text with Unicode line separators");
        }

        var line = Array.BinarySearch(lineStarts, index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new TextPosition(line + 1, index - lineStarts[line] + 1);
    }
}
