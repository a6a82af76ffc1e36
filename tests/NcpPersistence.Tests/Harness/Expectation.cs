using System.Text.RegularExpressions;

namespace NcpPersistence.Tests.Harness;

/// <summary>One expected or actual diagnostic: file (relative to the case folder, or "" for project level), line, optional column, ID.</summary>
public sealed record Finding(string File, int Line, int? Column, string Id)
{
    public bool Matches(Finding actual) =>
        File == actual.File && Line == actual.Line && Id == actual.Id && (Column is null || Column == actual.Column);

    public override string ToString() => File.Length == 0 ? $"(project) {Id}" : $"{File}:{Line}{(Column is null ? "" : ":" + Column)} {Id}";
}

/// <summary>
/// Reads expectations the way Go's analysistest does: a <c># want NCP3001</c> comment at the end
/// of the YAML line where the diagnostic belongs (several IDs allowed; <c>NCP3001@24</c> also pins the
/// column), plus an <c>expect.txt</c> for lines that cannot carry a comment (ncp.ini text) and for
/// project-level diagnostics: <c>file:line[:col] ID</c> or a bare <c>ID</c>.
/// </summary>
public static partial class Expectation
{
    [GeneratedRegex(@"#\s*want\s+(?<ids>(?:NCP\d{4}(?:@\d+)?[\s,]*)+)$")]
    private static partial Regex WantComment();

    [GeneratedRegex(@"NCP\d{4}(?:@\d+)?")]
    private static partial Regex IdToken();

    public static List<Finding> Read(string caseDirectory)
    {
        var expected = new List<Finding>();
        foreach (var file in Directory.EnumerateFiles(caseDirectory, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(caseDirectory, file).Replace('\\', '/');
            if (relative == "expect.txt")
            {
                expected.AddRange(ReadExpectFile(file));
                continue;
            }

            if (!relative.EndsWith(".yaml", StringComparison.Ordinal) && !relative.EndsWith(".yml", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var match = WantComment().Match(lines[i].TrimEnd());
                if (!match.Success)
                {
                    continue;
                }

                foreach (Match token in IdToken().Matches(match.Groups["ids"].Value))
                {
                    var parts = token.Value.Split('@');
                    expected.Add(new Finding(relative, i + 1, parts.Length > 1 ? int.Parse(parts[1]) : null, parts[0]));
                }
            }
        }

        return expected;
    }

    private static IEnumerable<Finding> ReadExpectFile(string path)
    {
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 1)
            {
                yield return new Finding("", 0, null, parts[0]);
                continue;
            }

            var location = parts[0].Split(':');
            yield return new Finding(location[0], int.Parse(location[1]), location.Length > 2 ? int.Parse(location[2]) : null, parts[1]);
        }
    }
}
