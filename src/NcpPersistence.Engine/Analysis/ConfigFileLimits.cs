using System.Globalization;
using System.Text;
using NcpPersistence.Loading;

namespace NcpPersistence.Analysis;

/// <summary>
/// Bounds on <c>.editorconfig</c> and <c>.globalconfig</c> files, checked before Roslyn sees them. Roslyn compiles
/// each section name into a backtracking regular expression, without a time-out, the first time a path is matched:
/// the cost grows with the square of the brace alternatives (8,000 take 1.2 s; 100,000 took over 120 s and 2.4 GiB),
/// exponentially with <c>**</c> segments against deep paths (14 take 10 s per manifest) and with nested braces, and
/// about 1 ms per section. Real configurations stay far below these limits; a file past them is reported (a warning)
/// and, for one oversized section, that section alone is left out.
/// </summary>
public static class ConfigFileLimits
{
    /// <summary>A config file larger than this is not read.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>A config file with more sections than this is not read.</summary>
    public const int MaxSections = 1_000;

    /// <summary>Brace alternatives (the items of every <c>{a,b,c}</c> and <c>{1..9}</c>) in one section name.</summary>
    public const int MaxAlternatives = 256;

    /// <summary>Nesting of braces in one section name.</summary>
    public const int MaxBraceDepth = 4;

    /// <summary><c>**</c> wildcards in one section name.</summary>
    public const int MaxDoubleStars = 4;

    /// <summary>Characters in one section name.</summary>
    public const int MaxSectionNameLength = 4_096;

    /// <summary>The name that replaces a section left out: it matches no file a manifest can have (no extension, no folder).</summary>
    internal const string IgnoredSectionName = "ncp-persistence-ignored-section";

    /// <summary>
    /// Reads a config file within the limits: null (and a problem) when it is not a regular file, cannot be
    /// read, or is past the file limits; otherwise its text, with any section past the name limits renamed
    /// so that it matches nothing (line numbers are kept, so Roslyn's own messages still point right).
    /// </summary>
    public static string? Read(string path, List<string> problems)
    {
        var kind = FileKinds.Of(path, followLinks: true);
        if (kind is not (FileKind.Regular or FileKind.Unknown))
        {
            problems.Add($"{path}: the file is {FileKinds.Describe(kind)}, not a regular file, so it was not read");
            return null;
        }

        if (kind == FileKind.Regular && FileKinds.IsKernelPseudoFile(path))
        {
            problems.Add($"{path}: the file is a kernel pseudo-file, not a configuration, so it was not read");
            return null;
        }

        byte[]? bytes;
        try
        {
            bytes = InputFile.ReadBounded(path, new FileInfo(FileKinds.FinalTarget(path)).Length, MaxBytes, out _);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{path}: {exception.Message}");
            return null;
        }

        if (bytes is null)
        {
            problems.Add($"{path}: the file is over the {MaxBytes.ToString("N0", CultureInfo.InvariantCulture)}-byte limit for configuration files, so it was not read");
            return null;
        }

        string text;
        using (var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            text = reader.ReadToEnd(); // as File.ReadAllText did
        }

        return Bound(text, path, problems);
    }

    /// <summary>The text with over-limit sections renamed, or null when the file has too many sections.</summary>
    internal static string? Bound(string text, string path, List<string> problems)
    {
        StringBuilder? rewritten = null;
        var sections = 0;
        var lineNumber = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            var lineEnd = end < 0 ? text.Length : end;
            lineNumber++;
            var line = text.AsSpan(start, lineEnd - start);
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && trimmed[0] == '[')
            {
                if (++sections > MaxSections)
                {
                    problems.Add($"{path}: the file has more than {MaxSections.ToString("N0", CultureInfo.InvariantCulture)} sections (the limit), so it was not read");
                    return null;
                }

                if (WhyOverLimit(trimmed) is { } reason)
                {
                    problems.Add($"{path}({lineNumber.ToString(CultureInfo.InvariantCulture)}): the section name {reason}; the section was ignored");
                    rewritten ??= new StringBuilder(text, 0, start, text.Length);
                    rewritten.Append('[').Append(IgnoredSectionName).Append(']');
                }
                else
                {
                    rewritten?.Append(line);
                }
            }
            else
            {
                rewritten?.Append(line);
            }

            if (end < 0)
            {
                break;
            }

            rewritten?.Append('\n');
            start = end + 1;
        }

        return rewritten?.ToString() ?? text;
    }

    private static string? WhyOverLimit(ReadOnlySpan<char> header)
    {
        if (header.Length > MaxSectionNameLength)
        {
            return $"is over {MaxSectionNameLength.ToString("N0", CultureInfo.InvariantCulture)} characters long";
        }

        int alternatives = 0, depth = 0, deepest = 0, doubleStars = 0;
        for (var i = 0; i < header.Length; i++)
        {
            switch (header[i])
            {
                case '\\':
                    i++; // an escaped character is literal
                    break;
                case '{':
                    alternatives++;
                    deepest = Math.Max(deepest, ++depth);
                    break;
                case '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' when depth > 0:
                    alternatives++;
                    break;
                case '.' when depth > 0 && i + 1 < header.Length && header[i + 1] == '.':
                    alternatives++; // {1..99}: a numeric range
                    break;
                case '*' when i + 1 < header.Length && header[i + 1] == '*':
                    doubleStars++;
                    i++;
                    break;
            }
        }

        return alternatives > MaxAlternatives ? $"has {alternatives.ToString("N0", CultureInfo.InvariantCulture)} brace alternatives, over the limit of {MaxAlternatives}"
            : deepest > MaxBraceDepth ? $"nests braces {deepest} deep, over the limit of {MaxBraceDepth}"
            : doubleStars > MaxDoubleStars ? $"has {doubleStars} '**' wildcards, over the limit of {MaxDoubleStars}"
            : null;
    }
}
