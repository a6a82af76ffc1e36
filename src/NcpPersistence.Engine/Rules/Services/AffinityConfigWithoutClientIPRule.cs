using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Services;

/// <summary>NCP2002: <c>sessionAffinityConfig</c> while <c>sessionAffinity</c> is None or unset.</summary>
public sealed class AffinityConfigWithoutClientIPRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP2002", "AffinityConfigWithoutClientIP", "Service", Severity.Error, "kubernetes-validation", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Unit;

    public override void Analyze(Pass pass)
    {
        foreach (var service in pass.Unit.Objects.OfType<NcpPersistence.Model.ServiceManifest>())
        {
            var affinity = service.SessionAffinity?.Value;
            if (service.SessionAffinityConfigKey is { } key && affinity is null or "" or "None")
            {
                var state = affinity is null or "" ? "unset (None)" : "None";
                pass.Report(ServiceFindings.At(Rule, service, key, "spec.sessionAffinityConfig",
                    $"sessionAffinityConfig is set on Service {service.Id.QualifiedName} while sessionAffinity is {state}, so the Kubernetes API server rejects the Service (\"must not be set when session affinity is None\"). Add sessionAffinity: ClientIP, or remove sessionAffinityConfig"));
            }
        }
    }
}
