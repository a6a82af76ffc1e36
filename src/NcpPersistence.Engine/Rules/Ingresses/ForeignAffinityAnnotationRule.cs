using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Scoping;

namespace NcpPersistence.Rules.Ingresses;

/// <summary>
/// NCP3006: an Ingress that NCP serves carries ingress-nginx's session-affinity annotations, which NCP ignores: the
/// Ingress gets NCP's layer-7 persistence (l7_persistence, or its LoadBalancer resource's affinity), not nginx's.
/// </summary>
public sealed class ForeignAffinityAnnotationRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP3006", "ForeignAffinityAnnotation", "Ingress", Severity.Warning, "ncp-behaviour") { DependsOnConfiguration = true };

    /// <summary>The ingress-nginx annotations that ask for sticky sessions.</summary>
    public static readonly IReadOnlyList<string> Annotations = new[]
    {
        "nginx.ingress.kubernetes.io/affinity",
        "nginx.ingress.kubernetes.io/session-cookie-name",
    };

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        foreach (var decision in pass.View.FrontEnds.Where(d => d.Handled && d.FrontEnd is IngressManifest))
        {
            var ingress = decision.FrontEnd;
            foreach (var key in Annotations)
            {
                if (!ingress.Annotations.TryGetValue(key, out var annotation))
                {
                    continue;
                }

                pass.Report(new Diagnostic(Rule,
                    $"Ingress {ingress.Id.QualifiedName} is served by NCP, which ignores {key}: {Actual(decision.Persistence, pass.View.Effective)}. For sticky sessions with NCP, {Fix(decision.Persistence)}; or give the Ingress to an ingress-nginx controller (its ingress class) if nginx's cookie affinity is what you need",
                    annotation.KeySpan,
                    new[] { ingress.Id },
                    $"metadata.annotations[{key}]",
                    subjects: new KubeObject[] { ingress }));
            }
        }
    }

    private static string Actual(Layer7Persistence? persistence, EffectiveNcpConfig config) => persistence switch
    {
        { LoadBalancer: { } lb } => $"its persistence is that of LoadBalancer {lb.Id.QualifiedName} (affinity {EffectiveNcpConfig.Describe(lb.Affinity)})",
        { Host: Layer7HostKind.UnknownLoadBalancer } => "its persistence is that of the LoadBalancer resource it names (nsx/loadbalancer)",
        _ => $"its persistence is NCP's l7_persistence for every Ingress ({EffectiveNcpConfig.Describe(config.L7)})",
    };

    private static string Fix(Layer7Persistence? persistence) => persistence?.Host is Layer7HostKind.LoadBalancer or Layer7HostKind.UnknownLoadBalancer
        ? "set spec.httpConfig.affinity.type: cookie on its LoadBalancer resource"
        : "set l7_persistence = cookie (and cookie_name) in the NCP configuration, which applies to all its Ingresses, or host this Ingress on a LoadBalancer resource with affinity (nsx/loadbalancer)";
}
