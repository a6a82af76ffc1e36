using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>Why a LoadBalancer Service has source-IP persistence on layer 4.</summary>
public enum L4PersistenceSource
{
    None,

    /// <summary><c>l4_persistence = source_ip</c> in ncp.ini.</summary>
    Global,

    /// <summary>The Service's own <c>sessionAffinity: ClientIP</c> (with l4_persistence none).</summary>
    SessionAffinity,
}

/// <summary>The layer-4 persistence NCP gives one LoadBalancer Service (semantics.md section 2).</summary>
public sealed record ServiceL4Persistence(bool IsSourceIp, L4PersistenceSource Source, long TimeoutSeconds)
{
    /// <summary>A non-default timeout costs a dedicated NSX persistence profile.</summary>
    public bool IsDedicated => IsSourceIp && TimeoutSeconds != NcpKeys.DefaultAffinityTimeout;
}

/// <summary>The shared semantics of semantics.md sections 2-4, used by the rules and the plan alike.</summary>
public static class PersistenceSemantics
{
    public static ServiceL4Persistence L4For(ServiceManifest service, EffectiveNcpConfig config)
    {
        if (!service.IsLoadBalancer)
        {
            return new ServiceL4Persistence(false, L4PersistenceSource.None, 0);
        }

        var timeout = service.HasClientIpAffinity && service.TimeoutSeconds is { Value: >= 1 and <= NcpKeys.MaxAffinityTimeout } t
            ? t.Value
            : NcpKeys.DefaultAffinityTimeout;
        if (config.L4 == PersistenceKind.SourceIp)
        {
            return new ServiceL4Persistence(true, L4PersistenceSource.Global, timeout);
        }

        return service.HasClientIpAffinity
            ? new ServiceL4Persistence(true, L4PersistenceSource.SessionAffinity, timeout)
            : new ServiceL4Persistence(false, L4PersistenceSource.None, 0);
    }

    /// <summary>Whether NCP serves this Ingress, and if not, why.</summary>
    public static (bool Handled, string? Reason) IsHandledByNcp(IngressManifest ingress, AnalysisOptions options)
    {
        var className = ingress.ClassName;
        if (className is null)
        {
            return options.UnclassedIngressIsNcp
                ? (true, null)
                : (false, "names no ingress class, and unclassed Ingresses are not NCP's in this analysis");
        }

        return string.Equals(className, options.IngressClass, StringComparison.Ordinal)
            ? (true, null)
            : (false, $"ingress class '{className}' is not '{options.IngressClass}'");
    }

    /// <summary>The span of a persistence key in the effective configuration, when it came from a file.</summary>
    public static SourceSpan? SpanOf(NcpSetting setting) => setting.Origin == SettingOriginKind.File ? setting.Span : null;
}
