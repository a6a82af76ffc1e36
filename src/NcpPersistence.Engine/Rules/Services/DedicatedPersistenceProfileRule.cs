using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Services;

/// <summary>NCP2005: a non-default source-IP timeout costs a dedicated NSX persistence profile.</summary>
public sealed class DedicatedPersistenceProfileRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP2005", "DedicatedPersistenceProfile", "Service", Severity.Note, "nsx-cost");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        foreach (var service in model.Services)
        {
            var persistence = PersistenceSemantics.L4For(service, model.Effective);
            if (persistence.IsDedicated && service.TimeoutSeconds is { } timeout)
            {
                context.Report(ServiceFindings.At(Rule, service, timeout.Span, "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                    $"Service {service.Ref.QualifiedName} has source-IP persistence with a {timeout.Value}-second timeout, not the default 10800, so NCP creates a dedicated NSX persistence profile for it. Use the default timeout to share the common profile, if the timeout is not essential"));
            }
        }
    }
}
