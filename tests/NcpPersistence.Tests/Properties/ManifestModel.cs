using System.Text;

namespace NcpPersistence.Tests.Properties;

/// <summary>
/// A random but valid manifest set: exactly one NCP configuration, Services with unique
/// namespace/name pairs, Ingresses with unique names, and irrelevant extra documents.
/// <see cref="Seed"/> drives everything a property varies besides the model (file names, groupings, key order).
/// </summary>
public sealed record ManifestSet(
    NcpConfigModel Config,
    IReadOnlyList<ServiceModel> Services,
    IReadOnlyList<IngressModel> Ingresses,
    IReadOnlyList<ExtraKind> Extras,
    int Seed)
{
    /// <summary>The relevant documents in their canonical order: config, Services, Ingresses.</summary>
    public IReadOnlyList<YamlMap> Documents() =>
        new[] { Config.ToYaml() }
            .Concat(Services.Select(s => s.ToYaml()))
            .Concat(Ingresses.Select(i => i.ToYaml()))
            .ToList();

    /// <summary>The irrelevant documents: Deployments, HPAs, CRDs, Helm values, ConfigMaps without ncp.ini.</summary>
    public IReadOnlyList<YamlMap> ExtraDocuments() => Extras.Select((kind, i) => ExtraDocumentFactory.Create(kind, i)).ToList();

    /// <summary>What FsCheck prints for a failing case: the seed and every document, ready to paste into a fixture.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append($"ManifestSet(seed {Seed}, {Services.Count} services, {Ingresses.Count} ingresses, extras [{string.Join(", ", Extras)}])\n");
        text.Append(YamlEmitter.Stream(Documents()));
        return text.ToString();
    }
}

/// <summary>The NCP ConfigMap. Null values are not written.</summary>
public sealed record NcpConfigModel(string? L4, string? L7, string? CookieName, string? L7Timeout, bool CoeSection)
{
    public string IniText()
    {
        var ini = new StringBuilder();
        if (CoeSection)
        {
            ini.Append("[coe]\nadaptor = kubernetes\ncluster = k8scluster\n\n");
        }

        ini.Append("[nsx_v3]\n");
        ini.Append("# persistence of the shared load balancers\n");
        if (L4 is not null)
        {
            ini.Append($"l4_persistence = {L4}\n");
        }

        if (L7 is not null)
        {
            ini.Append($"l7_persistence = {L7}\n");
        }

        if (CookieName is not null)
        {
            ini.Append($"cookie_name = {CookieName}\n");
        }

        if (L7Timeout is not null)
        {
            ini.Append($"l7_persistence_timeout = {L7Timeout}\n");
        }

        return ini.ToString();
    }

    public YamlMap ToYaml() => new(
        ("apiVersion", YamlScalar.Str("v1")),
        ("kind", YamlScalar.Str("ConfigMap")),
        ("metadata", new YamlMap(
            ("name", YamlScalar.Str("nsx-ncp-config")),
            ("namespace", YamlScalar.Str("nsx-system")),
            ("labels", new YamlMap(("version", YamlScalar.Str("v1")))))),
        ("data", new YamlMap(("ncp.ini", new YamlBlock(IniText())))));
}

/// <summary>A Service; <see cref="Namespace"/> null means no <c>metadata.namespace</c> (so <c>default</c>).</summary>
public sealed record ServiceModel(string? Namespace, string Name, string? Type, string? Affinity, long? TimeoutSeconds, IReadOnlyList<int> Ports)
{
    public string EffectiveNamespace => Namespace ?? "default";

    public YamlMap ToYaml()
    {
        YamlNode? affinityConfig = TimeoutSeconds is { } timeout
            ? new YamlMap(("clientIP", new YamlMap(("timeoutSeconds", YamlScalar.Int(timeout)))))
            : null;
        return new YamlMap(
            ("apiVersion", YamlScalar.Str("v1")),
            ("kind", YamlScalar.Str("Service")),
            ("metadata", new YamlMap(
                ("name", YamlScalar.Str(Name)),
                ("namespace", Namespace is null ? null : YamlScalar.Str(Namespace)),
                ("labels", new YamlMap(("app", YamlScalar.Str(Name)))))),
            ("spec", new YamlMap(
                ("type", Type is null ? null : YamlScalar.Str(Type)),
                ("selector", new YamlMap(("app", YamlScalar.Str(Name)))),
                ("sessionAffinity", Affinity is null ? null : YamlScalar.Str(Affinity)),
                ("sessionAffinityConfig", affinityConfig),
                ("ports", new YamlSeq(Ports.Select(p => (YamlNode)new YamlMap(
                    ("name", YamlScalar.Str("p" + p)),
                    ("port", YamlScalar.Int(p)),
                    ("targetPort", YamlScalar.Int(p + 1)),
                    ("protocol", YamlScalar.Str("TCP")))).ToList())))));
    }
}

public enum ClassWay
{
    None,
    Annotation,
    Field,
}

/// <summary>A backend: a Service name and either a port number or (when <see cref="PortName"/> is set) a port name.</summary>
public sealed record BackendModel(string ServiceName, int Port, string? PortName);

public sealed record PathModel(string Path, BackendModel Backend);

public sealed record RuleModel(string? Host, IReadOnlyList<PathModel> Paths);

/// <summary>An Ingress in one of the three API versions, with its class, default backend, rules and TLS.</summary>
public sealed record IngressModel(
    string? Namespace,
    string Name,
    string ApiVersion,
    ClassWay ClassWay,
    string ClassValue,
    BackendModel? DefaultBackend,
    IReadOnlyList<RuleModel> Rules,
    bool Tls)
{
    public const string V1 = "networking.k8s.io/v1";

    public YamlMap ToYaml()
    {
        var v1 = ApiVersion == V1;
        YamlNode? tls = Tls
            ? new YamlSeq(new YamlMap(
                ("hosts", new YamlSeq(Rules.Select(r => r.Host).OfType<string>().DefaultIfEmpty("www.example.com").Distinct().Select(h => (YamlNode)YamlScalar.Str(h)).ToList())),
                ("secretName", YamlScalar.Str(Name + "-tls"))))
            : null;
        YamlNode? rules = Rules.Count == 0
            ? null
            : new YamlSeq(Rules.Select(r => (YamlNode)new YamlMap(
                ("host", r.Host is null ? null : YamlScalar.Str(r.Host)),
                ("http", new YamlMap(("paths", new YamlSeq(r.Paths.Select(p => (YamlNode)new YamlMap(
                    ("path", YamlScalar.Str(p.Path)),
                    ("pathType", v1 ? YamlScalar.Str("Prefix") : null),
                    ("backend", Backend(p.Backend, v1)))).ToList())))))).ToList());
        return new YamlMap(
            ("apiVersion", YamlScalar.Str(ApiVersion)),
            ("kind", YamlScalar.Str("Ingress")),
            ("metadata", new YamlMap(
                ("name", YamlScalar.Str(Name)),
                ("namespace", Namespace is null ? null : YamlScalar.Str(Namespace)),
                ("annotations", ClassWay == ClassWay.Annotation
                    ? new YamlMap(("kubernetes.io/ingress.class", YamlScalar.Str(ClassValue)), ("ncp/http-redirect", YamlScalar.Str("false")))
                    : null))),
            ("spec", new YamlMap(
                ("ingressClassName", ClassWay == ClassWay.Field ? YamlScalar.Str(ClassValue) : null),
                (v1 ? "defaultBackend" : "backend", DefaultBackend is null ? null : Backend(DefaultBackend, v1)),
                ("tls", tls),
                ("rules", rules))));
    }

    private static YamlMap Backend(BackendModel backend, bool v1)
    {
        if (v1)
        {
            var port = backend.PortName is null
                ? new YamlMap(("number", YamlScalar.Int(backend.Port)))
                : new YamlMap(("name", YamlScalar.Str(backend.PortName)));
            return new YamlMap(("service", new YamlMap(("name", YamlScalar.Str(backend.ServiceName)), ("port", port))));
        }

        return new YamlMap(
            ("serviceName", YamlScalar.Str(backend.ServiceName)),
            ("servicePort", backend.PortName is null ? YamlScalar.Int(backend.Port) : YamlScalar.Str(backend.PortName)));
    }
}

/// <summary>Documents the analyzer must ignore.</summary>
public enum ExtraKind
{
    Deployment,
    HorizontalPodAutoscaler,
    CustomResourceDefinition,
    HelmValues,
    PlainConfigMap,
    ListOfDeployments,
}

internal static class ExtraDocumentFactory
{
    public static YamlMap Create(ExtraKind kind, int index) => kind switch
    {
        ExtraKind.Deployment => Deployment($"extra-deploy-{index}"),
        ExtraKind.HorizontalPodAutoscaler => new YamlMap(
            ("apiVersion", YamlScalar.Str("autoscaling/v2")),
            ("kind", YamlScalar.Str("HorizontalPodAutoscaler")),
            ("metadata", new YamlMap(("name", YamlScalar.Str($"extra-hpa-{index}")), ("namespace", YamlScalar.Str("shop")))),
            ("spec", new YamlMap(
                ("scaleTargetRef", new YamlMap(("apiVersion", YamlScalar.Str("apps/v1")), ("kind", YamlScalar.Str("Deployment")), ("name", YamlScalar.Str("tea-svc")))),
                ("minReplicas", YamlScalar.Int(1)),
                ("maxReplicas", YamlScalar.Int(5))))),
        ExtraKind.CustomResourceDefinition => new YamlMap(
            ("apiVersion", YamlScalar.Str("apiextensions.k8s.io/v1")),
            ("kind", YamlScalar.Str("CustomResourceDefinition")),
            ("metadata", new YamlMap(("name", YamlScalar.Str($"routes{index}.example.com")))),
            ("spec", new YamlMap(
                ("group", YamlScalar.Str("example.com")),
                ("names", new YamlMap(("kind", YamlScalar.Str($"Route{index}")), ("plural", YamlScalar.Str($"routes{index}")))),
                ("scope", YamlScalar.Str("Namespaced")),
                ("versions", new YamlSeq(new YamlMap(
                    ("name", YamlScalar.Str("v1")),
                    ("served", new YamlScalar("true")),
                    ("storage", new YamlScalar("true")),
                    ("schema", new YamlMap(("openAPIV3Schema", new YamlMap(
                        ("type", YamlScalar.Str("object")),
                        ("properties", new YamlMap(
                            ("serviceName", new YamlMap(("type", YamlScalar.Str("string")))),
                            ("sessionAffinity", new YamlMap(("type", YamlScalar.Str("string")))))))))))))))),
        // not a Kubernetes object (no apiVersion/kind), but full of tempting keys
        ExtraKind.HelmValues => new YamlMap(
            ("replicaCount", YamlScalar.Int(2)),
            ("service", new YamlMap(
                ("type", YamlScalar.Str("LoadBalancer")),
                ("sessionAffinity", YamlScalar.Str("clientip")),
                ("sessionAffinityConfig", new YamlMap(("clientIP", new YamlMap(("timeoutSeconds", YamlScalar.Int(0)))))))),
            ("ingress", new YamlMap(
                ("enabled", new YamlScalar("true")),
                ("className", YamlScalar.Str("nsx")),
                ("backend", new YamlMap(("serviceName", YamlScalar.Str("ghost-svc")), ("servicePort", YamlScalar.Int(80))))))),
        // a ConfigMap whose INI is not under the key ncp.ini: not an NCP configuration
        ExtraKind.PlainConfigMap => new YamlMap(
            ("apiVersion", YamlScalar.Str("v1")),
            ("kind", YamlScalar.Str("ConfigMap")),
            ("metadata", new YamlMap(("name", YamlScalar.Str($"extra-config-{index}")), ("namespace", YamlScalar.Str("nsx-system")))),
            ("data", new YamlMap(
                ("app.properties", YamlScalar.Str("color=blue")),
                ("settings.ini", new YamlBlock("[nsx_v3]\nl7_persistence = cookie\nl4_persistence = source_ip\n"))))),
        ExtraKind.ListOfDeployments => new YamlMap(
            ("apiVersion", YamlScalar.Str("v1")),
            ("kind", YamlScalar.Str("List")),
            ("items", new YamlSeq(Deployment($"extra-listed-{index}-a"), Deployment($"extra-listed-{index}-b")))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static YamlMap Deployment(string name) => new(
        ("apiVersion", YamlScalar.Str("apps/v1")),
        ("kind", YamlScalar.Str("Deployment")),
        ("metadata", new YamlMap(("name", YamlScalar.Str(name)))),
        ("spec", new YamlMap(
            ("replicas", YamlScalar.Int(2)),
            ("selector", new YamlMap(("matchLabels", new YamlMap(("app", YamlScalar.Str(name)))))),
            ("template", new YamlMap(
                ("metadata", new YamlMap(("labels", new YamlMap(("app", YamlScalar.Str(name)))))),
                ("spec", new YamlMap(("containers", new YamlSeq(new YamlMap(
                    ("name", YamlScalar.Str("main")),
                    ("image", YamlScalar.Str("nginx:1.27")),
                    ("ports", new YamlSeq(new YamlMap(("containerPort", YamlScalar.Int(80)))))))))))))));
}
