using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Ingresses;

/// <summary>NCP3002: an NCP-handled Ingress names a Service that is not among the analysed manifests.</summary>
public sealed class UnresolvedBackendServiceRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP3002", "UnresolvedBackendService", "Ingress", Severity.Warning, "completeness");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        foreach (var ingress in model.Ingresses)
        {
            if (!PersistenceSemantics.IsHandledByNcp(ingress, model.Options).Handled)
            {
                continue;
            }

            foreach (var backend in ingress.Backends)
            {
                if (model.FindService(ingress.Namespace, backend.ServiceName.Value) is not null)
                {
                    continue;
                }

                context.Report(new Diagnostic(
                    Rule,
                    $"Ingress {ingress.Ref.QualifiedName} routes to Service {ingress.Namespace}/{backend.ServiceName.Value}, which is not among the analysed manifests, so the persistence of its layer-4 and layer-7 virtual servers cannot be checked against each other. Add the folder that defines the Service to the analysis, or fix the name if it is misspelt",
                    backend.ServiceName.Span,
                    new[] { ingress.Ref },
                    backend.FieldPath));
            }
        }
    }
}
