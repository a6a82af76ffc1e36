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

/// <summary>The layer-4 semantics of semantics.md section 2, shared by the per-scope facts (<c>NcpView</c>).</summary>
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

    /// <summary>Where a setting is written: its ncp.ini key, or the settings-file value of a cluster override; null for command-line values and defaults.</summary>
    public static SourceSpan? SpanOf(NcpSetting setting) => setting.Origin is SettingOriginKind.File or SettingOriginKind.Override ? setting.Span : null;
}
