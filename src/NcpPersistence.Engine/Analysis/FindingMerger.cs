using NcpPersistence.Diagnostics;
using NcpPersistence.Scoping;

namespace NcpPersistence.Analysis;

/// <summary>
/// One finding per location and rule (contract.md, "Scopes"): a manifest of no scope is checked under
/// every configuration, and a file may be analysed through several units, yet a reader gets one line,
/// naming the configurations a configuration-dependent finding holds under. Rules never do this themselves.
/// </summary>
internal static class FindingMerger
{
    public static void RecordScope(Diagnostic diagnostic, Scope scope) => (diagnostic.HeldUnder ??= new List<Scope>()).Add(scope);

    public static List<Diagnostic> Merge(List<Diagnostic> raw, AnalysisModel model)
    {
        var merged = new List<Diagnostic>(raw.Count);
        var byKey = new Dictionary<string, Diagnostic>(StringComparer.Ordinal);
        foreach (var diagnostic in raw)
        {
            var key = Key(diagnostic);
            if (!byKey.TryGetValue(key, out var first))
            {
                byKey[key] = diagnostic;
                merged.Add(diagnostic);
                continue;
            }

            if (diagnostic.HeldUnder is { } scopes)
            {
                foreach (var scope in scopes)
                {
                    if (first.HeldUnder is null || !first.HeldUnder.Contains(scope))
                    {
                        RecordScope(first, scope);
                    }
                }
            }

            var related = first.Related.ToList();
            foreach (var item in diagnostic.Related)
            {
                if (!related.Contains(item))
                {
                    related.Add(item);
                }
            }

            first.Related = related;
        }

        var named = model.Scopes.Any(s => s.Configuration.Source is not null || s.Configuration.Cluster is not null);
        foreach (var diagnostic in merged)
        {
            if (diagnostic.HeldUnder is not { Count: > 0 } scopes || !diagnostic.Rule.DependsOnConfiguration)
            {
                continue;
            }

            var ordered = model.Scopes.Where(scopes.Contains).ToList();
            diagnostic.Configurations = ordered.Select(s => s.Key).ToList();
            diagnostic.Context = string.Join(",", diagnostic.Configurations);
            if (named)
            {
                diagnostic.Message += " " + UnderConfigurations(ordered);
            }
        }

        return merged;
    }

    /// <summary><c>(under NCP configuration a/ncp.ini)</c>, <c>(under NCP configurations cluster prod (p.yaml) and cluster staging (s.yaml))</c>.</summary>
    internal static string UnderConfigurations(IReadOnlyList<Scope> scopes)
    {
        var names = scopes.Select(s => s.Describe()).ToList();
        var list = names.Count switch
        {
            1 => names[0],
            2 => $"{names[0]} and {names[1]}",
            _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
        };
        return names.Count == 1 ? $"(under NCP configuration {list})" : $"(under NCP configurations {list})";
    }

    private static string Key(Diagnostic diagnostic)
    {
        var location = diagnostic.Location is { } l ? $"{l.File}|{l.StartLine}|{l.StartColumn}|{l.EndLine}|{l.EndColumn}" : "|" + diagnostic.Message;
        return diagnostic.Id + "|" + location + "|" + diagnostic.FieldPath + "|" + string.Join(",", diagnostic.Objects.Select(o => o.Group + "/" + o.DisplayName));
    }
}
