using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Scoping;

namespace NcpPersistence.Rules.Ingresses;

/// <summary>
/// NCP3001, the headline rule: an NCP-handled Ingress or OpenShift Route routes to a LoadBalancer Service whose
/// layer-4 persistence (source IP) differs from its layer-7 persistence (cookie): <c>l7_persistence</c> on NCP's
/// shared load balancer, the <c>affinity</c> of the LoadBalancer resource an Ingress is hosted on.
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
                Message(conflict, config),
                conflict.Backend.ServiceName.Span,
                new[] { conflict.FrontEnd.Id, conflict.Service.Id },
                conflict.Backend.FieldPath,
                Related(conflict, config),
                subjects: new KubeObject[] { conflict.FrontEnd, conflict.Service }));
        }
    }

    private static string Message(PersistenceConflict conflict, EffectiveNcpConfig config)
    {
        var service = conflict.Service;
        var profile = config.L7Setting.Origin == SettingOriginKind.File && config.L7Setting.Span is { } span && span.File.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var l4Cause = conflict.L4.Source == L4PersistenceSource.Global
            ? config.L4Setting.Origin == SettingOriginKind.File && config.L4Setting.Span?.File.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true ? "the network profile's l4_persistence_type: source_ip" : "l4_persistence = source_ip"
            : "its sessionAffinity: ClientIP";
        var l7Cause = profile ? $"the network profile's persistence_type: {config.L7Setting.Value}" : $"l7_persistence = {config.L7Setting.Value}";
        var l7Fix = profile ? "set the network profile's persistence_type to source_ip or none" : "set l7_persistence to source_ip or none";
        var drop = conflict.L4.Source == L4PersistenceSource.SessionAffinity ? $"drop sessionAffinity: ClientIP from {service.Name}, " : "";
        var frontEnd = $"{conflict.FrontEnd.Kind} {conflict.FrontEnd.Id.QualifiedName}";
        if (conflict.L7.LoadBalancer is { } loadBalancer)
        {
            // Inferred: NCP documents the conflict for its layer-7 virtual servers in general, not for LoadBalancer resources in particular.
            return $"{frontEnd} routes to LoadBalancer Service {service.Id.QualifiedName}, whose layer-4 virtual server has source-IP persistence (from {l4Cause}) while the layer-7 virtual server of LoadBalancer {loadBalancer.Id.QualifiedName}, which hosts the Ingress (nsx/loadbalancer), has cookie persistence (its spec.httpConfig.affinity.type: cookie); NCP cannot give the two virtual servers different persistence (documented for NCP's layer-7 virtual servers, inferred for LoadBalancer resources). To fix it, {drop}make {service.Name} a ClusterIP Service if it needs no external address of its own, or set the LoadBalancer's affinity.type to source_ip or remove the affinity";
        }

        return $"{frontEnd} routes to LoadBalancer Service {service.Id.QualifiedName}, whose layer-4 virtual server has source-IP persistence (from {l4Cause}) while the layer-7 virtual server has cookie persistence ({l7Cause}); NCP cannot give the two virtual servers different persistence. To fix it, {drop}make {service.Name} a ClusterIP Service if it needs no external address of its own, or {l7Fix}";
    }

    private static IReadOnlyList<RelatedLocation> Related(PersistenceConflict conflict, EffectiveNcpConfig config)
    {
        var service = conflict.Service;
        var l4 = conflict.L4;
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

        if (conflict.L7.LoadBalancer is { AffinityType: { } affinityType } loadBalancer)
        {
            related.Add(new RelatedLocation(affinityType.Span, $"affinity.type: cookie of LoadBalancer {loadBalancer.Name}"));
        }
        else if (PersistenceSemantics.SpanOf(config.L7Setting) is { } l7Span)
        {
            related.Add(new RelatedLocation(l7Span, $"l7_persistence = {config.L7Setting.Value}"));
        }

        return related;
    }
}
