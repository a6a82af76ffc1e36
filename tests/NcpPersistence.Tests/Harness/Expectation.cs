using System.Text.RegularExpressions;

namespace NcpPersistence.Tests.Harness;

/// <summary>
/// One expected or actual diagnostic: file (relative to the case folder, or "" for project level), line,
/// optional column, ID, and for an expectation an optional regular expression the message must match.
/// </summary>
public sealed record Finding(string File, int Line, int? Column, string Id, string? MessagePattern = null, string? Message = null)
{
    public bool Matches(Finding actual) =>
        File == actual.File && Line == actual.Line && Id == actual.Id && (Column is null || Column == actual.Column)
        && (MessagePattern is null || (actual.Message is not null && Regex.IsMatch(actual.Message, MessagePattern)));

    public override string ToString() =>
        (File.Length == 0 ? $"(project) {Id}" : $"{File}:{Line}{(Column is null ? "" : ":" + Column)} {Id}")
        + (MessagePattern is null ? "" : $" \"{MessagePattern}\"")
        + (Message is null ? "" : $" [{Message}]");
}

/// <summary>
/// Reads expectations the way Go's analysistest does: a <c># want NCP3001</c> comment at the end of the
/// YAML line where the diagnostic belongs (several IDs allowed; <c>NCP3001@24</c> also pins the column; a
/// quoted regular expression after an ID, <c># want NCP3001 "routes to .* default/tea-svc"</c>, must match its
/// message), plus an <c>expect.txt</c> for lines that cannot carry a comment (ncp.ini text, JSON) and for
/// project-level diagnostics: <c>file:line[:col] ID ["regex"]</c> or a bare <c>ID ["regex"]</c>.
/// </summary>
public static partial class Expectation
{
    [GeneratedRegex(@"#\s*want\s+(?<rest>NCP\d{4}.*)$")]
    private static partial Regex WantComment();

    /// <summary>An ID with an optional column and an optional quoted pattern (<c>\"</c> escapes a quote inside it).</summary>
    [GeneratedRegex(@"(?<id>NCP\d{4})(?:@(?<col>\d+))?(?:\s+""(?<pattern>(?:[^""\\]|\\.)*)"")?")]
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

            if (!relative.EndsWith(".yaml", StringComparison.Ordinal) && !relative.EndsWith(".yml", StringComparison.Ordinal) && Path.GetFileName(relative) != "Kustomization")
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

                expected.AddRange(Tokens(match.Groups["rest"].Value).Select(t => new Finding(relative, i + 1, t.Column, t.Id, t.Pattern)));
            }
        }

        return expected;
    }

    private static IEnumerable<(string Id, int? Column, string? Pattern)> Tokens(string text)
    {
        foreach (Match token in IdToken().Matches(text))
        {
            var pattern = token.Groups["pattern"].Success ? token.Groups["pattern"].Value.Replace("\\\"", "\"", StringComparison.Ordinal) : null;
            yield return (token.Groups["id"].Value, token.Groups["col"].Success ? int.Parse(token.Groups["col"].Value) : null, pattern);
        }
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

            if (line.StartsWith("NCP", StringComparison.Ordinal))
            {
                foreach (var (id, _, pattern) in Tokens(line))
                {
                    yield return new Finding("", 0, null, id, pattern);
                }

                continue;
            }

            var space = line.IndexOf(' ');
            var location = line.Substring(0, space).Split(':');
            foreach (var (id, _, pattern) in Tokens(line.Substring(space + 1)))
            {
                yield return new Finding(location[0], int.Parse(location[1]), location.Length > 2 ? int.Parse(location[2]) : null, id, pattern);
            }
        }
    }
}
