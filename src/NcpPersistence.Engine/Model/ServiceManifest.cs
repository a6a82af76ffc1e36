using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>A core <c>v1</c> Service, reduced to what persistence depends on.</summary>
public sealed class ServiceManifest : KubeObject
{
    public ServiceManifest(ObjectId id, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(id, file, documentIndex, objectSpan, nameSpan, annotations)
    {
    }

    /// <summary><c>spec.type</c>; null means unset (ClusterIP).</summary>
    public LocatedString? Type { get; init; }

    /// <summary><c>spec.sessionAffinity</c>; null means unset (None).</summary>
    public LocatedString? SessionAffinity { get; init; }

    /// <summary>The <c>spec.sessionAffinityConfig</c> key, when present and not null.</summary>
    public SourceSpan? SessionAffinityConfigKey { get; init; }

    /// <summary><c>spec.sessionAffinityConfig.clientIP.timeoutSeconds</c>, when a valid integer.</summary>
    public LocatedNumber? TimeoutSeconds { get; init; }

    public IReadOnlyList<ServicePort> Ports { get; init; } = Array.Empty<ServicePort>();

    public bool IsLoadBalancer => Type?.Value == "LoadBalancer";

    public bool HasClientIpAffinity => SessionAffinity?.Value == "ClientIP";
}

/// <summary>One entry of <c>spec.ports</c>.</summary>
public sealed record ServicePort(int? Port, string Protocol, string? Name, SourceSpan Span);
