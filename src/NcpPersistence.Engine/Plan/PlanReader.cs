using System.Text.Json;

namespace NcpPersistence.Plan;

/// <summary>
/// Reads a plan written by <see cref="PlanWriter.ToJson"/> (the base branch's, for the delta).
/// Plans of schema 2.x (per cluster) and 1.x (one cluster at the top level) are accepted; unknown
/// properties are ignored. Never throws on bad input: <see cref="TryRead"/> returns a message a user can act on.
/// </summary>
public static class PlanReader
{
    public static bool TryReadFile(string path, out NsxProfilePlan? plan, out string? error)
    {
        plan = null;
        var name = Path.GetFileName(path);
        string text;
        try
        {
            if (!File.Exists(path))
            {
                error = $"the baseline plan '{name}' does not exist";
                return false;
            }

            // Only a regular file is read: a FIFO would block the run, a device never end (F9).
            if (NcpPersistence.Loading.FileKinds.NotARegularFile(path) is { } what)
            {
                error = $"the baseline plan '{name}' is {what}, not a regular file";
                return false;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error = $"the baseline plan '{name}' cannot be read ({exception.GetType().Name})";
            return false;
        }

        if (!TryRead(text, out plan, out var reason))
        {
            error = $"the baseline plan '{name}' is not a valid NSX profile plan: {reason}";
            return false;
        }

        error = null;
        return true;
    }

    public static bool TryRead(string json, out NsxProfilePlan? plan, out string? error)
    {
        plan = null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            plan = Read(document.RootElement);
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            error = exception.LineNumber is { } line ? $"invalid JSON at line {line + 1}" : "invalid JSON";
            return false;
        }
        catch (PlanFormatException exception)
        {
            error = exception.Message;
            return false;
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException)
        {
            // "Never throws on bad input": a JsonElement accessor this reader missed is still a message, not a crash.
            error = $"an unexpected value ({exception.Message})";
            return false;
        }
    }

    private static NsxProfilePlan Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PlanFormatException("the document is not a JSON object");
        }

        var version = String(root, "schemaVersion") ?? throw new PlanFormatException("schemaVersion is missing");
        if (version.StartsWith("1.", StringComparison.Ordinal))
        {
            return new NsxProfilePlan(version, new[] { ReadCluster(root, "default", null, null, null) });
        }

        if (!version.StartsWith("2.", StringComparison.Ordinal))
        {
            throw new PlanFormatException($"schemaVersion {version} is not supported (this version reads 1.x and 2.x)");
        }

        if (!root.TryGetProperty("clusters", out var clusterList) || clusterList.ValueKind != JsonValueKind.Array || clusterList.GetArrayLength() == 0)
        {
            throw new PlanFormatException("'clusters' is missing or empty");
        }

        var clusters = Array(root, "clusters").Select(c =>
        {
            var configuration = c.TryGetProperty("configuration", out var o) && o.ValueKind == JsonValueKind.Object
                ? new PlanOrigin(PlanOrigin.FileKind, String(o, "file"), OptionalInt(o, "line"), String(o, "configMap")) { Format = String(o, "format") }
                : null;
            return ReadCluster(c, Required(c, "key"), String(c, "name"), configuration, String(c, "scope"));
        }).ToList();
        return new NsxProfilePlan(version, clusters);
    }

    private static PlanCluster ReadCluster(JsonElement root, string key, string? name, PlanOrigin? configuration, string? scope)
    {
        var config = Object(root, "ncpConfig");
        var ncpConfig = new PlanNcpConfig(
            Setting(config, "l4Persistence", "l4_persistence"),
            Setting(config, "l7Persistence", "l7_persistence"),
            Setting(config, "cookieName", "cookie_name"),
            Setting(config, "l7PersistenceTimeout", "l7_persistence_timeout"))
        {
            // 2.1: the load-balancing settings (absent from older plans).
            UseNativeLoadBalancer = OptionalSetting(config, "useNativeLoadBalancer", "use_native_loadbalancer"),
            DefaultIngressClassNsx = OptionalSetting(config, "defaultIngressClassNsx", "default_ingress_class_nsx"),
            EnableLbCrd = OptionalSetting(config, "enableLbCrd", "enable_lb_crd"),
            ServiceSize = OptionalSetting(config, "serviceSize", "service_size"),
            L4LbAutoScaling = OptionalSetting(config, "l4LbAutoScaling", "l4_lb_auto_scaling"),
            MaxAllowedVirtualServers = OptionalSetting(config, "maxAllowedVirtualServers", "max_allowed_virtual_servers"),
        };

        var profiles = Array(root, "profiles").Select(p => new PlanProfile(
            Required(p, "id"),
            Int(p, "layer"),
            Required(p, "type"),
            Long(p, "timeoutSeconds"),
            p.TryGetProperty("shared", out var shared) && shared.ValueKind == JsonValueKind.True,
            String(p, "cookieName"),
            Strings(p, "services"),
            Strings(p, "ingresses"))
        {
            Routes = Strings(p, "routes"),
            LoadBalancer = String(p, "loadBalancer"),
        }).ToList();

        var servers = Array(root, "virtualServers").Select(v => new PlanVirtualServer(
            Required(v, "id"),
            Int(v, "layer"),
            String(v, "service"),
            Int(v, "port"),
            Required(v, "protocol"),
            String(v, "portName"),
            Strings(v, "ingresses"),
            String(v, "profile"))
        {
            Routes = Strings(v, "routes"),
            LoadBalancer = String(v, "loadBalancer"),
        }).ToList();

        List<PlanIngress> FrontEnds(string list, string nameField) => Array(root, list).Select(i => new PlanIngress(
            Required(i, nameField),
            String(i, "ingressClass"),
            i.TryGetProperty("tls", out var tls) && tls.ValueKind == JsonValueKind.True,
            Required(i, "virtualServer"),
            Array(i, "backends").Select(b => new PlanBackend(Required(b, "service"), String(b, "port"), String(b, "host"), String(b, "path"), String(b, "serviceType"))).ToList())).ToList();
        var ingresses = FrontEnds("ingresses", "ingress");

        var conflicts = Array(root, "conflicts").Select(c => new PlanConflict(
            Required(c, "ingress"),
            Required(c, "service"),
            String(c, "fieldPath") ?? "",
            String(c, "host"),
            String(c, "path"),
            String(c, "l4Persistence") ?? PlanProfile.SourceIp,
            String(c, "l4Source") ?? "l4_persistence",
            String(c, "l7Persistence") ?? PlanProfile.Cookie,
            String(c, "file"),
            OptionalInt(c, "line"),
            c.TryGetProperty("suppressed", out var suppressed) && suppressed.ValueKind == JsonValueKind.True)
        {
            Kind = String(c, "kind") ?? "Ingress",
            LoadBalancer = String(c, "loadBalancer"),
        }).ToList();

        var skipped = Array(root, "skipped").Select(s => new PlanSkippedIngress(Required(s, "ingress"), String(s, "ingressClass"), String(s, "reason") ?? "") { Kind = String(s, "kind") ?? "Ingress" }).ToList();
        return new PlanCluster(key, name, configuration, scope, ncpConfig, profiles, servers, ingresses, conflicts, skipped)
        {
            NcpVersion = String(root, "ncpVersion"),
            NativeLoadBalancer = !(root.TryGetProperty("nativeLoadBalancer", out var native) && native.ValueKind == JsonValueKind.False),
            Routes = FrontEnds("routes", "route"),
            LoadBalancers = Array(root, "loadBalancers").Select(l => new PlanLoadBalancer(
                Required(l, "loadBalancer"),
                String(l, "size") ?? "SMALL",
                !(l.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.False),
                String(l, "reason"),
                String(l, "virtualIP"),
                String(l, "affinity"),
                OptionalLong(l, "timeoutSeconds"),
                String(l, "profile"),
                Strings(l, "virtualServers"),
                Strings(l, "ingresses"))).ToList(),
            Capacity = root.TryGetProperty("capacity", out var capacity) && capacity.ValueKind == JsonValueKind.Object
                ? new PlanCapacity(
                    String(capacity, "serviceSize") ?? "SMALL",
                    capacity.TryGetProperty("origin", out var o) && o.ValueKind == JsonValueKind.Object
                        ? new PlanOrigin(String(o, "kind") ?? PlanOrigin.DefaultKind, String(o, "file"), OptionalInt(o, "line"), String(o, "name"))
                        : PlanOrigin.Default,
                    !(capacity.TryGetProperty("autoScaling", out var scaling) && scaling.ValueKind == JsonValueKind.False),
                    OptionalLong(capacity, "maxAllowedVirtualServers"),
                    Int(capacity, "layer4VirtualServers"),
                    Int(capacity, "perLoadBalancer"),
                    Int(capacity, "loadBalancers"),
                    capacity.TryGetProperty("exceeded", out var exceeded) && exceeded.ValueKind == JsonValueKind.True)
                : null,
        };
    }

    /// <summary>An optional whole number (a line); anything else, such as 1.5, is a format error, never an exception.</summary>
    private static int? OptionalInt(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new PlanFormatException($"'{name}' is not an integer");
    }

    private static long? OptionalLong(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Long(parent, name) : null;

    private static PlanSetting? OptionalSetting(JsonElement config, string name, string key) =>
        config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? Setting(config, name, key) : null;

    private static PlanSetting Setting(JsonElement config, string name, string key)
    {
        var setting = Object(config, name);
        var effective = setting.TryGetProperty("effective", out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw new PlanFormatException($"ncpConfig.{name}.effective has an unexpected type"),
        } : null;
        var origin = setting.TryGetProperty("origin", out var o) && o.ValueKind == JsonValueKind.Object
            ? new PlanOrigin(String(o, "kind") ?? PlanOrigin.DefaultKind, String(o, "file"), OptionalInt(o, "line"), String(o, "name"))
            : PlanOrigin.Default;
        return new PlanSetting(String(setting, "key") ?? key, String(setting, "value"), effective, origin);
    }

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new PlanFormatException($"'{name}' is missing or not an object");

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return System.Array.Empty<JsonElement>();
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new PlanFormatException($"'{name}' is not an array");
        }

        var items = value.EnumerateArray().ToList();
        if (items.Any(i => i.ValueKind != JsonValueKind.Object))
        {
            throw new PlanFormatException($"'{name}' holds an item that is not an object");
        }

        return items;
    }

    private static IReadOnlyList<string> Strings(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return System.Array.Empty<string>();
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
        {
            throw new PlanFormatException($"'{name}' is not an array of strings");
        }

        return value.EnumerateArray().Select(i => i.GetString()!).ToList();
    }

    private static string? String(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new PlanFormatException($"'{name}' is not a string");
    }

    private static string Required(JsonElement parent, string name) =>
        String(parent, name) ?? throw new PlanFormatException($"'{name}' is missing");

    private static long Long(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new PlanFormatException($"'{name}' is missing or not an integer");

    private static int Int(JsonElement parent, string name)
    {
        var number = Long(parent, name);
        return number is >= int.MinValue and <= int.MaxValue ? (int)number : throw new PlanFormatException($"'{name}' is out of range");
    }

    private sealed class PlanFormatException : Exception
    {
        public PlanFormatException(string message)
            : base(message)
        {
        }
    }
}
