using NcpPersistence.Diagnostics;
using NcpPersistence.Loading;
using NcpPersistence.Yaml;

namespace NcpPersistence.Model;

/// <summary>
/// Turns the YAML documents of one file into the small model the rules read: Services, Ingresses,
/// NCP configurations. Fields with a shape Kubernetes would reject become NCP9003 problems and are
/// treated as unset, so one bad field never hides the rest of the object.
/// </summary>
internal sealed class ModelBuilder
{
    private const string IngressClassAnnotation = "kubernetes.io/ingress.class";

    private readonly string file;
    private readonly string text;
    private readonly string defaultNamespace;
    private readonly LoadedFile output;
    private string[]? lines;

    public ModelBuilder(string file, string text, string defaultNamespace, LoadedFile output)
    {
        this.file = file;
        this.text = text;
        this.defaultNamespace = defaultNamespace;
        this.output = output;
    }

    /// <summary>The kinds worth building; every other document is reduced to its identity while it is parsed.</summary>
    public static bool IsRelevantKind(string kind) =>
        kind is "Service" or "Ingress" or "ConfigMap" or "List" || kind.EndsWith("List", StringComparison.Ordinal);

    public void AddDocument(YNode root)
    {
        if (root is not YMapping document)
        {
            return;
        }

        var kind = (document.Get("kind") as YScalar)?.Value;
        var apiVersion = (document.Get("apiVersion") as YScalar)?.Value;
        if (kind is null || apiVersion is null)
        {
            return; // not a Kubernetes object: Helm values, kustomization files, CI configs
        }

        if (IsRelevantKind(kind) && kind.EndsWith("List", StringComparison.Ordinal) && document.Get("items") is YSequence items)
        {
            for (var i = 0; i < items.Items.Count; i++)
            {
                if (items.Items[i] is YMapping item)
                {
                    AddObject(item, (item.Get("kind") as YScalar)?.Value, (item.Get("apiVersion") as YScalar)?.Value);
                }
            }

            return;
        }

        AddObject(document, kind, apiVersion);
    }

    private void AddObject(YMapping node, string? kind, string? apiVersion)
    {
        switch (kind)
        {
            case "Service" when apiVersion == "v1":
                AddService(node);
                break;
            case "Ingress" when apiVersion is "networking.k8s.io/v1" or "networking.k8s.io/v1beta1" or "extensions/v1beta1":
                AddIngress(node, apiVersion);
                break;
            case "ConfigMap" when apiVersion == "v1":
                AddConfigMap(node);
                break;
            case { Length: > 0 } when apiVersion is { Length: > 0 }:
                AddOtherObject(node, kind, apiVersion);
                break;
        }
    }

    /// <summary>
    /// Any other object is kept by identity only (for NCP9005 and annotation suppressions). Its fields
    /// are not validated: a malformed name is not this analyzer's business outside the kinds it reads.
    /// </summary>
    private void AddOtherObject(YMapping node, string kind, string apiVersion)
    {
        var metadata = node.Get("metadata") as YMapping;
        if (metadata?.Get("name") is not YScalar { IsNull: false } name || name.Value.Length == 0)
        {
            return;
        }

        var ns = (metadata.Get("namespace") as YScalar)?.Value;
        var reference = new KubeObjectRef(kind, string.IsNullOrEmpty(ns) ? defaultNamespace : ns!, name.Value);
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? "" : apiVersion.Substring(0, slash);
        var item = new OtherManifest(reference, group, file, output.NextDocumentIndex(), node.Span(file), name.Span(file), ReadAnnotations(metadata));
        output.Objects.Add(item);
    }

    private (KubeObjectRef Ref, SourceSpan? NameSpan, IReadOnlyDictionary<string, AnnotationValue> Annotations)? ReadMetadata(YMapping node, string kind)
    {
        var metadata = node.Get("metadata") as YMapping;
        var nameNode = metadata?.Get("name");
        var provisional = new KubeObjectRef(kind, defaultNamespace, "?");
        var name = ReadString(nameNode, "metadata.name", provisional);
        if (name is null)
        {
            return null; // an object without a name is not something Kubernetes creates
        }

        var ns = ReadString(metadata!.Get("namespace"), "metadata.namespace", provisional)?.Value;
        var reference = new KubeObjectRef(kind, string.IsNullOrEmpty(ns) ? defaultNamespace : ns!, name.Value);

        return (reference, name.Span, ReadAnnotations(metadata));
    }

    private static readonly IReadOnlyDictionary<string, AnnotationValue> NoAnnotations = new Dictionary<string, AnnotationValue>();

    /// <summary>Most objects have no annotations; they share one empty dictionary (the model stays small on big repositories).</summary>
    private IReadOnlyDictionary<string, AnnotationValue> ReadAnnotations(YMapping metadata)
    {
        if (metadata.Get("annotations") is not YMapping { Entries.Count: > 0 } annotationMap)
        {
            return NoAnnotations;
        }

        var annotations = new Dictionary<string, AnnotationValue>(StringComparer.Ordinal);
        foreach (var entry in annotationMap.Entries)
        {
            if (entry.Key is YScalar key && entry.Value is YScalar value)
            {
                annotations[key.Value] = new AnnotationValue(value.IsNull ? "" : value.Value, key.Span(file));
            }
        }

        return annotations;
    }

    private void AddService(YMapping node)
    {
        if (ReadMetadata(node, "Service") is not { } meta)
        {
            return;
        }

        var spec = ReadMapping(node.Get("spec"), "spec", meta.Ref);
        LocatedString? type = null;
        LocatedString? affinity = null;
        SourceSpan? affinityConfigKey = null;
        LocatedNumber? timeout = null;
        var ports = new List<ServicePort>();
        if (spec is not null)
        {
            type = ReadString(spec.Get("type"), "spec.type", meta.Ref);
            affinity = ReadString(spec.Get("sessionAffinity"), "spec.sessionAffinity", meta.Ref);
            if (spec.GetEntry("sessionAffinityConfig") is { } configEntry && !(configEntry.Value is YScalar { IsNull: true }))
            {
                affinityConfigKey = configEntry.Key.Span(file);
                var config = ReadMapping(configEntry.Value, "spec.sessionAffinityConfig", meta.Ref);
                var clientIp = ReadMapping(config?.Get("clientIP"), "spec.sessionAffinityConfig.clientIP", meta.Ref);
                timeout = ReadInteger(clientIp?.Get("timeoutSeconds"), "spec.sessionAffinityConfig.clientIP.timeoutSeconds", meta.Ref);
            }

            if (spec.Get("ports") is YSequence portList)
            {
                for (var i = 0; i < portList.Items.Count; i++)
                {
                    if (portList.Items[i] is not YMapping port)
                    {
                        continue;
                    }

                    var number = ReadInteger(port.Get("port"), $"spec.ports[{i}].port", meta.Ref);
                    var protocol = ReadString(port.Get("protocol"), $"spec.ports[{i}].protocol", meta.Ref)?.Value;
                    var portName = ReadString(port.Get("name"), $"spec.ports[{i}].name", meta.Ref)?.Value;
                    ports.Add(new ServicePort(
                        number is { Value: >= 0 and <= int.MaxValue } ? (int)number.Value : null,
                        string.IsNullOrEmpty(protocol) ? "TCP" : protocol!,
                        portName,
                        port.Span(file)));
                }
            }
        }

        var service = new ServiceManifest(meta.Ref, file, output.NextDocumentIndex(), node.Span(file), meta.NameSpan, meta.Annotations)
        {
            Type = type,
            SessionAffinity = affinity,
            SessionAffinityConfigKey = affinityConfigKey,
            TimeoutSeconds = timeout,
            Ports = ports,
        };
        output.Services.Add(service);
        output.Objects.Add(service);
    }

    private void AddIngress(YMapping node, string apiVersion)
    {
        if (ReadMetadata(node, "Ingress") is not { } meta)
        {
            return;
        }

        LocatedString? classAnnotation = null;
        if (meta.Annotations.TryGetValue(IngressClassAnnotation, out var annotation) && annotation.Value.Length > 0)
        {
            var valueNode = ((node.Get("metadata") as YMapping)?.Get("annotations") as YMapping)?.Get(IngressClassAnnotation);
            classAnnotation = new LocatedString(annotation.Value, valueNode?.Span(file) ?? annotation.KeySpan);
        }

        var spec = ReadMapping(node.Get("spec"), "spec", meta.Ref);
        var backends = new List<IngressBackend>();
        LocatedString? className = null;
        var hasTls = false;
        if (spec is not null)
        {
            className = ReadString(spec.Get("ingressClassName"), "spec.ingressClassName", meta.Ref);
            hasTls = spec.Get("tls") is YSequence { Items.Count: > 0 };
            AddBackend(spec.Get("defaultBackend"), "spec.defaultBackend", meta.Ref, backends, null, null);
            AddBackend(spec.Get("backend"), "spec.backend", meta.Ref, backends, null, null);
            if (spec.Get("rules") is YSequence rules)
            {
                for (var r = 0; r < rules.Items.Count; r++)
                {
                    if (rules.Items[r] is not YMapping rule)
                    {
                        continue;
                    }

                    var host = (rule.Get("host") as YScalar)?.Value;
                    if ((rule.Get("http") as YMapping)?.Get("paths") is not YSequence paths)
                    {
                        continue;
                    }

                    for (var p = 0; p < paths.Items.Count; p++)
                    {
                        if (paths.Items[p] is YMapping path)
                        {
                            AddBackend(path.Get("backend"), $"spec.rules[{r}].http.paths[{p}].backend", meta.Ref, backends, host, (path.Get("path") as YScalar)?.Value);
                        }
                    }
                }
            }
        }

        var ingress = new IngressManifest(meta.Ref, file, output.NextDocumentIndex(), node.Span(file), meta.NameSpan, meta.Annotations)
        {
            ApiVersion = apiVersion,
            ClassAnnotation = classAnnotation,
            IngressClassName = className,
            HasTls = hasTls,
            Backends = backends,
        };
        output.Ingresses.Add(ingress);
        output.Objects.Add(ingress);
    }

    /// <summary>Reads both backend shapes: <c>serviceName</c>/<c>servicePort</c> (v1beta1) and <c>service.name</c>/<c>service.port</c> (v1).</summary>
    private void AddBackend(YNode? node, string fieldPath, KubeObjectRef owner, List<IngressBackend> backends, string? host, string? path)
    {
        var backend = ReadMapping(node, fieldPath, owner);
        if (backend is null)
        {
            return;
        }

        if (backend.Get("serviceName") is { } legacyName)
        {
            var name = ReadString(legacyName, fieldPath + ".serviceName", owner);
            if (name is { Value.Length: > 0 })
            {
                backends.Add(new IngressBackend(name, (backend.Get("servicePort") as YScalar)?.Value, fieldPath + ".serviceName", host, path));
            }

            return;
        }

        var service = ReadMapping(backend.Get("service"), fieldPath + ".service", owner);
        if (service is null)
        {
            return; // backend.resource names no Service
        }

        var serviceName = ReadString(service.Get("name"), fieldPath + ".service.name", owner);
        if (serviceName is { Value.Length: > 0 })
        {
            var port = service.Get("port") as YMapping;
            var portText = (port?.Get("number") as YScalar)?.Value ?? (port?.Get("name") as YScalar)?.Value;
            backends.Add(new IngressBackend(serviceName, portText, fieldPath + ".service.name", host, path));
        }
    }

    private void AddConfigMap(YMapping node)
    {
        if (ReadMetadata(node, "ConfigMap") is not { } meta)
        {
            return;
        }

        var configMap = new ConfigMapManifest(meta.Ref, file, output.NextDocumentIndex(), node.Span(file), meta.NameSpan, meta.Annotations);
        output.Objects.Add(configMap);
        output.ConfigMaps.Add(configMap);

        var data = node.Get("data") as YMapping;
        if (data?.GetEntry("ncp.ini") is not { } entry)
        {
            return;
        }

        if (entry.Value is YScalar { IsNull: true })
        {
            return;
        }

        if (entry.Value is not YScalar value)
        {
            output.Problems.Add(new LoadProblem(LoadProblemKind.MalformedField, $"data.ncp.ini is {entry.Value.KindName}; a ConfigMap's data values are strings (write the INI text as a block scalar: 'ncp.ini: |')", entry.Value.Span(file), meta.Ref, "data.ncp.ini"));
            return;
        }

        var ini = NcpIniDocument.Parse(value.Value, PositionMapFor(value));
        output.Configs.Add(new NcpConfigSource(file, entry.Key.Span(file), meta.Ref, ini, configMap));
    }

    /// <summary>
    /// A literal block scalar keeps its lines one to one: text line i is the YAML line after the
    /// header plus i, shifted by the block's indentation (found by comparing a content line with
    /// the raw line, which works with and without indentation indicators).
    /// </summary>
    private IniPositionMap PositionMapFor(YScalar value)
    {
        if (value.Style != YamlDotNet.Core.ScalarStyle.Literal)
        {
            return IniPositionMap.Fixed(value.Span(file));
        }

        lines ??= text.Split('\n');
        var firstLine = value.StartLine + 1;
        var contentLines = value.Value.Split('\n');
        for (var i = 0; i < contentLines.Length; i++)
        {
            if (contentLines[i].Trim().Length == 0)
            {
                continue;
            }

            var rawIndex = firstLine - 1 + i;
            if (rawIndex >= lines.Length)
            {
                break;
            }

            var raw = lines[rawIndex].TrimEnd('\r');
            var indent = raw.Length - contentLines[i].Length;
            if (indent >= 0 && raw.EndsWith(contentLines[i], StringComparison.Ordinal))
            {
                return IniPositionMap.Block(file, firstLine, indent);
            }

            break;
        }

        return IniPositionMap.Fixed(value.Span(file));
    }

    private YMapping? ReadMapping(YNode? node, string fieldPath, KubeObjectRef owner)
    {
        switch (node)
        {
            case null:
            case YScalar { IsNull: true }:
                return null;
            case YMapping mapping:
                return mapping;
            default:
                Malformed(node, fieldPath, owner, $"{fieldPath} is {node.KindName}; Kubernetes expects a mapping here");
                return null;
        }
    }

    private LocatedString? ReadString(YNode? node, string fieldPath, KubeObjectRef owner)
    {
        switch (node)
        {
            case null:
            case YScalar { IsNull: true }:
                return null;
            case YScalar scalar when scalar.IsPlain && scalar.Tag is null && ResolvesToNonString(scalar.Value):
                Malformed(node, fieldPath, owner, $"{fieldPath} is the {(LooksNumeric(scalar.Value) ? "number" : "boolean")} {scalar.Value}; Kubernetes expects a string here (quote it)");
                return null;
            case YScalar scalar:
                return new LocatedString(scalar.Value, scalar.Span(file));
            default:
                Malformed(node, fieldPath, owner, $"{fieldPath} is {node.KindName}; Kubernetes expects a string here");
                return null;
        }
    }

    private LocatedNumber? ReadInteger(YNode? node, string fieldPath, KubeObjectRef owner)
    {
        switch (node)
        {
            case null:
            case YScalar { IsNull: true }:
                return null;
            case YScalar scalar when scalar.IsPlain && TryParseInteger(scalar.Value, out var number):
                return new LocatedNumber(number, scalar.Span(file));
            case YScalar scalar when scalar.IsQuoted:
                Malformed(node, fieldPath, owner, $"{fieldPath} is the string \"{scalar.Value}\"; Kubernetes expects an integer here (remove the quotes)");
                return null;
            case YScalar scalar:
                Malformed(node, fieldPath, owner, $"{fieldPath} is '{Shorten(scalar.Value)}'; Kubernetes expects an integer here");
                return null;
            default:
                Malformed(node, fieldPath, owner, $"{fieldPath} is {node.KindName}; Kubernetes expects an integer here");
                return null;
        }
    }

    private void Malformed(YNode node, string fieldPath, KubeObjectRef owner, string message)
    {
        output.Problems.Add(new LoadProblem(LoadProblemKind.MalformedField, message, node.Span(file), owner.Name == "?" ? null : owner, fieldPath));
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
