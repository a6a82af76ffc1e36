using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Scoping;

namespace NcpPersistence.Rules.LoadBalancers;

/// <summary>
/// NCP3003: an NCP-served Ingress's <c>nsx/loadbalancer</c> names a LoadBalancer resource that is not among the analysed manifests
/// of its namespace (reported whether or not NCP acts on LoadBalancer resources; that is NCP3004's).
/// </summary>
public sealed class UnknownLoadBalancerRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP3003", "UnknownLoadBalancer", "Ingress", Severity.Warning, "completeness") { DependsOnConfiguration = true };

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        foreach (var binding in pass.View.LoadBalancerBindings.Where(b => b.Target is null))
        {
            var ingress = binding.Ingress;
            var name = binding.Name;
            pass.Report(new Diagnostic(Rule,
                $"Ingress {ingress.Id.QualifiedName} is hosted on LoadBalancer {ingress.Namespace}/{name} (nsx/loadbalancer), which is not among the analysed manifests, so the persistence of its layer-7 virtual servers (the LoadBalancer's affinity) is unknown{(binding.CrdAvailable ? " and its backends cannot be checked against it" : "")}. Add the manifest of the LoadBalancer (vmware.com/v1alpha1, in namespace {ingress.Namespace}) to the analysis, or fix the name",
                binding.Annotation.ValueSpan ?? binding.Annotation.KeySpan,
                new[] { ingress.Id },
                $"metadata.annotations[{NcpView.LoadBalancerAnnotation}]",
                subjects: new KubeObject[] { ingress }));
        }
    }
}
