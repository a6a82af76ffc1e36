using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Services;

/// <summary>NCP2005: a non-default source-IP timeout costs a dedicated NSX persistence profile.</summary>
public sealed class DedicatedPersistenceProfileRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP2005", "DedicatedPersistenceProfile", "Service", Severity.Note, "nsx-cost") { DependsOnConfiguration = true };

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        foreach (var service in pass.Scope.Services)
        {
            if (pass.View.L4(service).IsDedicated && service.TimeoutSeconds is { } timeout)
            {
                pass.Report(ServiceFindings.At(Rule, service, timeout.Span, "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                    $"Service {service.Id.QualifiedName} has source-IP persistence with a {timeout.Value}-second timeout, not the default 10800, so NCP creates a dedicated NSX persistence profile for it. Use the default timeout to share the common profile, if the timeout is not essential"));
            }
        }
    }
}
