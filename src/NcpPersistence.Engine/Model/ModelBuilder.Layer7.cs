using NcpPersistence.Diagnostics;
using NcpPersistence.Yaml;

namespace NcpPersistence.Model;

/// <summary>The custom kinds NCP serves besides Ingress: LoadBalancer custom resources and OpenShift Routes.</summary>
internal sealed partial class ModelBuilder
{
    private const string RouteKind = "Route";

    /// <summary>
    /// An NCP LoadBalancer custom resource. Its fields are kept as written (the CRD has no schema, so the API
    /// server accepts any value; NCP3005 judges them); only shapes that cannot hold the fields at all
    /// (a <c>spec</c> that is not a mapping) are NCP9003.
    /// </summary>
    private void AddLoadBalancer(YMapping node, ulong contentHash)
    {
        if (ReadMetadata(node, "vmware.com", LoadBalancerManifest.KindName) is not { } meta)
        {
            return;
        }

        var specPath = Fields.Spec;
        var spec = ReadMapping(node.GetRaw("spec"), specPath, meta.Id);
        LocatedScalar? size = null;
        var hasHttpConfig = false;
        string? virtualIp = null;
        string? xForwardedFor = null;
        int? httpPort = null;
        int? httpsPort = null;
        LocatedScalar? affinityType = null;
        LocatedScalar? affinityTimeout = null;
        if (spec is not null)
        {
            size = Scalar(spec.GetRaw("size"), specPath.Key("size"));
            var httpPath = specPath.Key("httpConfig");
            if (spec.GetEntry("httpConfig") is { } httpEntry)
            {
                hasHttpConfig = true;
                var http = ReadMapping(httpEntry.Value, httpPath, meta.Id);
                if (http is not null)
                {
                    virtualIp = Scalar(http.GetRaw("virtualIP"), httpPath.Key("virtualIP"))?.Text;
                    xForwardedFor = Scalar(http.GetRaw("xForwardedFor"), httpPath.Key("xForwardedFor"))?.Text;
                    httpPort = Port(Scalar(http.GetRaw("port"), httpPath.Key("port")));
                    var tlsPath = httpPath.Key("tls");
                    var tls = ReadMapping(http.GetRaw("tls"), tlsPath, meta.Id);
                    httpsPort = Port(Scalar(tls?.GetRaw("port"), tlsPath.Key("port")));
                    var affinityPath = httpPath.Key("affinity");
                    var affinity = ReadMapping(http.GetRaw("affinity"), affinityPath, meta.Id);
                    affinityType = Scalar(affinity?.GetRaw("type"), affinityPath.Key("type"));
                    affinityTimeout = Scalar(affinity?.GetRaw("timeout"), affinityPath.Key("timeout"));
                }
            }
        }

        var loadBalancer = new LoadBalancerManifest(meta.Id, File, output.NextDocumentIndex(), Span(node, FieldPath.Root), meta.NameSpan, meta.Annotations)
        {
            ContentHash = contentHash,
            Size = size,
            HasHttpConfig = hasHttpConfig,
            VirtualIp = virtualIp,
            XForwardedFor = xForwardedFor,
            HttpPort = httpPort,
            HttpsPort = httpsPort,
            AffinityType = affinityType,
            AffinityTimeout = affinityTimeout,
        };
        output.Add(loadBalancer);
    }

    /// <summary>An OpenShift Route: <c>spec.to</c> and <c>spec.alternateBackends[]</c> that name a Service, and whether it has TLS.</summary>
    private void AddRoute(YMapping node, ulong contentHash)
    {
        if (ReadMetadata(node, "route.openshift.io", RouteKind) is not { } meta)
        {
            return;
        }

        var specPath = Fields.Spec;
        var spec = ReadMapping(node.GetRaw("spec"), specPath, meta.Id);
        var backends = new List<IngressBackend>();
        string? host = null;
        var hasTls = false;
        if (spec is not null)
        {
            host = ReadString(spec.GetRaw("host"), specPath.Key("host"), meta.Id)?.Value;
            var path = ReadString(spec.GetRaw("path"), specPath.Key("path"), meta.Id)?.Value;
            hasTls = ReadMapping(spec.GetRaw("tls"), specPath.Key("tls"), meta.Id) is not null;
            var port = (ReadMapping(spec.GetRaw("port"), specPath.Key("port"), meta.Id)?.Get("targetPort") as YScalar)?.Value;
            AddRouteBackend(spec.GetRaw("to"), specPath.Key("to"), meta.Id, backends, port, host, path);
            if (spec.Get("alternateBackends") is YSequence alternates)
            {
                for (var i = 0; i < alternates.Items.Count; i++)
                {
                    AddRouteBackend(alternates.Items[i], specPath.Key("alternateBackends").Item(i), meta.Id, backends, port, host, path);
                }
            }
        }

        var route = new RouteManifest(meta.Id, File, output.NextDocumentIndex(), Span(node, FieldPath.Root), meta.NameSpan, meta.Annotations)
        {
            ContentHash = contentHash,
            Host = host,
            HasTls = hasTls,
            Backends = backends,
        };
        output.Add(route);
    }

    /// <summary>A <c>RouteTargetReference</c>: <c>kind</c> (default Service; nothing else is a Service), <c>name</c>, <c>weight</c>.</summary>
    private void AddRouteBackend(YNode? node, FieldPath fieldPath, ObjectId owner, List<IngressBackend> backends, string? port, string? host, string? path)
    {
        var target = ReadMapping(node, fieldPath, owner);
        if (target is null)
        {
            return;
        }

        var kind = ReadString(target.GetRaw("kind"), fieldPath.Key("kind"), owner)?.Value;
        if (kind is not (null or "" or "Service"))
        {
            return;
        }

        var namePath = fieldPath.Key("name");
        if (ReadString(target.GetRaw("name"), namePath, owner) is { Value.Length: > 0 } name)
        {
            backends.Add(new IngressBackend(name, port, namePath.ToString(), host, path));
        }
    }

    /// <summary>A custom resource's field as written (null when absent or YAML null).</summary>
    private LocatedScalar? Scalar(YNode? node, FieldPath path) => node?.Resolved switch
    {
        null => null,
        YScalar { IsNull: true } => null,
        YMapping { IsTemplateExpression: true } => null,
        YScalar scalar => new LocatedScalar(scalar.Value, Span(node, path), null, scalar.IsPlain),
        var other => new LocatedScalar(null, Span(node, path), other.KindName, false),
    };

    private static int? Port(LocatedScalar? value) =>
        value is { IsPlain: true, Text: { } text } && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : null;
}
