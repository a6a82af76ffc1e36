using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Services;

/// <summary>NCP2001: <c>timeoutSeconds</c> outside 1..86400 with <c>sessionAffinity: ClientIP</c>.</summary>
public sealed class AffinityTimeoutOutOfRangeRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP2001", "AffinityTimeoutOutOfRange", "Service", Severity.Error, "kubernetes-validation", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Unit;

    public override void Analyze(Pass pass)
    {
        foreach (var service in pass.Unit.Objects.OfType<NcpPersistence.Model.ServiceManifest>())
        {
            // Kubernetes checks the range only with ClientIP; with None the whole config is refused (NCP2002).
            if (service.HasClientIpAffinity && service.TimeoutSeconds is { Value: < 1 or > NcpKeys.MaxAffinityTimeout } timeout)
            {
                pass.Report(ServiceFindings.At(Rule, service, timeout.Span, "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                    $"timeoutSeconds {timeout.Value} of Service {service.Id.QualifiedName} is outside 1..86400, so the Kubernetes API server rejects the Service. Use a value from 1 to 86400 seconds, or leave it out for the default 10800"));
            }
        }
    }
}
