using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Services;

/// <summary>NCP2004: a LoadBalancer Service says <c>sessionAffinity: None</c> but gets source-IP persistence anyway.</summary>
public sealed class AffinityOverriddenByGlobalL4Rule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP2004", "AffinityOverriddenByGlobalL4", "Service", Severity.Warning, "ncp-behaviour") { DependsOnConfiguration = true };

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        var effective = pass.View.Effective;
        if (!pass.View.NativeLoadBalancer || effective.L4 != PersistenceKind.SourceIp)
        {
            return; // without native load balancing NCP creates no layer-4 virtual server at all
        }

        var related = PersistenceSemantics.SpanOf(effective.L4Setting) is { } l4Span
            ? new[] { new RelatedLocation(l4Span, "l4_persistence = source_ip") }
            : null;
        foreach (var service in pass.Scope.Services)
        {
            if (service.IsLoadBalancer && service.SessionAffinity is { Value: "None" } affinity)
            {
                pass.Report(ServiceFindings.At(Rule, service, affinity.Span, "spec.sessionAffinity",
                    $"sessionAffinity: None on LoadBalancer Service {service.Id.QualifiedName} is overridden: with l4_persistence = source_ip NCP still gives its layer-4 virtual server source-IP persistence. Remove the line if that is fine, or turn l4_persistence off and use sessionAffinity: ClientIP on the Services that need persistence",
                    related));
            }
        }
    }
}
