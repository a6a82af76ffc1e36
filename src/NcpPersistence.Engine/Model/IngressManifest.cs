using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>An Ingress of any of the three API versions, reduced to its class, TLS and backends.</summary>
public sealed class IngressManifest : KubeObject
{
    public IngressManifest(ObjectId id, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(id, file, documentIndex, objectSpan, nameSpan, annotations)
    {
    }

    /// <summary>The <c>kubernetes.io/ingress.class</c> annotation (it takes precedence, as NCP reads it).</summary>
    public LocatedString? ClassAnnotation { get; init; }

    /// <summary><c>spec.ingressClassName</c>.</summary>
    public LocatedString? IngressClassName { get; init; }

    /// <summary>Whether <c>spec.tls</c> has at least one entry: NCP then hosts it on the HTTPS virtual server.</summary>
    public bool HasTls { get; init; }

    public IReadOnlyList<IngressBackend> Backends { get; init; } = Array.Empty<IngressBackend>();

    /// <summary>The class the Ingress names, or null when it names none.</summary>
    public string? ClassName => ClassAnnotation?.Value ?? IngressClassName?.Value;
}

/// <summary>A backend that names a Service: the default backend or one rule path.</summary>
/// <param name="ServiceName">The service-name scalar, where NCP3001/NCP3002 point.</param>
/// <param name="Port">The port as written (number or name), if any.</param>
/// <param name="FieldPath">e.g. <c>spec.rules[0].http.paths[1].backend.service.name</c>.</param>
public sealed record IngressBackend(LocatedString ServiceName, string? Port, string FieldPath, string? Host, string? Path);
