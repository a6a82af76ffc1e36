using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Ingresses;

/// <summary>
/// NCP3001, the headline rule: an NCP-handled Ingress routes to a LoadBalancer Service whose
/// layer-4 persistence (source IP) differs from the Ingress's layer-7 persistence (cookie).
/// </summary>
public sealed class L4L7PersistenceConflictRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP3001", "L4L7PersistenceConflict", "Ingress", Severity.Error, "ncp-behaviour", "correctness") { DependsOnConfiguration = true };

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        var config = pass.View.Effective;
        foreach (var conflict in pass.View.Conflicts)
        {
            pass.Report(new Diagnostic(
                Rule,
                Message(conflict.Ingress, conflict.Service, conflict.L4, config),
                conflict.Backend.ServiceName.Span,
                new[] { conflict.Ingress.Id, conflict.Service.Id },
                conflict.Backend.FieldPath,
                Related(conflict.Service, conflict.L4, config),
                subjects: new KubeObject[] { conflict.Ingress, conflict.Service }));
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
        return $"Ingress {ingress.Id.QualifiedName} routes to LoadBalancer Service {service.Id.QualifiedName}, whose layer-4 virtual server has source-IP persistence (from {l4Cause}) while the layer-7 virtual server has cookie persistence (l7_persistence = {config.L7Setting.Value}); NCP cannot give the two virtual servers different persistence. To fix it, {fixes}";
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
