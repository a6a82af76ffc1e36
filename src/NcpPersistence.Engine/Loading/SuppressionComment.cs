using NcpPersistence.Diagnostics;

namespace NcpPersistence.Loading;

/// <summary>
/// <c># ncp-persistence-disable-next-line IDs -- justification</c> (its own line, in YAML or in
/// ncp.ini) or <c># ncp-persistence-disable-line IDs -- justification</c> (end of a YAML line).
/// </summary>
/// <param name="TargetLine">The line whose diagnostics it suppresses.</param>
/// <param name="Span">The comment itself (NCP0001/NCP0002 point there).</param>
public sealed record SuppressionComment(int TargetLine, IReadOnlyList<string> RuleIds, string Justification, SourceSpan Span)
{
    private const string Marker = "ncp-persistence-disable-";
    private const string NextLine = "ncp-persistence-disable-next-line";
    private const string SameLine = "ncp-persistence-disable-line";

    /// <summary>Scans the text once for suppression comments; null, at no cost, for files that have none.</summary>
    public static List<SuppressionComment>? Collect(string file, string text)
    {
        if (!text.Contains(Marker, StringComparison.Ordinal))
        {
            return null;
        }

        var output = new List<SuppressionComment>();
        var lines = text.Split('\n');
        var nextContent = (From: -1, Line: -1); // the last answer of NextContentLine, shared by a run of comments
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var hash = line.LastIndexOf('#', at);
            if (hash < 0 || line.Substring(hash + 1, at - hash - 1).Trim().Length != 0)
            {
                continue;
            }

            var rest = line.Substring(at);
            bool nextLine;
            if (rest.StartsWith(NextLine, StringComparison.Ordinal))
            {
                nextLine = true;
                rest = rest.Substring(NextLine.Length);
            }
            else if (rest.StartsWith(SameLine, StringComparison.Ordinal))
            {
                nextLine = false;
                rest = rest.Substring(SameLine.Length);
            }
            else
            {
                continue;
            }

            var separator = rest.IndexOf("--", StringComparison.Ordinal);
            var idText = separator >= 0 ? rest.Substring(0, separator) : rest;
            var justification = separator >= 0 ? rest.Substring(separator + 2).Trim() : "";
            var ids = idText.Split(new[] { ',', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(id => id.Trim().ToUpperInvariant()).ToArray();
            var ownLine = line.Substring(0, hash).Trim().Length == 0;
            var target = i + 1;
            if (nextLine)
            {
                if (!ownLine)
                {
                    continue;
                }

                target = NextContentLine(lines, i + 1, ref nextContent);
            }

            var span = new SourceSpan(file, i + 1, hash + 1, i + 1, line.Length + 1);
            output.Add(new SuppressionComment(target, ids, justification, span));
        }

        return output;
    }

    /// <summary>
    /// 1-based number of the first line from index <paramref name="start"/> on that is neither blank nor a comment.
    /// Consecutive comments share one answer: when <paramref name="start"/> lies inside the stretch the previous call
    /// scanned, that answer is the answer, so n consecutive comments cost n, not n^2/2 (100,000 took 106 s, F7).
    /// </summary>
    private static int NextContentLine(string[] lines, int start, ref (int From, int Line) previous)
    {
        if (previous.From >= 0 && start >= previous.From && start < previous.Line)
        {
            return previous.Line; // lines start .. Line-2 are blank or comments: the previous scan saw them
        }

        var line = lines.Length + 1;
        for (var j = start; j < lines.Length; j++)
        {
            var trimmed = lines[j].AsSpan().Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            line = j + 1;
            break;
        }

        previous = (start, line);
        return line;
    }
}
