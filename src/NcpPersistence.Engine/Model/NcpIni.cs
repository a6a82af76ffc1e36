using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>Which parser reads an <c>ncp.ini</c> text: the one NCP itself uses, or the operator's.</summary>
public enum IniFlavour
{
    /// <summary>oslo.config's <c>iniparser</c> (NCP reads <c>nsx-ncp-config</c> and standalone files with it).</summary>
    OsloConfig,

    /// <summary>go-ini (<c>gopkg.in/ini.v1</c>, default options): how the NSX Container Plugin operator reads <c>nsx-ncp-operator-config</c>.</summary>
    GoIni,
}

/// <summary>One <c>key = value</c> assignment of an <c>ncp.ini</c>.</summary>
/// <param name="Section">The section as NCP names it: lower-cased by oslo.config (except <c>DEFAULT</c>), exact for go-ini; null before any section header (oslo.config refuses such a line).</param>
/// <param name="KeySpan">The key, in the file that holds the text (the YAML file for a ConfigMap, the JSON value for a network profile).</param>
/// <param name="LineSpan">The whole assignment line.</param>
/// <param name="Ordinal">Position among the assignments of this file.</param>
public sealed record IniEntry(string? Section, string Key, string Value, SourceSpan KeySpan, SourceSpan LineSpan, int Ordinal)
{
    /// <summary>The section header as written (<c>NSX_V3</c> for <c>[NSX_V3]</c>).</summary>
    public string? WrittenSection { get; init; } = Section;

    /// <summary>
    /// For a TKGI network profile: the profile parameter this entry stands for (<c>ingress_persistence_settings.persistence_type</c>),
    /// checked by NCP1014 rather than by the ncp.ini rules; null for ncp.ini text and for <c>extensions.ncp</c> entries.
    /// </summary>
    public string? ProfileParameter { get; init; }
}

/// <summary>A line the parser refuses (oslo.config: NCP does not start; go-ini: the operator does not render NCP's configuration).</summary>
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
/// A parsed <c>ncp.ini</c>, as NCP reads it (oslo.config's <c>iniparser</c>: <c>#</c>/<c>;</c> comments,
/// <c>[section]</c> headers whose names are lower-cased except <c>DEFAULT</c>, <c>key = value</c> or
/// <c>key: value</c> (whichever separator comes first), values stripped of whitespace and one pair of
/// matching quotes, continuation lines that start with whitespace, and no inline comments), or as the
/// operator reads it (<see cref="GoIniParser"/>).
/// </summary>
public sealed class NcpIniDocument
{
    public const string PersistenceSection = "nsx_v3";

    /// <summary>oslo.config keeps this one section name as written and lower-cases every other.</summary>
    public const string DefaultSection = "DEFAULT";

    internal NcpIniDocument(IniFlavour flavour, IReadOnlyList<IniEntry> entries, IReadOnlyList<IniProblem> problems, IReadOnlyCollection<string> sections, IReadOnlyCollection<string> writtenSections)
    {
        Flavour = flavour;
        Entries = entries;
        Problems = problems;
        Sections = sections;
        WrittenSections = writtenSections;
    }

    public IniFlavour Flavour { get; }

    /// <summary>Every section, as the flavour names it (oslo.config: lower-cased except DEFAULT), even empty sections.</summary>
    public IReadOnlyCollection<string> Sections { get; }

    /// <summary>Every section header as written.</summary>
    public IReadOnlyCollection<string> WrittenSections { get; }

    public bool HasSection(string name) => Sections.Contains(name);

    public IReadOnlyList<IniEntry> Entries { get; }

    public IReadOnlyList<IniProblem> Problems { get; }

    /// <summary>oslo.config's <c>_normalize_group_name</c>: <c>DEFAULT</c> stays, every other section name is lower-cased (<c>[NSX_V3]</c> is <c>[nsx_v3]</c>, <c>[default]</c> is not <c>[DEFAULT]</c>).</summary>
    public static string NormalizeOsloSection(string section) => section == DefaultSection ? section : section.ToLowerInvariant();

    public static NcpIniDocument Parse(string text, IniPositionMap map, IniFlavour flavour = IniFlavour.OsloConfig) =>
        flavour == IniFlavour.GoIni ? GoIniParser.Parse(text, map) : ParseOslo(text, map);

    /// <summary>oslo.config's <c>iniparser.BaseParser.parse</c> and <c>cfg.ConfigParser</c>, line for line.</summary>
    private static NcpIniDocument ParseOslo(string text, IniPositionMap map)
    {
        var entries = new List<IniEntry>();
        var problems = new List<IniProblem>();
        string? section = null;
        string? writtenSection = null;
        var sections = new HashSet<string>(StringComparer.Ordinal);
        var writtenSections = new HashSet<string>(StringComparer.Ordinal);

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

            entries.Add(new IniEntry(section, key, string.Join("\n", valueParts), keySpan, lineSpan, entries.Count) { WrittenSection = writtenSection });
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
                    problems.Add(new IniProblem($"the section header '{Shorten(line)}' has no closing ']'; oslo.config refuses the file", whole));
                }
                else if (line.Length <= 2)
                {
                    problems.Add(new IniProblem("the section header '[]' names no section; oslo.config refuses the file", whole));
                }
                else
                {
                    writtenSection = line.Substring(1, line.Length - 2);
                    section = NormalizeOsloSection(writtenSection);
                    sections.Add(section);
                    writtenSections.Add(writtenSection);
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
            if (value.Length >= 1 && value[0] == value[^1] && (value[0] == '"' || value[0] == '\''))
            {
                // oslo.config: `value and value[0] == value[-1] and value.startswith(("\"", "'"))`; a lone quote becomes ''.
                value = value.Length == 1 ? "" : value.Substring(1, value.Length - 2);
            }

            var keyStart = rawKey.Length - rawKey.TrimStart().Length;
            key = parsedKey;
            valueParts.Add(value);
            keySpan = map.Map(index, keyStart, keyStart + parsedKey.Length);
            lineSpan = whole;
        }

        Flush();
        return new NcpIniDocument(IniFlavour.OsloConfig, entries, problems, sections, writtenSections);
    }

    internal static string Shorten(string line) => line.Length <= 60 ? line : line.Substring(0, 57) + "...";
}
