using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>One <c>key = value</c> assignment of an <c>ncp.ini</c>.</summary>
/// <param name="Section">The section it sits in, or null before any section header.</param>
/// <param name="KeySpan">The key, in the file that holds the text (the YAML file for a ConfigMap).</param>
/// <param name="LineSpan">The whole assignment line.</param>
/// <param name="Ordinal">Position among the assignments of this file.</param>
public sealed record IniEntry(string? Section, string Key, string Value, SourceSpan KeySpan, SourceSpan LineSpan, int Ordinal);

/// <summary>A line oslo.config would refuse.</summary>
public sealed record IniProblem(string Message, SourceSpan LineSpan);

/// <summary>
/// Maps a line of INI text to its real place: the identity for a standalone file; for a YAML
/// literal block scalar, the line after the header plus the block's indentation.
/// </summary>
public sealed class IniPositionMap
{
    private readonly string file;
    private readonly int firstLine;
    private readonly int columnOffset;
    private readonly bool exact;

    private IniPositionMap(string file, int firstLine, int columnOffset, bool exact)
    {
        this.file = file;
        this.firstLine = firstLine;
        this.columnOffset = columnOffset;
        this.exact = exact;
    }

    public static IniPositionMap Standalone(string file) => new(file, 1, 0, exact: true);

    /// <summary>Line i of the text is line <paramref name="firstLine"/> + i, shifted right by <paramref name="columnOffset"/>.</summary>
    public static IniPositionMap Block(string file, int firstLine, int columnOffset) => new(file, firstLine, columnOffset, exact: true);

    /// <summary>For folded or quoted scalars, whose lines do not map one to one: everything points at the value.</summary>
    public static IniPositionMap Fixed(SourceSpan valueSpan) => new(valueSpan.File, valueSpan.StartLine, valueSpan.StartColumn - 1, exact: false);

    public SourceSpan Map(int lineIndex, int startIndex, int endIndex)
    {
        if (!exact)
        {
            return new SourceSpan(file, firstLine, columnOffset + 1, firstLine, columnOffset + 1);
        }

        var line = firstLine + lineIndex;
        return new SourceSpan(file, line, columnOffset + startIndex + 1, line, columnOffset + endIndex + 1);
    }

}

/// <summary>
/// A parsed <c>ncp.ini</c>, following oslo.config's <c>iniparser</c>: <c>#</c>/<c>;</c> comments,
/// <c>[section]</c> headers, <c>key = value</c> or <c>key: value</c> (whichever separator comes
/// first), values stripped of whitespace and one pair of matching quotes, continuation lines that
/// start with whitespace, and no inline comments.
/// </summary>
public sealed class NcpIniDocument
{
    public const string PersistenceSection = "nsx_v3";

    private NcpIniDocument(IReadOnlyList<IniEntry> entries, IReadOnlyList<IniProblem> problems, IReadOnlyCollection<string> sections)
    {
        Entries = entries;
        Problems = problems;
        Sections = sections;
    }

    /// <summary>Every section header in the text, even empty sections.</summary>
    public IReadOnlyCollection<string> Sections { get; }

    public bool HasSection(string name) => Sections.Contains(name);

    public IReadOnlyList<IniEntry> Entries { get; }

    public IReadOnlyList<IniProblem> Problems { get; }

    public static NcpIniDocument Parse(string text, IniPositionMap map)
    {
        var entries = new List<IniEntry>();
        var problems = new List<IniProblem>();
        string? section = null;
        var sections = new HashSet<string>(StringComparer.Ordinal);

        // The assignment being read, kept open while continuation lines follow.
        string? key = null;
        var valueParts = new List<string>();
        SourceSpan keySpan = default;
        SourceSpan lineSpan = default;

        void Flush()
        {
            if (key is null)
            {
                return;
            }

            entries.Add(new IniEntry(section, key, string.Join("\n", valueParts), keySpan, lineSpan, entries.Count));
            key = null;
            valueParts.Clear();
        }

        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd();
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            var whole = map.Map(index, 0, line.Length);
            if (line[0] is ' ' or '\t')
            {
                if (key is null)
                {
                    var lead = line.Length - line.TrimStart().Length;
                    var trimmedStart = line.TrimStart();
                    if (trimmedStart.StartsWith("#", StringComparison.Ordinal) || trimmedStart.StartsWith(";", StringComparison.Ordinal))
                    {
                        // oslo.config refuses an indented comment with nothing before it; say so plainly.
                        problems.Add(new IniProblem("an indented line with no assignment before it is a continuation of nothing; oslo.config refuses the file (remove the indentation)", map.Map(index, lead, line.Length)));
                        continue;
                    }

                    problems.Add(new IniProblem("an indented line continues the previous value, but no assignment comes before it; oslo.config refuses the file", map.Map(index, lead, line.Length)));
                }
                else
                {
                    valueParts.Add(line.TrimStart());
                }

                continue;
            }

            Flush();
            if (line[0] == '[')
            {
                if (line[^1] != ']')
                {
                    problems.Add(new IniProblem($"the section header '{line}' has no closing ']'; oslo.config refuses the file", whole));
                }
                else if (line.Length <= 2)
                {
                    problems.Add(new IniProblem("the section header '[]' names no section; oslo.config refuses the file", whole));
                }
                else
                {
                    section = line.Substring(1, line.Length - 2);
                    sections.Add(section);
                }

                continue;
            }

            if (line[0] is '#' or ';')
            {
                continue; // suppression comments are read from the file's text (SuppressionComment)
            }

            var colon = line.IndexOf(':');
            var equal = line.IndexOf('=');
            if (colon < 0 && equal < 0)
            {
                problems.Add(new IniProblem($"'{Shorten(line)}' is neither a comment, a [section] header nor a 'key = value' assignment; oslo.config refuses the file, so NCP does not start", whole));
                continue;
            }

            var separator = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
            var rawKey = line.Substring(0, separator);
            var parsedKey = rawKey.Trim();
            if (parsedKey.Length == 0)
            {
                problems.Add(new IniProblem($"'{Shorten(line)}' assigns a value to an empty key; oslo.config refuses the file", whole));
                continue;
            }

            if (section is null)
            {
                problems.Add(new IniProblem($"'{parsedKey}' comes before any [section] header; oslo.config refuses the file (put it under [nsx_v3] or the section it belongs to)", whole));
                continue;
            }

            var value = line.Substring(separator + 1).Trim();
            if (value.Length >= 2 && value[0] == value[^1] && (value[0] == '"' || value[0] == '\''))
            {
                value = value.Substring(1, value.Length - 2);
            }

            var keyStart = rawKey.Length - rawKey.TrimStart().Length;
            key = parsedKey;
            valueParts.Add(value);
            keySpan = map.Map(index, keyStart, keyStart + parsedKey.Length);
            lineSpan = whole;
        }

        Flush();
        return new NcpIniDocument(entries, problems, sections);
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line.Substring(0, 57) + "...";
}
