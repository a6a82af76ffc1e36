using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Services;

/// <summary>NCP2003: <c>sessionAffinity</c> is neither None nor ClientIP (case-sensitive).</summary>
public sealed class InvalidSessionAffinityRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP2003", "InvalidSessionAffinity", "Service", Severity.Error, "kubernetes-validation", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Unit;

    public override void Analyze(Pass pass)
    {
        foreach (var service in pass.Unit.Objects.OfType<NcpPersistence.Model.ServiceManifest>())
        {
            if (service.SessionAffinity is { Value: not ("" or "None" or "ClientIP") } affinity)
            {
                var hint = string.Equals(affinity.Value, "clientip", StringComparison.OrdinalIgnoreCase) ? " (write ClientIP exactly)"
                    : string.Equals(affinity.Value, "none", StringComparison.OrdinalIgnoreCase) ? " (write None exactly)" : "";
                pass.Report(ServiceFindings.At(Rule, service, affinity.Span, "spec.sessionAffinity",
                    $"sessionAffinity '{affinity.Value}' of Service {service.Id.QualifiedName} is not None or ClientIP, so the Kubernetes API server rejects the Service. Use ClientIP or None{hint}; the values are case-sensitive"));
            }
        }
    }
}
