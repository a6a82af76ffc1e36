using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>
/// NCP1013: <c>[nsx_v3] use_native_loadbalancer = False</c> (a network profile's <c>nsx_lb: false</c>): NCP creates no
/// NSX load balancing, so no layer-4 or layer-7 persistence finding is reported under this configuration.
/// </summary>
public sealed class NativeLoadBalancerDisabledRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1013", "NativeLoadBalancerDisabled", "Configuration", Severity.Note, "ncp-config", "ncp-behaviour");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        if (pass.Configuration.Source is not { } source
            || source.Effective(NcpIniDocument.PersistenceSection, NcpGateKeys.UseNativeLoadBalancer) is not { } entry
            || EffectiveNcpConfig.ParseBoolean(entry.Value) != false)
        {
            return;
        }

        var what = entry.ProfileParameter is not null ? "The network profile sets nsx_lb: false" : $"use_native_loadbalancer = {entry.Value}";
        pass.Report(ConfigFindings.AtEntry(Rule, source, entry,
            $"{what}: NCP creates no NSX load balancer for this cluster (no layer-4 virtual server for LoadBalancer Services, no layer-7 virtual server for Ingresses or Routes), so no persistence rule applies to the manifests under this configuration; another load balancer or ingress controller serves them. Remove the setting (or set it to true) if NCP should load-balance"));
    }
}
