using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9005: two documents define the same kind, namespace and name (any kind; the API group tells a Knative Service from a core one).</summary>
public sealed class DuplicateObjectRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9005", "DuplicateObject", "Input", Severity.Warning, "input");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        var first = new Dictionary<(string Group, KubeObjectRef Ref), KubeObject>();
        foreach (var item in model.Objects.OrderBy(o => o.DocumentIndex))
        {
            if (!first.TryGetValue((item.ApiGroup, item.Ref), out var original))
            {
                first[(item.ApiGroup, item.Ref)] = item;
                continue;
            }

            var where = original.File == item.File ? $"line {original.NameSpan?.StartLine ?? original.ObjectSpan.StartLine}" : $"{Path.GetFileName(original.File)} line {original.NameSpan?.StartLine ?? original.ObjectSpan.StartLine}";
            var related = original.NameSpan is { } span ? new[] { new RelatedLocation(span, $"first definition of {item.Ref.DisplayName}") } : null;
            context.Report(new Diagnostic(Rule,
                $"{item.Kind} {item.Ref.QualifiedName} is defined again (first at {where}); applying both, the later one replaces the earlier, and the analysis uses the later one. Remove or rename one of the definitions",
                item.NameSpan ?? item.ObjectSpan,
                new[] { item.Ref },
                "metadata.name",
                related));
        }
    }
}
