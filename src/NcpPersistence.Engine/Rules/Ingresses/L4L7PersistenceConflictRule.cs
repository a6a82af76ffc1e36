using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Ingresses;

/// <summary>
/// NCP3001, the headline rule: an NCP-handled Ingress routes to a LoadBalancer Service whose
/// layer-4 persistence (source IP) differs from the Ingress's layer-7 persistence (cookie).
/// </summary>
public sealed class L4L7PersistenceConflictRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP3001", "L4L7PersistenceConflict", "Ingress", Severity.Error, "ncp-behaviour", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        var config = model.Effective;
        var l7 = config.L7;
        if (l7 is PersistenceKind.None or PersistenceKind.Invalid)
        {
            return;
        }

        foreach (var ingress in model.Ingresses)
        {
            if (!PersistenceSemantics.IsHandledByNcp(ingress, model.Options).Handled)
            {
                continue;
            }

            foreach (var backend in ingress.Backends)
            {
                var service = model.FindService(ingress.Namespace, backend.ServiceName.Value);
                if (service is null)
                {
                    continue;
                }

                var l4 = PersistenceSemantics.L4For(service, config);
                if (!l4.IsSourceIp || l7 == PersistenceKind.SourceIp)
                {
                    continue; // one side is none, or both are source IP
                }

                context.Report(new Diagnostic(
                    Rule,
                    Message(ingress, service, l4, config),
                    backend.ServiceName.Span,
                    new[] { ingress.Ref, service.Ref },
                    backend.FieldPath,
                    Related(service, l4, config)));
            }
        }
    }

    private static string Message(IngressManifest ingress, ServiceManifest service, ServiceL4Persistence l4, EffectiveNcpConfig config)
    {
        var l4Cause = l4.Source == L4PersistenceSource.Global
            ? "l4_persistence = source_ip"
            : "its sessionAffinity: ClientIP";
        var fixes = l4.Source == L4PersistenceSource.SessionAffinity
            ? $"drop sessionAffinity: ClientIP from {service.Name}, make {service.Name} a ClusterIP Service if it needs no external address of its own, or set l7_persistence to source_ip or none"
            : $"make {service.Name} a ClusterIP Service if it needs no external address of its own, or set l7_persistence to source_ip or none";
        return $"Ingress {ingress.Ref.QualifiedName} routes to LoadBalancer Service {service.Ref.QualifiedName}, whose layer-4 virtual server has source-IP persistence (from {l4Cause}) while the layer-7 virtual server has cookie persistence (l7_persistence = {config.L7Setting.Value}); NCP cannot give the two virtual servers different persistence. To fix it, {fixes}";
    }

    private static IReadOnlyList<RelatedLocation> Related(ServiceManifest service, ServiceL4Persistence l4, EffectiveNcpConfig config)
    {
        var related = new List<RelatedLocation>();
        if (service.Type is { } type)
        {
            related.Add(new RelatedLocation(type.Span, $"type: LoadBalancer of Service {service.Name}"));
        }

        if (l4.Source == L4PersistenceSource.SessionAffinity && service.SessionAffinity is { } affinity)
        {
            related.Add(new RelatedLocation(affinity.Span, $"sessionAffinity: ClientIP of Service {service.Name}"));
        }

        if (l4.Source == L4PersistenceSource.Global && PersistenceSemantics.SpanOf(config.L4Setting) is { } l4Span)
        {
            related.Add(new RelatedLocation(l4Span, "l4_persistence = source_ip"));
        }

        if (PersistenceSemantics.SpanOf(config.L7Setting) is { } l7Span)
        {
            related.Add(new RelatedLocation(l7Span, $"l7_persistence = {config.L7Setting.Value}"));
        }

        return related;
    }
}
