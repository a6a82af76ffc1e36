using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
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
        var byKey = new Dictionary<MergeKey, Diagnostic>(raw.Count);
        var builds = new Dictionary<Diagnostic, SortedSet<string>>(ReferenceEqualityComparer.Instance);
        foreach (var diagnostic in raw)
        {
            var key = new MergeKey(diagnostic);
            if (!byKey.TryGetValue(key, out var first))
            {
                byKey[key] = diagnostic;
                merged.Add(diagnostic);
                AddBuilds(builds, diagnostic, diagnostic);
                continue;
            }

            AddBuilds(builds, first, diagnostic);

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

        foreach (var (diagnostic, folders) in builds)
        {
            // One source line reached through several builds is one finding: it names the builds it holds in,
            // and its objects by the names their source gives them (each build may add its own prefix).
            var names = folders.Select(model.Display).ToList();
            if (names.Count > 1 && diagnostic.Subjects is { } subjects)
            {
                foreach (var subject in subjects.Where(s => s.SourceId != s.Id))
                {
                    diagnostic.Message = diagnostic.Message.Replace(subject.Id.QualifiedName, subject.SourceId.QualifiedName, StringComparison.Ordinal);
                }
            }

            diagnostic.Message += names.Count == 1
                ? $" (in the Kustomize build of {names[0]})"
                : $" (in the Kustomize builds of {string.Join(", ", names.Take(names.Count - 1))} and {names[^1]})";
            var related = diagnostic.Related.ToList();
            foreach (var folder in folders)
            {
                if (NcpPersistence.Loading.Kustomize.Kustomization.FileIn(folder) is { } kustomization)
                {
                    related.Add(new RelatedLocation(SourceSpan.FileStart(kustomization), $"the kustomization of {model.Display(folder)}"));
                }
            }

            diagnostic.Related = related;
            if (!diagnostic.Rule.DependsOnConfiguration && diagnostic.Location is { } location)
            {
                diagnostic.Context = model.Context.RepositoryRelative(location.File); // the same whichever builds reach it
            }
        }

        foreach (var diagnostic in merged)
        {
            // Rendered Helm output names its templates: say which one wrote the object.
            if (diagnostic.Subjects is { Count: > 0 } subjects && subjects[0].TemplateSource is { } template)
            {
                diagnostic.Message += $" (from the Helm template {template})";
                diagnostic.Related = diagnostic.Related
                    .Append(new RelatedLocation(SourceSpan.FileStart(Path.GetFullPath(template, model.Options.BaseDirectory)), $"Helm template {template}"))
                    .ToList();
            }
        }

        var named = model.Scopes.Any(s => s.Configuration.Source is not null || s.Configuration.Cluster is not null);

        // Findings held under the same configurations share one list of their keys, one context and one "(under ...)"
        // text: 50,000 findings under one configuration would otherwise build 50,000 copies of each. The set is named
        // by the positions of its scopes (a key may hold a comma: it is a path).
        var positions = new Dictionary<Scope, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < model.Scopes.Count; i++)
        {
            positions[model.Scopes[i]] = i;
        }

        var byConfigurations = new Dictionary<string, (IReadOnlyList<string> Keys, string Context, string Under)>(StringComparer.Ordinal);
        foreach (var diagnostic in merged)
        {
            if (diagnostic.HeldUnder is not { Count: > 0 } scopes || !diagnostic.Rule.DependsOnConfiguration)
            {
                continue;
            }

            var ordered = model.Scopes.Where(scopes.Contains).ToList();
            var set = string.Join(",", ordered.Select(s => positions[s]));
            if (!byConfigurations.TryGetValue(set, out var shared))
            {
                var keys = ordered.Select(s => s.Key).ToList();
                byConfigurations[set] = shared = (keys, string.Join(",", keys), named ? " " + UnderConfigurations(ordered) : "");
            }

            diagnostic.Configurations = shared.Keys;
            diagnostic.Context = shared.Context;
            diagnostic.Message += shared.Under;
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

    /// <summary>
    /// Rule, location (the message when there is none), field path and the objects as written in their sources (a
    /// build's name prefix does not make a second finding). A value compared field by field: a joined string per
    /// finding cost more than the rest of the merge on 50,000 findings.
    /// </summary>
    private readonly struct MergeKey : IEquatable<MergeKey>
    {
        private readonly string rule;
        private readonly SourceSpan? location;
        private readonly string? unlocatedMessage;
        private readonly string fieldPath;
        private readonly ObjectId[] objects;
        private readonly int hash;

        public MergeKey(Diagnostic diagnostic)
        {
            rule = diagnostic.Id;
            location = diagnostic.Location;
            unlocatedMessage = location is null ? diagnostic.Message : null;
            fieldPath = diagnostic.FieldPath;
            objects = diagnostic.Subjects is { } subjects ? subjects.Select(s => s.SourceId).ToArray() : diagnostic.Objects.ToArray();
            var combined = new HashCode();
            combined.Add(rule, StringComparer.Ordinal);
            combined.Add(location);
            combined.Add(unlocatedMessage, StringComparer.Ordinal);
            combined.Add(fieldPath, StringComparer.Ordinal);
            foreach (var id in objects)
            {
                combined.Add(id);
            }

            hash = combined.ToHashCode();
        }

        public bool Equals(MergeKey other) =>
            hash == other.hash
            && string.Equals(rule, other.rule, StringComparison.Ordinal)
            && location == other.location
            && string.Equals(unlocatedMessage, other.unlocatedMessage, StringComparison.Ordinal)
            && string.Equals(fieldPath, other.fieldPath, StringComparison.Ordinal)
            && objects.AsSpan().SequenceEqual(other.objects);

        public override bool Equals(object? obj) => obj is MergeKey other && Equals(other);

        public override int GetHashCode() => hash;
    }

    private static void AddBuilds(Dictionary<Diagnostic, SortedSet<string>> builds, Diagnostic target, Diagnostic from)
    {
        var folders = (from.Subjects ?? Array.Empty<KubeObject>())
            .Take(1)
            .Where(s => s.Unit?.Kind == UnitKind.KustomizeBuild)
            .Select(s => s.Unit.Root)
            .Concat(from.Build is { } build ? new[] { build.Root.Folder } : Array.Empty<string>());
        foreach (var folder in folders)
        {
            if (!builds.TryGetValue(target, out var set))
            {
                builds[target] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(folder);
        }
    }
}
