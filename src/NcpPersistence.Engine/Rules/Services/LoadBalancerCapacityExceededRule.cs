using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Services;

/// <summary>
/// NCP2007: the LoadBalancer Service ports of a configuration's scope need more layer-4 virtual servers than NCP can
/// create: more than one load balancer of <c>service_size</c> holds when <c>l4_lb_auto_scaling = False</c>, or more than
/// <c>max_allowed_virtual_servers</c>.
/// </summary>
public sealed class LoadBalancerCapacityExceededRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP2007", "LoadBalancerCapacityExceeded", "Service", Severity.Warning, "nsx-cost", "ncp-behaviour") { DependsOnConfiguration = true };

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        var capacity = pass.View.Capacity;
        if (!capacity.Exceeded)
        {
            return;
        }

        var count = capacity.Layer4VirtualServers;
        var bound = capacity.LimitedByMaxAllowed
            ? $"max_allowed_virtual_servers = {capacity.MaxAllowedVirtualServers} allows no more"
            : $"with l4_lb_auto_scaling = False NCP uses one {capacity.ServiceSize} load balancer (service_size{(pass.View.Effective.ServiceSizeSetting.IsSet ? "" : ", the default")}), which holds {capacity.PerLoadBalancer} virtual servers for LoadBalancer Services (the other 2 are the Ingress virtual servers)";
        var fix = capacity.LimitedByMaxAllowed
            ? "raise max_allowed_virtual_servers, or expose fewer Service ports through LoadBalancer Services (an Ingress, or ClusterIP Services behind one LoadBalancer)"
            : "set l4_lb_auto_scaling = True, choose a larger service_size (the size of an existing load balancer cannot be changed), or expose fewer Service ports through LoadBalancer Services";
        pass.Report(new Diagnostic(Rule,
            $"The LoadBalancer Services need {count} layer-4 virtual servers (one per Service port), but {bound}; NCP leaves the Services beyond that without an external IP (ncp/error.loadbalancer on the Service). To fix it, {fix}",
            null,
            null,
            "capacity"));
    }
}
