using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Scoping;

namespace NcpPersistence.Rules.LoadBalancers;

/// <summary>
/// NCP3004: an NCP-served Ingress uses <c>nsx/loadbalancer</c> while NCP does not act on LoadBalancer resources
/// (<c>[k8s] enable_lb_crd</c> is not True, or the NCP release predates the CRD): NCP hosts it on its shared load balancer.
/// </summary>
public sealed class LoadBalancerCrdDisabledRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP3004", "LoadBalancerCrdDisabled", "Ingress", Severity.Warning, "ncp-behaviour") { DependsOnConfiguration = true };

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        var effective = pass.View.Effective;
        var related = effective.EnableLbCrdSetting.Span is { } span && effective.EnableLbCrdSetting.Origin == SettingOriginKind.File
            ? new[] { new RelatedLocation(span, $"enable_lb_crd = {effective.EnableLbCrdSetting.Value}") }
            : null;
        // A frequent slip: the option written in [nsx_v3], where every other load-balancer option lives.
        var misplaced = pass.View.Configuration.Source?.Ini.Entries.LastOrDefault(e => e.Key == NcpGateKeys.EnableLbCrd && e.Section != NcpGateKeys.K8sSection);
        foreach (var binding in pass.View.LoadBalancerBindings.Where(b => !b.CrdAvailable))
        {
            var ingress = binding.Ingress;
            var why = !NcpRelease.Has(effective.Release, NcpVersion.LoadBalancerCrd)
                ? $"the LoadBalancer CRD exists only from NCP 2.5.1 and this configuration runs {effective.Release!.Describe()}"
                : effective.EnableLbCrdSetting.IsSet
                    ? $"[k8s] enable_lb_crd = {effective.EnableLbCrdSetting.Value} (not True)"
                    : misplaced is { } elsewhere
                        ? $"enable_lb_crd is set in [{elsewhere.WrittenSection}] (line {elsewhere.KeySpan.StartLine}), but NCP reads it only in [k8s], so it is not set (default False)"
                        : "[k8s] enable_lb_crd is not set (default False)";
            var fix = !NcpRelease.Has(effective.Release, NcpVersion.LoadBalancerCrd)
                ? "upgrade NCP to 2.5.1 or later (Policy mode: 3.0.1) and set [k8s] enable_lb_crd = True, or remove the annotation"
                : "set enable_lb_crd = True in the [k8s] section of the NCP configuration, or remove the annotation";
            pass.Report(new Diagnostic(Rule,
                $"Ingress {ingress.Id.QualifiedName} asks for LoadBalancer {ingress.Namespace}/{binding.Name} (nsx/loadbalancer), but NCP does not act on LoadBalancer resources: {why}. NCP ignores the annotation and hosts the Ingress on its shared layer-7 load balancer, with l7_persistence. To fix it, {fix}",
                binding.Annotation.ValueSpan ?? binding.Annotation.KeySpan,
                new[] { ingress.Id },
                $"metadata.annotations[{NcpView.LoadBalancerAnnotation}]",
                related,
                subjects: new KubeObject[] { ingress }));
        }
    }
}
