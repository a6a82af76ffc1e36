using NcpPersistence.Diagnostics;
using NcpPersistence.Loading;
using NcpPersistence.Model;
using NcpPersistence.Rules.Analyzer;

namespace NcpPersistence.Analysis;

/// <summary>
/// Applies in-source suppressions after the rules have run and before severities, never inside a rule:
/// object annotations (<c>ignore-check.ncp-persistence.io/&lt;ID&gt;</c>, <c>ncp-persistence.io/ignore-all</c>)
/// and comments (<c>ncp-persistence-disable-next-line</c>, <c>ncp-persistence-disable-line</c>).
/// Reports NCP0001 for a suppression without justification and NCP0002 for one that matched nothing.
/// Comments are looked up by file and line, annotations by the object that holds the location, so the
/// cost is linear in findings and suppressions.
/// </summary>
public static class SuppressionEngine
{
    /// <summary>Findings about the input itself cannot be hidden in that input.</summary>
    private static readonly HashSet<string> NotSuppressible = new(StringComparer.Ordinal) { "NCP0000", "NCP0001", "NCP0002", "NCP9001", "NCP9002" };

    public static void Apply(AnalysisModel model, List<Diagnostic> diagnostics)
    {
        var byLine = new Dictionary<(string File, int Line), List<Candidate>>();
        var all = new List<Candidate>();
        foreach (var file in model.Files)
        {
            foreach (var comment in file.SuppressionComments)
            {
                var form = comment.Span.StartLine == comment.TargetLine ? "ncp-persistence-disable-line" : "ncp-persistence-disable-next-line";
                var candidate = new Candidate(comment.RuleIds, false, comment.Justification, comment.Span, null, form);
                all.Add(candidate);
                var key = (file.Path, comment.TargetLine);
                if (!byLine.TryGetValue(key, out var list))
                {
                    byLine[key] = list = new List<Candidate>();
                }

                list.Add(candidate);
            }
        }

        // Annotated objects per file, ordered by position: documents of one file do not overlap. An object
        // rendered by a Kustomize build is also matched as the subject of a finding, which a patch may locate
        // in another file; the same annotation reached through two builds is one suppression.
        var annotated = new Dictionary<string, List<(SourceSpan Span, List<Candidate> Candidates)>>(StringComparer.Ordinal);
        var bySubject = new Dictionary<KubeObject, List<Candidate>>(ReferenceEqualityComparer.Instance);
        var bySpan = new Dictionary<(SourceSpan, string), Candidate>();
        foreach (var item in model.Objects)
        {
            List<Candidate>? own = null;
            foreach (var (key, value) in item.Annotations)
            {
                if (!SuppressionAnnotations.IsSuppression(key))
                {
                    continue;
                }

                var ignoreAll = key == SuppressionAnnotations.IgnoreAll;
                if (!bySpan.TryGetValue((value.KeySpan, key), out var candidate))
                {
                    var ids = ignoreAll ? Array.Empty<string>() : new[] { key.Substring(SuppressionAnnotations.IgnoreCheckPrefix.Length).ToUpperInvariant() };
                    candidate = new Candidate(ids, ignoreAll, value.Value.Trim(), value.KeySpan, item.SourceId, "annotation " + key);
                    bySpan[(value.KeySpan, key)] = candidate;
                    all.Add(candidate);
                }

                (own ??= new List<Candidate>()).Add(candidate);
            }

            if (own is not null)
            {
                if (!annotated.TryGetValue(item.ObjectSpan.File, out var list))
                {
                    annotated[item.ObjectSpan.File] = list = new();
                }

                list.Add((item.ObjectSpan, own));
                if (item.Unit?.Kind == UnitKind.KustomizeBuild)
                {
                    bySubject[item] = own;
                }
            }
        }

        if (all.Count == 0)
        {
            return;
        }

        foreach (var list in annotated.Values)
        {
            list.Sort((a, b) => a.Span.StartLine != b.Span.StartLine ? a.Span.StartLine.CompareTo(b.Span.StartLine) : a.Span.StartColumn.CompareTo(b.Span.StartColumn));
        }

        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Location is not { } location || NotSuppressible.Contains(diagnostic.Id))
            {
                continue;
            }

            if (byLine.TryGetValue((location.File, location.StartLine), out var comments))
            {
                Match(diagnostic, comments);
            }

            if (annotated.TryGetValue(location.File, out var objects) && Containing(objects, location) is { } holder)
            {
                Match(diagnostic, holder);
            }
            else if (diagnostic.Subjects is { Count: > 0 } subjects && bySubject.TryGetValue(subjects[0], out var ofSubject))
            {
                Match(diagnostic, ofSubject);
            }
        }

        foreach (var candidate in all)
        {
            if (candidate.Justification.Length == 0)
            {
                diagnostics.Add(SuppressionWithoutJustificationRule.Create(candidate.Span, candidate.Owner, candidate.Form));
            }

            if (!candidate.Used)
            {
                diagnostics.Add(UnnecessarySuppressionRule.Create(candidate.Span, candidate.Owner, candidate.Form));
            }
        }
    }

    private static void Match(Diagnostic diagnostic, List<Candidate> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.All || candidate.Ids.Contains(diagnostic.Id, StringComparer.Ordinal))
            {
                candidate.Used = true;
                diagnostic.Suppression ??= new Suppression(candidate.Justification, candidate.Span);
            }
        }
    }

    /// <summary>The candidates of the object whose span holds <paramref name="location"/> (the last one starting before it).</summary>
    private static List<Candidate>? Containing(List<(SourceSpan Span, List<Candidate> Candidates)> objects, SourceSpan location)
    {
        int low = 0, high = objects.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var start = objects[middle].Span;
            if (start.StartLine < location.StartLine || (start.StartLine == location.StartLine && start.StartColumn <= location.StartColumn))
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        for (var i = found; i >= 0 && i > found - 4; i--)
        {
            if (Contains(objects[i].Span, location))
            {
                return objects[i].Candidates;
            }
        }

        return null;
    }

    private static bool Contains(SourceSpan outer, SourceSpan inner) =>
        (inner.StartLine > outer.StartLine || (inner.StartLine == outer.StartLine && inner.StartColumn >= outer.StartColumn))
        && (inner.StartLine < outer.EndLine || (inner.StartLine == outer.EndLine && inner.StartColumn <= outer.EndColumn));

    private sealed record Candidate(IReadOnlyList<string> Ids, bool All, string Justification, SourceSpan Span, ObjectId? Owner, string Form)
    {
        public bool Used { get; set; }
    }
}
