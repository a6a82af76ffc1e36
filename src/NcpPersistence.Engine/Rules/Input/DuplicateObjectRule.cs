using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>
/// NCP9005: two different documents of one deployment unit define the same object (API group, kind,
/// namespace and name: a Knative Service is not a core one). Copies that are never applied together
/// (other folders, other builds) and identical copies (applying both changes nothing) are not duplicates.
/// Nor are two files of a folder that are versions of one bundle: when at least two and three quarters of the
/// objects of one file are defined again in the other, the files are alternatives (per cluster, per version,
/// per size, an all-in-one file beside its parts; a per-cluster bundle may differ in a Secret's name) that
/// nobody applies together, since one would silently replace most of the other.
/// </summary>
public sealed class DuplicateObjectRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9005", "DuplicateObject", "Input", Severity.Warning, "input");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Unit;

    public override void Analyze(Pass pass)
    {
        var alternatives = pass.Unit.Kind == UnitKind.Folder ? AlternativeFiles.Of(pass.Unit.Objects) : AlternativeFiles.None;
        var definitions = new Dictionary<ObjectId, List<KubeObject>>();
        foreach (var item in pass.Unit.Objects)
        {
            if (!definitions.TryGetValue(item.Id, out var earlier))
            {
                definitions[item.Id] = new List<KubeObject> { item };
                continue;
            }

            if (earlier.Any(e => e.ContentHash == item.ContentHash))
            {
                earlier.Add(item);
                continue; // the same object state again: applying it changes nothing
            }

            var original = earlier.FirstOrDefault(e => !alternatives.AreAlternatives(e.File, item.File));
            earlier.Add(item);
            if (original is null)
            {
                continue; // only versions of the same bundle define it before
            }

            var line = original.NameSpan?.StartLine ?? original.ObjectSpan.StartLine;
            var where = original.File == item.File ? $"line {line}" : $"{pass.Display(original.File)} line {line}";
            var related = original.NameSpan is { } span ? new[] { new RelatedLocation(span, $"first definition of {item.Id.DisplayName}") } : null;
            var unit = pass.Unit.Kind switch
            {
                UnitKind.Folder => "applying the folder",
                UnitKind.KustomizeBuild => "applying the build",
                _ => "applying the file",
            };
            pass.Report(new Diagnostic(Rule,
                $"{item.Kind} {item.Id.QualifiedName} is defined again, differently (first at {where}); {unit}, the later definition replaces the earlier, and the analysis uses the later one. Remove one definition, or move alternative versions to folders of their own",
                item.NameSpan ?? item.ObjectSpan,
                new[] { item.Id },
                "metadata.name",
                related,
                subjects: new[] { item }));
        }
    }
}

/// <summary>Which files of a folder are versions of one bundle (see <see cref="DuplicateObjectRule"/>).</summary>
internal sealed class AlternativeFiles
{
    public static readonly AlternativeFiles None = new(new Dictionary<string, HashSet<ObjectId>>(StringComparer.Ordinal));

    private const int MinimumShared = 2;
    private const double MinimumSharedFraction = 0.75;

    private readonly Dictionary<string, HashSet<ObjectId>> objectsByFile;

    // Each pair is compared once, however many objects the two files share.
    private readonly Dictionary<(string, string), bool> answers = new();

    private AlternativeFiles(Dictionary<string, HashSet<ObjectId>> objectsByFile) => this.objectsByFile = objectsByFile;

    public static AlternativeFiles Of(IEnumerable<KubeObject> objects)
    {
        var byFile = new Dictionary<string, HashSet<ObjectId>>(StringComparer.Ordinal);
        foreach (var item in objects)
        {
            if (!byFile.TryGetValue(item.File, out var ids))
            {
                byFile[item.File] = ids = new HashSet<ObjectId>();
            }

            // Up to namespace: the same bundle rendered into two namespaces (a golden file per install option, a
            // copy per tenant) is two versions of it, though only its cluster-scoped objects share an identity.
            ids.Add(item.Id with { Namespace = null });
        }

        return new AlternativeFiles(byFile);
    }

    /// <summary>Two different files that share at least two objects (by group, kind and name) and three quarters of the smaller one's.</summary>
    public bool AreAlternatives(string first, string second)
    {
        if (first == second || !objectsByFile.TryGetValue(first, out var a) || !objectsByFile.TryGetValue(second, out var b))
        {
            return false;
        }

        var key = string.CompareOrdinal(first, second) < 0 ? (first, second) : (second, first);
        if (!answers.TryGetValue(key, out var answer))
        {
            var (smaller, larger) = a.Count <= b.Count ? (a, b) : (b, a);
            var shared = smaller.Count(larger.Contains);
            answers[key] = answer = shared >= MinimumShared && shared >= MinimumSharedFraction * smaller.Count;
        }

        return answer;
    }
}
