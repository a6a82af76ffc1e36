using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>An Ingress of any of the three API versions, reduced to its class, TLS and backends.</summary>
public sealed class IngressManifest : Layer7Manifest
{
    public IngressManifest(ObjectId id, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(id, file, documentIndex, objectSpan, nameSpan, annotations)
    {
    }

    /// <summary>The <c>kubernetes.io/ingress.class</c> annotation (it takes precedence, as NCP reads it).</summary>
    public LocatedString? ClassAnnotation { get; init; }

    /// <summary><c>spec.ingressClassName</c>.</summary>
    public LocatedString? IngressClassName { get; init; }

    /// <summary>The class the Ingress names, or null when it names none.</summary>
    public string? ClassName => ClassAnnotation?.Value ?? IngressClassName?.Value;
}

/// <summary>A backend that names a Service: an Ingress's default backend or one rule path, a Route's <c>spec.to</c> or one of its <c>spec.alternateBackends</c>.</summary>
/// <param name="ServiceName">The service-name scalar, where NCP3001/NCP3002 point.</param>
/// <param name="Port">The port as written (number or name), if any.</param>
/// <param name="FieldPath">e.g. <c>spec.rules[0].http.paths[1].backend.service.name</c>, <c>spec.alternateBackends[0].name</c>.</param>
public sealed record IngressBackend(LocatedString ServiceName, string? Port, string FieldPath, string? Host, string? Path);
