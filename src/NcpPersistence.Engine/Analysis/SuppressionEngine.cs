using NcpPersistence.Diagnostics;
using NcpPersistence.Loading;
using NcpPersistence.Model;
using NcpPersistence.Rules.Analyzer;

namespace NcpPersistence.Analysis;

/// <summary>
/// Applies in-source suppressions after the rules have run, never inside a rule: object
/// annotations (<c>ignore-check.ncp-persistence.io/&lt;ID&gt;</c>, <c>ncp-persistence.io/ignore-all</c>)
/// and comments (<c>ncp-persistence-disable-next-line</c>, <c>ncp-persistence-disable-line</c>).
/// Reports NCP0001 for a suppression without justification and NCP0002 for one that matched nothing.
/// </summary>
public static class SuppressionEngine
{
    public const string IgnoreCheckPrefix = "ignore-check.ncp-persistence.io/";
    public const string IgnoreAllAnnotation = "ncp-persistence.io/ignore-all";

    /// <summary>Findings about the input itself cannot be hidden in that input.</summary>
    private static readonly HashSet<string> NotSuppressible = new(StringComparer.Ordinal) { "NCP0000", "NCP0001", "NCP0002", "NCP9001", "NCP9002" };

    public static void Apply(AnalysisModel model, List<Diagnostic> diagnostics)
    {
        var candidates = new List<Candidate>();
        foreach (var file in model.Files)
        {
            foreach (var comment in file.SuppressionComments)
            {
                candidates.Add(new Candidate(file.Path, comment.RuleIds, false, comment.Justification, comment.Span, null,
                    d => d.Location is { } l && l.StartLine == comment.TargetLine,
                    comment.Span.StartLine == comment.TargetLine ? "ncp-persistence-disable-line" : "ncp-persistence-disable-next-line"));
            }
        }

        foreach (var item in model.Objects)
        {
            foreach (var (key, value) in item.Annotations)
            {
                var all = key == IgnoreAllAnnotation;
                if (!all && !key.StartsWith(IgnoreCheckPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var ids = all ? Array.Empty<string>() : new[] { key.Substring(IgnoreCheckPrefix.Length).ToUpperInvariant() };
                var span = item.ObjectSpan;
                candidates.Add(new Candidate(item.File, ids, all, value.Value.Trim(), value.KeySpan, item.Ref,
                    d => d.Location is { } l && Contains(span, l),
                    "annotation " + key));
            }
        }

        if (candidates.Count == 0)
        {
            return;
        }

        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Location is not { } location || NotSuppressible.Contains(diagnostic.Id))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                if (candidate.File == location.File
                    && (candidate.All || candidate.Ids.Contains(diagnostic.Id, StringComparer.Ordinal))
                    && candidate.Matches(diagnostic))
                {
                    candidate.Used = true;
                    diagnostic.Suppression ??= new Suppression(candidate.Justification, candidate.Span);
                }
            }
        }

        foreach (var candidate in candidates)
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

    private static bool Contains(SourceSpan outer, SourceSpan inner) =>
        (inner.StartLine > outer.StartLine || (inner.StartLine == outer.StartLine && inner.StartColumn >= outer.StartColumn))
        && (inner.StartLine < outer.EndLine || (inner.StartLine == outer.EndLine && inner.StartColumn <= outer.EndColumn));

    private sealed record Candidate(string File, IReadOnlyList<string> Ids, bool All, string Justification, SourceSpan Span, KubeObjectRef? Owner, Func<Diagnostic, bool> Matches, string Form)
    {
        public bool Used { get; set; }
    }
}
