using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>
/// An object NCP serves on its layer-7 load balancer: an Ingress, or an OpenShift Route (NCP is the
/// OpenShift router). Both are hosted on an HTTP (80) or HTTPS (443) virtual server and route to Services.
/// </summary>
public abstract class Layer7Manifest : KubeObject
{
    protected Layer7Manifest(ObjectId id, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(id, file, documentIndex, objectSpan, nameSpan, annotations)
    {
    }

    /// <summary>Whether it is served with TLS (an Ingress's <c>spec.tls</c> entry, a Route's <c>spec.tls</c>): NCP then hosts it on the HTTPS virtual server.</summary>
    public bool HasTls { get; init; }

    /// <summary>The backends that name a Service.</summary>
    public IReadOnlyList<IngressBackend> Backends { get; init; } = Array.Empty<IngressBackend>();
}

/// <summary>An OpenShift Route (<c>route.openshift.io/v1</c>), reduced to its TLS and backends (<c>spec.to</c>, <c>spec.alternateBackends[]</c>).</summary>
public sealed class RouteManifest : Layer7Manifest
{
    public RouteManifest(ObjectId id, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(id, file, documentIndex, objectSpan, nameSpan, annotations)
    {
    }

    /// <summary><c>spec.host</c>, if any.</summary>
    public string? Host { get; init; }
}
