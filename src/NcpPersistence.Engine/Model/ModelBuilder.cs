using NcpPersistence.Diagnostics;
using NcpPersistence.Loading;
using NcpPersistence.Yaml;

namespace NcpPersistence.Model;

/// <summary>
/// Turns YAML documents into the small model the rules read: Services, Ingresses, NCP configurations,
/// and every other object by identity. Fields with a shape Kubernetes would reject become NCP9003
/// problems and are treated as unset, so one bad field never hides the rest of the object. Every
/// position comes from the <see cref="IPositionMap"/>, so a rendered Kustomize build reports at the
/// lines of its sources without the rules knowing.
/// </summary>
internal sealed partial class ModelBuilder
{
    private const string IngressClassAnnotation = "kubernetes.io/ingress.class";

    /// <summary>Nested <c>kind: List</c> documents are flattened (as kubectl does) up to this depth.</summary>
    private const int MaxListDepth = 32;

    private static readonly IReadOnlyDictionary<string, AnnotationValue> NoAnnotations = new Dictionary<string, AnnotationValue>();

    private readonly IPositionMap positions;
    private readonly LoadContext context;
    private readonly LoadedFile output;

    public ModelBuilder(IPositionMap positions, LoadContext context, LoadedFile output)
    {
        this.positions = positions;
        this.context = context;
        this.output = output;
    }

    private string File => positions.File;

    /// <summary>
    /// The documents worth building; every other one is reduced to its identity while it is parsed. Of a ConfigMap
    /// the model reads only <c>data.ncp.ini</c>, so one whose text after its kind never mentions it is identity only.
    /// </summary>
    public static bool IsRelevantKind(string kind, ReadOnlySpan<char> restOfDocument) =>
        kind is "Service" or "Ingress" or "List" or LoadBalancerManifest.KindName or RouteKind || kind.EndsWith("List", StringComparison.Ordinal)
        || (kind == "ConfigMap" && restOfDocument.Contains("ncp.ini", StringComparison.Ordinal));

    public void AddDocument(YamlDocument document)
    {
        if (document.Root?.Resolved is not YMapping root)
        {
            return;
        }

        // kubectl flattens List documents, also nested ones (cli-runtime's FlattenListVisitor).
        var pending = new Stack<(YMapping Node, int Depth)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            var kind = (node.Get("kind") as YScalar)?.Value;
            var apiVersion = (node.Get("apiVersion") as YScalar)?.Value;
            if (kind is null || apiVersion is null)
            {
                continue; // not a Kubernetes object: Helm values, kustomization files, CI configs
            }

            if (kind.EndsWith("List", StringComparison.Ordinal) && node.Get("items") is YSequence items && depth < MaxListDepth)
            {
                for (var i = items.Items.Count - 1; i >= 0; i--)
                {
                    if (items.Items[i].Resolved is YMapping item)
                    {
                        pending.Push((item, depth + 1));
                    }
                }

                continue;
            }

            var added = output.Objects.Count;
            AddObject(node, kind, apiVersion, node.ContentHash);
            if (document.RestSkipped && output.Objects.Count > added)
            {
                output.Objects[^1].TextHashDocumentLine = document.Line;
            }
        }
    }

    private void AddObject(YMapping node, string kind, string apiVersion, ulong contentHash)
    {
        switch (kind)
        {
            case "Service" when apiVersion == "v1":
                AddService(node, contentHash);
                break;
            case "Ingress" when apiVersion is "networking.k8s.io/v1" or "networking.k8s.io/v1beta1" or "extensions/v1beta1":
                AddIngress(node, contentHash);
                break;
            case "ConfigMap" when apiVersion == "v1":
                AddConfigMap(node, contentHash);
                break;
            case LoadBalancerManifest.KindName when apiVersion == LoadBalancerManifest.ApiVersion:
                AddLoadBalancer(node, contentHash);
                break;
            case RouteKind when apiVersion is "route.openshift.io/v1" or "v1":
                AddRoute(node, contentHash);
                break;
            case { Length: > 0 } when apiVersion.Length > 0:
                AddOtherObject(node, kind, apiVersion, contentHash);
                break;
        }
    }

    /// <summary>
    /// Any other object is kept by identity only (for NCP9005 and annotation suppressions). Its fields
    /// are not validated: a malformed name is not this analyzer's business outside the kinds it reads.
    /// </summary>
    private void AddOtherObject(YMapping node, string kind, string apiVersion, ulong contentHash)
    {
        var metadata = node.Get("metadata") as YMapping;
        if (metadata?.Get("name") is not YScalar { IsNull: false } name || name.Value.Length == 0)
        {
            return;
        }

        var id = Identity(KubernetesKinds.GroupOf(apiVersion, kind), kind, (metadata.Get("namespace") as YScalar)?.Value, name.Value);
        var path = Fields.MetadataName;
        var item = new OtherManifest(id, File, output.NextDocumentIndex(), Span(node, FieldPath.Root), Span(name, path), ReadAnnotations(metadata, suppressionsOnly: true))
        {
            ContentHash = contentHash,
        };
        output.Objects.Add(item);
    }

    /// <summary>The paths every object of a kind has, made once (a <see cref="FieldPath"/> is immutable): made per object,
    /// they were 49 MiB of what loading 100,000 Services and Ingresses allocated.</summary>
    private static class Fields
    {
        public static readonly FieldPath Metadata = FieldPath.Root.Key("metadata");
        public static readonly FieldPath MetadataName = Metadata.Key("name");
        public static readonly FieldPath MetadataNamespace = Metadata.Key("namespace");
        public static readonly FieldPath Annotations = Metadata.Key("annotations");
        public static readonly FieldPath Spec = FieldPath.Root.Key("spec");
        public static readonly FieldPath ServiceType = Spec.Key("type");
        public static readonly FieldPath SessionAffinity = Spec.Key("sessionAffinity");
        public static readonly FieldPath SessionAffinityConfig = Spec.Key("sessionAffinityConfig");
        public static readonly FieldPath ClientIP = SessionAffinityConfig.Key("clientIP");
        public static readonly FieldPath ClientIPTimeout = ClientIP.Key("timeoutSeconds");
        public static readonly FieldPath Ports = Spec.Key("ports");
        public static readonly FieldPath IngressClassName = Spec.Key("ingressClassName");
        public static readonly FieldPath DefaultBackend = Spec.Key("defaultBackend");
        public static readonly FieldPath Backend = Spec.Key("backend");
        public static readonly FieldPath Rules = Spec.Key("rules");
        public static readonly FieldPath NcpIni = FieldPath.Root.Key("data").Key("ncp.ini");
    }

    /// <summary>The identity; a cluster-scoped kind has no namespace, a namespaced one gets the default namespace when it names none.</summary>
    private ObjectId Identity(string group, string kind, string? ns, string name) =>
        KubernetesKinds.IsClusterScoped(kind)
            ? new ObjectId(context.Share(group), context.Share(kind), null, name)
            : new ObjectId(context.Share(group), context.Share(kind), string.IsNullOrEmpty(ns) ? context.DefaultNamespace : context.Share(ns), name);

    private (ObjectId Id, SourceSpan? NameSpan, IReadOnlyDictionary<string, AnnotationValue> Annotations)? ReadMetadata(YMapping node, string group, string kind, bool suppressionAnnotationsOnly = false)
    {
        var metadata = node.Get("metadata") as YMapping;
        var provisional = new ObjectId(group, kind, context.DefaultNamespace, "?");
        var name = ReadString(metadata?.GetRaw("name"), Fields.MetadataName, provisional);
        if (name is null)
        {
            return null; // an object without a name is not something Kubernetes creates
        }

        var ns = ReadString(metadata!.GetRaw("namespace"), Fields.MetadataNamespace, provisional)?.Value;
        return (Identity(group, kind, ns, name.Value), name.Span, ReadAnnotations(metadata, suppressionAnnotationsOnly));
    }

    /// <summary>What Kustomize writes on rendered objects (the origin the analysis asked for), not the user's annotations.</summary>
    private static bool IsBuildAnnotation(string key) =>
        key.StartsWith("config.kubernetes.io/", StringComparison.Ordinal)
        || key.StartsWith("alpha.config.kubernetes.io/", StringComparison.Ordinal)
        || key.StartsWith("internal.config.kubernetes.io/", StringComparison.Ordinal)
        || key.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal);

    /// <summary>
    /// Most objects have no annotations; they share one empty dictionary (the model stays small on big repositories).
    /// Of a kind no rule reads (<paramref name="suppressionsOnly"/>), only the suppression annotations are kept: the rest
    /// (a <c>kubectl.kubernetes.io/last-applied-configuration</c> holds the whole object) would only take memory.
    /// </summary>
    private IReadOnlyDictionary<string, AnnotationValue> ReadAnnotations(YMapping metadata, bool suppressionsOnly = false)
    {
        if (metadata.Get("annotations") is not YMapping { Entries.Count: > 0 } annotationMap)
        {
            return NoAnnotations;
        }

        if (positions.IsRendered && annotationMap.Entries.All(e => e.Key.Resolved is YScalar k && IsBuildAnnotation(k.Value)))
        {
            return NoAnnotations;
        }

        if (suppressionsOnly && !annotationMap.EffectiveEntries().Any(e => e.Key.Resolved is YScalar k && SuppressionAnnotations.IsSuppression(k.Value)))
        {
            return NoAnnotations;
        }

        var annotations = new Dictionary<string, AnnotationValue>(StringComparer.Ordinal);
        var path = Fields.Annotations;
        foreach (var entry in annotationMap.EffectiveEntries())
        {
            if (entry.Key.Resolved is YScalar key && entry.Value.Resolved is YScalar value && !(positions.IsRendered && IsBuildAnnotation(key.Value))
                && (!suppressionsOnly || SuppressionAnnotations.IsSuppression(key.Value)))
            {
                var valuePath = path.Key(key.Value);
                annotations[key.Value] = new AnnotationValue(value.IsNull ? "" : value.Value, positions.KeySpan(entry.Key, valuePath), Span(value, valuePath));
            }
        }

        return annotations;
    }

    private void AddService(YMapping node, ulong contentHash)
    {
        if (ReadMetadata(node, "", "Service") is not { } meta)
        {
            return;
        }

        var specPath = Fields.Spec;
        var spec = ReadMapping(node.GetRaw("spec"), specPath, meta.Id);
        LocatedString? type = null;
        LocatedString? affinity = null;
        SourceSpan? affinityConfigKey = null;
        LocatedNumber? timeout = null;
        var ports = new List<ServicePort>();
        if (spec is not null)
        {
            type = ReadString(spec.GetRaw("type"), Fields.ServiceType, meta.Id);
            affinity = ReadString(spec.GetRaw("sessionAffinity"), Fields.SessionAffinity, meta.Id);
            if (spec.GetEntry("sessionAffinityConfig") is { } configEntry && configEntry.Value.Resolved is not YScalar { IsNull: true })
            {
                var configPath = Fields.SessionAffinityConfig;
                affinityConfigKey = positions.KeySpan(configEntry.Key, configPath);
                var config = ReadMapping(configEntry.Value, configPath, meta.Id);
                var clientIpPath = Fields.ClientIP;
                var clientIp = ReadMapping(config?.GetRaw("clientIP"), clientIpPath, meta.Id);
                timeout = ReadInteger(clientIp?.GetRaw("timeoutSeconds"), Fields.ClientIPTimeout, meta.Id);
            }

            if (spec.Get("ports") is YSequence portList)
            {
                var portsPath = Fields.Ports;
                for (var i = 0; i < portList.Items.Count; i++)
                {
                    if (portList.Items[i].Resolved is not YMapping port)
                    {
                        continue;
                    }

                    var portPath = portsPath.Item(i);
                    var number = ReadInteger(port.GetRaw("port"), portPath.Key("port"), meta.Id);
                    var protocol = ReadString(port.GetRaw("protocol"), portPath.Key("protocol"), meta.Id)?.Value;
                    var portName = ReadString(port.GetRaw("name"), portPath.Key("name"), meta.Id)?.Value;
                    ports.Add(new ServicePort(
                        number is { Value: >= 0 and <= int.MaxValue } ? (int)number.Value : null,
                        string.IsNullOrEmpty(protocol) ? "TCP" : protocol!,
                        portName,
                        Span(port, portPath)));
                }
            }
        }

        var service = new ServiceManifest(meta.Id, File, output.NextDocumentIndex(), Span(node, FieldPath.Root), meta.NameSpan, meta.Annotations)
        {
            ContentHash = contentHash,
            Type = type,
            SessionAffinity = affinity,
            SessionAffinityConfigKey = affinityConfigKey,
            TimeoutSeconds = timeout,
            Ports = ports,
        };
        output.Add(service);
    }

    private void AddIngress(YMapping node, ulong contentHash)
    {
        if (ReadMetadata(node, "networking.k8s.io", "Ingress") is not { } meta)
        {
            return;
        }

        LocatedString? classAnnotation = null;
        if (meta.Annotations.TryGetValue(IngressClassAnnotation, out var annotation) && annotation.Value.Length > 0)
        {
            classAnnotation = new LocatedString(annotation.Value, annotation.ValueSpan ?? annotation.KeySpan);
        }

        var specPath = Fields.Spec;
        var spec = ReadMapping(node.GetRaw("spec"), specPath, meta.Id);
        var backends = new List<IngressBackend>();
        LocatedString? className = null;
        var hasTls = false;
        if (spec is not null)
        {
            className = ReadString(spec.GetRaw("ingressClassName"), Fields.IngressClassName, meta.Id);
            hasTls = spec.Get("tls") is YSequence { Items.Count: > 0 };
            AddBackend(spec.GetRaw("defaultBackend"), Fields.DefaultBackend, meta.Id, backends, null, null);
            AddBackend(spec.GetRaw("backend"), Fields.Backend, meta.Id, backends, null, null);
            if (spec.Get("rules") is YSequence rules)
            {
                for (var r = 0; r < rules.Items.Count; r++)
                {
                    if (rules.Items[r].Resolved is not YMapping rule)
                    {
                        continue;
                    }

                    var host = (rule.Get("host") as YScalar)?.Value;
                    if ((rule.Get("http") as YMapping)?.Get("paths") is not YSequence paths)
                    {
                        continue;
                    }

                    var pathsPath = Fields.Rules.Item(r).Key("http").Key("paths");
                    for (var p = 0; p < paths.Items.Count; p++)
                    {
                        if (paths.Items[p].Resolved is YMapping path)
                        {
                            AddBackend(path.GetRaw("backend"), pathsPath.Item(p).Key("backend"), meta.Id, backends, host, (path.Get("path") as YScalar)?.Value);
                        }
                    }
                }
            }
        }

        var ingress = new IngressManifest(meta.Id, File, output.NextDocumentIndex(), Span(node, FieldPath.Root), meta.NameSpan, meta.Annotations)
        {
            ContentHash = contentHash,
            ClassAnnotation = classAnnotation,
            IngressClassName = className,
            HasTls = hasTls,
            Backends = backends,
        };
        output.Add(ingress);
    }

    /// <summary>Reads both backend shapes: <c>serviceName</c>/<c>servicePort</c> (v1beta1) and <c>service.name</c>/<c>service.port</c> (v1).</summary>
    private void AddBackend(YNode? node, FieldPath fieldPath, ObjectId owner, List<IngressBackend> backends, string? host, string? path)
    {
        var backend = ReadMapping(node, fieldPath, owner);
        if (backend is null)
        {
            return;
        }

        if (backend.GetRaw("serviceName") is { } legacyName)
        {
            var namePath = fieldPath.Key("serviceName");
            var name = ReadString(legacyName, namePath, owner);
            if (name is { Value.Length: > 0 })
            {
                backends.Add(new IngressBackend(name, (backend.Get("servicePort") as YScalar)?.Value, namePath.ToString(), host, path));
            }

            return;
        }

        var servicePath = fieldPath.Key("service");
        var service = ReadMapping(backend.GetRaw("service"), servicePath, owner);
        if (service is null)
        {
            return; // backend.resource names no Service
        }

        var serviceNamePath = servicePath.Key("name");
        var serviceName = ReadString(service.GetRaw("name"), serviceNamePath, owner);
        if (serviceName is { Value.Length: > 0 })
        {
            var port = service.Get("port") as YMapping;
            var portText = (port?.Get("number") as YScalar)?.Value ?? (port?.Get("name") as YScalar)?.Value;
            backends.Add(new IngressBackend(serviceName, portText, serviceNamePath.ToString(), host, path));
        }
    }

    private void AddConfigMap(YMapping node, ulong contentHash)
    {
        if (ReadMetadata(node, "", "ConfigMap", suppressionAnnotationsOnly: true) is not { } meta)
        {
            return;
        }

        var configMap = new ConfigMapManifest(meta.Id, File, output.NextDocumentIndex(), Span(node, FieldPath.Root), meta.NameSpan, meta.Annotations)
        {
            ContentHash = contentHash,
        };
        output.Objects.Add(configMap);

        var data = node.Get("data") as YMapping;
        if (data?.GetEntry("ncp.ini") is not { } entry)
        {
            return;
        }

        var iniPath = Fields.NcpIni;
        var value = entry.Value.Resolved;
        if (value is YScalar { IsNull: true })
        {
            return;
        }

        if (value is not YScalar scalar)
        {
            output.Problems.Add(new LoadProblem(LoadProblemKind.MalformedField, $"data.ncp.ini is {value.KindName}; a ConfigMap's data values are strings (write the INI text as a block scalar: 'ncp.ini: |')", Span(value, iniPath), meta.Id, "data.ncp.ini"));
            return;
        }

        var ini = NcpIniDocument.Parse(scalar.Value, positions.IniPositions(scalar, iniPath), IniFlavourOf(meta.Id));
        output.Add(new NcpConfigSource(File, positions.KeySpan(entry.Key, iniPath), meta.Id, ini, configMap));
    }

    /// <summary>The operator's ConfigMap is read by the operator with go-ini; every other one by NCP with oslo.config.</summary>
    private static IniFlavour IniFlavourOf(ObjectId configMap) =>
        configMap.Name == OperatorConfigMapName ? IniFlavour.GoIni : IniFlavour.OsloConfig;

    /// <summary>The NSX Container Plugin operator's input (namespace <c>nsx-system-operator</c>), from which it renders <c>nsx-ncp-config</c>.</summary>
    internal const string OperatorConfigMapName = "nsx-ncp-operator-config";

    private SourceSpan Span(YNode node, FieldPath path) => positions.Span(node, path);

    private YMapping? ReadMapping(YNode? node, FieldPath fieldPath, ObjectId owner)
    {
        switch (node?.Resolved)
        {
            case null:
            case YScalar { IsNull: true }:
            case YMapping { IsTemplateExpression: true }:
                return null;
            case YMapping mapping:
                return mapping;
            case var other:
                Malformed(node!, fieldPath, owner, $"{fieldPath} is {other.KindName}; Kubernetes expects a mapping here");
                return null;
        }
    }

    /// <remarks>
    /// Values are read through aliases (Kubernetes' decoder expands them), but positions stay where the
    /// field is written: at the alias, not at the anchor it points to.
    /// </remarks>
    private LocatedString? ReadString(YNode? node, FieldPath fieldPath, ObjectId owner)
    {
        switch (node?.Resolved)
        {
            case null:
            case YScalar { IsNull: true }:
            case YMapping { IsTemplateExpression: true }:
                return null; // unset, or a template expression whose value is unknown until rendered
            case YScalar scalar when scalar.IsPlain && scalar.Tag is null && ResolvesToNonString(scalar.Value):
                Malformed(node!, fieldPath, owner, $"{fieldPath} is the {(LooksNumeric(scalar.Value) ? "number" : "boolean")} {scalar.Value}; Kubernetes expects a string here (quote it)");
                return null;
            case YScalar scalar:
                return new LocatedString(scalar.Value, Span(node, fieldPath));
            case var other:
                Malformed(node!, fieldPath, owner, $"{fieldPath} is {other.KindName}; Kubernetes expects a string here");
                return null;
        }
    }

    private LocatedNumber? ReadInteger(YNode? node, FieldPath fieldPath, ObjectId owner)
    {
        switch (node?.Resolved)
        {
            case null:
            case YScalar { IsNull: true }:
            case YMapping { IsTemplateExpression: true }:
                return null;
            case YScalar scalar when scalar.IsPlain && TryParseInteger(scalar.Value, out var number):
                return new LocatedNumber(number, Span(node, fieldPath));
            case YScalar scalar when SubstitutionPlaceholder.IsMatch(scalar.Value):
                return null; // ${PORT} or ${PORT:-80}: a file for envsubst, its value known only once substituted
            case YScalar scalar when scalar.IsQuoted:
                Malformed(node!, fieldPath, owner, $"{fieldPath} is the string \"{scalar.Value}\"; Kubernetes expects an integer here (remove the quotes)");
                return null;
            case YScalar scalar:
                Malformed(node!, fieldPath, owner, $"{fieldPath} is '{Shorten(scalar.Value)}'; Kubernetes expects an integer here");
                return null;
            case var other:
                Malformed(node!, fieldPath, owner, $"{fieldPath} is {other.KindName}; Kubernetes expects an integer here");
                return null;
        }
    }

    /// <summary>A whole value that envsubst, Flux post-build substitution or Compose-style tools replace.</summary>
    private static readonly System.Text.RegularExpressions.Regex SubstitutionPlaceholder =
        new(@"^\$(?:\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private void Malformed(YNode node, FieldPath fieldPath, ObjectId owner, string message)
    {
        output.Problems.Add(new LoadProblem(LoadProblemKind.MalformedField, message, Span(node, fieldPath), owner.Name == "?" ? null : owner, fieldPath.ToString()));
    }

    private static bool TryParseInteger(string value, out long number)
    {
        number = 0;
        var digits = value.Length > 0 && value[0] is '+' or '-' ? value.Substring(1) : value;
        if (digits.Length == 0 || digits.Length > 18 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        number = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        if (value[0] == '-')
        {
            number = -number;
        }

        return true;
    }

    /// <summary>What Kubernetes' YAML decoder (YAML 1.1 rules) reads as a number or a boolean.</summary>
    private static bool ResolvesToNonString(string value) =>
        LooksNumeric(value) || value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or "yes" or "Yes" or "YES" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF";

    private static bool LooksNumeric(string value) =>
        value.Length > 0
        && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
        && (char.IsAsciiDigit(value[0]) || value[0] is '-' or '+' or '.');

    private static string Shorten(string value) => value.Length <= 40 ? value : value.Substring(0, 37) + "...";
}
