using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>
/// NCP9005: two different documents of one deployment unit define the same object (API group, kind,
/// namespace and name: a Knative Service is not a core one). Copies that are never applied together
/// (other folders, other builds) and identical copies (applying both changes nothing) are not duplicates.
/// </summary>
public sealed class DuplicateObjectRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9005", "DuplicateObject", "Input", Severity.Warning, "input");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Unit;

    public override void Analyze(Pass pass)
    {
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

            var original = earlier[0];
            earlier.Add(item);
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
