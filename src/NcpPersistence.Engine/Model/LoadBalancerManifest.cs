using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>
/// A field of a custom resource as written: the scalar's text, or the kind of node where a scalar belongs.
/// The LoadBalancer CRD has no schema (<c>x-kubernetes-preserve-unknown-fields</c>), so the API server accepts
/// anything and NCP3005 judges the values.
/// </summary>
/// <param name="Text">The scalar's text; null when the node is not a scalar.</param>
/// <param name="Shape">What the node is when it is not a scalar (<c>a mapping</c>), else null.</param>
/// <param name="IsPlain">An unquoted scalar (so <c>100</c> is a number and <c>"100"</c> a string).</param>
public sealed record LocatedScalar(string? Text, SourceSpan Span, string? Shape, bool IsPlain)
{
    /// <summary>How messages show it.</summary>
    public string Display => Text is null ? Shape ?? "empty" : IsPlain ? Text : $"\"{Text}\"";
}

/// <summary>
/// An NCP LoadBalancer custom resource (<c>vmware.com/v1alpha1</c>, kind <c>LoadBalancer</c>): a dedicated NSX
/// load balancer of its own size with a pair of layer-7 virtual servers, which Ingresses join with the annotation
/// <c>nsx/loadbalancer: NAME</c> (same namespace). Its layer-7 persistence is <c>spec.httpConfig.affinity</c>,
/// none when absent, whatever <c>l7_persistence</c> says.
/// </summary>
public sealed class LoadBalancerManifest : KubeObject
{
    public const string ApiVersion = "vmware.com/v1alpha1";
    public const string KindName = "LoadBalancer";
    public const int DefaultHttpPort = 80;
    public const int DefaultHttpsPort = 443;

    public LoadBalancerManifest(ObjectId id, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(id, file, documentIndex, objectSpan, nameSpan, annotations)
    {
    }

    /// <summary><c>spec.size</c>: SMALL (default), MEDIUM or LARGE.</summary>
    public LocatedScalar? Size { get; init; }

    /// <summary>Whether <c>spec.httpConfig</c> is present (<c>httpConfig: {}</c> applies the defaults).</summary>
    public bool HasHttpConfig { get; init; }

    /// <summary><c>spec.httpConfig.virtualIP</c> (default: allocated).</summary>
    public string? VirtualIp { get; init; }

    /// <summary><c>spec.httpConfig.port</c> when an integer.</summary>
    public int? HttpPort { get; init; }

    /// <summary><c>spec.httpConfig.tls.port</c> when an integer.</summary>
    public int? HttpsPort { get; init; }

    /// <summary><c>spec.httpConfig.xForwardedFor</c>.</summary>
    public string? XForwardedFor { get; init; }

    /// <summary><c>spec.httpConfig.affinity.type</c>: source_ip or cookie; absent means no persistence.</summary>
    public LocatedScalar? AffinityType { get; init; }

    /// <summary><c>spec.httpConfig.affinity.timeout</c> (default 10800).</summary>
    public LocatedScalar? AffinityTimeout { get; init; }

    /// <summary>The size NCP uses: the given one when valid, else SMALL.</summary>
    public string EffectiveSize => Size?.Text is "SMALL" or "MEDIUM" or "LARGE" ? Size.Text : "SMALL";

    /// <summary>The layer-7 persistence of the resource's virtual servers: none without <c>affinity.type</c>; <see cref="PersistenceKind.Invalid"/> for a value NCP does not know (NCP3005).</summary>
    public PersistenceKind Affinity => AffinityType switch
    {
        null => PersistenceKind.None,
        { Text: "source_ip" } => PersistenceKind.SourceIp,
        { Text: "cookie" } => PersistenceKind.Cookie,
        _ => PersistenceKind.Invalid,
    };

    /// <summary>The persistence timeout: <c>affinity.timeout</c> when a valid integer, else 10800.</summary>
    public long AffinityTimeoutSeconds => AffinityTimeout is { IsPlain: true, Text: { } text } && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 1
        ? seconds
        : NcpKeys.DefaultL7PersistenceTimeout;
}
