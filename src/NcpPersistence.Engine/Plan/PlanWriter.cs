using System.Globalization;
using System.Text;
using System.Text.Json;
using NcpPersistence.Model;
using NcpPersistence.Output;

namespace NcpPersistence.Plan;

/// <summary>
/// Writes <c>nsx-profile-plan.json</c> and <c>nsx-profile-plan.md</c>. Properties are written in a
/// fixed order with <see cref="Utf8JsonWriter"/> (no reflection, no dictionary order), lines end
/// with <c>\n</c> on every OS, and nothing depends on the clock or the machine.
/// </summary>
public static class PlanWriter
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the artifacts that have a path, through <see cref="AtomicFile"/>, streamed to the file as they are
    /// rendered (neither is ever held whole in memory); returns the paths rewritten.
    /// </summary>
    public static IReadOnlyList<string> Write(NsxProfilePlan plan, string? jsonPath, string? markdownPath)
    {
        var written = new List<string>();
        if (jsonPath is not null && AtomicFile.WriteIfChanged(jsonPath, stream => WriteJson(plan, stream)))
        {
            written.Add(jsonPath);
        }

        if (markdownPath is not null && AtomicFile.WriteIfChanged(markdownPath, stream => WriteMarkdown(plan, stream)))
        {
            written.Add(markdownPath);
        }

        return written;
    }

    public static string ToJson(NsxProfilePlan plan)
    {
        using var stream = new MemoryStream();
        WriteJson(plan, stream);
        return Utf8NoBom.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Streams the plan's JSON (UTF-8, LF line ends, final newline) to <paramref name="stream"/>.</summary>
    public static void WriteJson(NsxProfilePlan plan, Stream stream)
    {
        // Utf8JsonWriter indents with Environment.NewLine; string values never hold a raw line break (it escapes them),
        // so dropping every raw CR byte gives LF line ends on every OS.
        var target = Environment.NewLine == "\n" ? stream : new CarriageReturnDropper(stream);
        using (var json = new Utf8JsonWriter(target, new JsonWriterOptions
        {
            Indented = true,

            // The plan is a file, never inlined in HTML: keep quotes and non-ASCII readable. Control characters and '"' are still escaped.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteString("schemaVersion", plan.SchemaVersion);
            WriteSummary(json, plan.Summary);
            WriteArray(json, "clusters", plan.Clusters, WriteCluster);
            if (plan.Delta is { } delta)
            {
                WriteDelta(json, delta);
            }

            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>Streams the plan's Markdown (UTF-8, no BOM) to <paramref name="stream"/>.</summary>
    public static void WriteMarkdown(NsxProfilePlan plan, Stream stream)
    {
        using var text = new StreamWriter(stream, Utf8NoBom, bufferSize: 64 * 1024, leaveOpen: true);
        PlanMarkdown.Render(plan, text);
    }

    private static void WriteCluster(Utf8JsonWriter json, PlanCluster cluster)
    {
        json.WriteStartObject();
        json.WriteString("key", cluster.Key);
        WriteNullableString(json, "name", cluster.Name);
        if (cluster.Configuration is { } configuration)
        {
            json.WriteStartObject("configuration");
            WriteNullableString(json, "file", configuration.File);
            WriteNullableNumber(json, "line", configuration.Line);

            WriteNullableString(json, "configMap", configuration.Name);
            WriteNullableString(json, "format", configuration.Format);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("configuration");
        }

        WriteNullableString(json, "scope", cluster.Scope);
        WriteNullableString(json, "ncpVersion", cluster.NcpVersion);
        json.WriteBoolean("nativeLoadBalancer", cluster.NativeLoadBalancer);
        WriteSummary(json, cluster.Summary);
        WriteNcpConfig(json, cluster.NcpConfig);
        if (cluster.Capacity is { } capacity)
        {
            WriteCapacity(json, capacity);
        }

        WriteArray(json, "profiles", cluster.Profiles, WriteProfile);
        WriteArray(json, "virtualServers", cluster.VirtualServers, WriteVirtualServer);
        WriteArray(json, "ingresses", cluster.Ingresses, WriteIngress);
        WriteArray(json, "routes", cluster.Routes, (j, r) => WriteIngress(j, r, "route"));
        WriteArray(json, "loadBalancers", cluster.LoadBalancers, WriteLoadBalancer);
        WriteArray(json, "conflicts", cluster.Conflicts, WriteConflict);
        WriteArray(json, "skipped", cluster.Skipped, WriteSkipped);
        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, PlanSummary summary)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("profiles", summary.Profiles);
        json.WriteNumber("sharedProfiles", summary.SharedProfiles);
        json.WriteNumber("dedicatedProfiles", summary.DedicatedProfiles);
        json.WriteNumber("layer7Profiles", summary.Layer7Profiles);
        json.WriteNumber("virtualServers", summary.VirtualServers);
        json.WriteNumber("layer4VirtualServers", summary.Layer4VirtualServers);
        json.WriteNumber("layer7VirtualServers", summary.Layer7VirtualServers);
        json.WriteNumber("loadBalancerServices", summary.LoadBalancerServices);
        json.WriteNumber("ncpIngresses", summary.NcpIngresses);
        json.WriteNumber("conflicts", summary.Conflicts);
        json.WriteNumber("skippedIngresses", summary.SkippedIngresses);
        json.WriteNumber("ncpRoutes", summary.NcpRoutes);
        json.WriteNumber("loadBalancerResources", summary.LoadBalancerResources);
        json.WriteEndObject();
    }

    private static void WriteCapacity(Utf8JsonWriter json, PlanCapacity capacity)
    {
        json.WriteStartObject("capacity");
        json.WriteString("serviceSize", capacity.ServiceSize);
        WriteOrigin(json, capacity.ServiceSizeOrigin);
        json.WriteBoolean("autoScaling", capacity.AutoScaling);
        WriteNullableNumber(json, "maxAllowedVirtualServers", capacity.MaxAllowedVirtualServers);
        json.WriteNumber("layer4VirtualServers", capacity.Layer4VirtualServers);
        json.WriteNumber("perLoadBalancer", capacity.PerLoadBalancer);
        json.WriteNumber("loadBalancers", capacity.LoadBalancers);
        json.WriteBoolean("exceeded", capacity.Exceeded);
        json.WriteEndObject();
    }

    private static void WriteLoadBalancer(Utf8JsonWriter json, PlanLoadBalancer loadBalancer)
    {
        json.WriteStartObject();
        json.WriteString("loadBalancer", loadBalancer.LoadBalancer);
        json.WriteString("size", loadBalancer.Size);
        json.WriteBoolean("active", loadBalancer.Active);
        WriteNullableString(json, "reason", loadBalancer.Reason);
        WriteNullableString(json, "virtualIP", loadBalancer.VirtualIp);
        WriteNullableString(json, "affinity", loadBalancer.Affinity);
        WriteNullableNumber(json, "timeoutSeconds", loadBalancer.TimeoutSeconds);
        WriteNullableString(json, "profile", loadBalancer.Profile);
        WriteStrings(json, "virtualServers", loadBalancer.VirtualServers);
        WriteStrings(json, "ingresses", loadBalancer.Ingresses);
        json.WriteEndObject();
    }

    private static void WriteNcpConfig(Utf8JsonWriter json, PlanNcpConfig config)
    {
        json.WriteStartObject("ncpConfig");
        WriteSetting(json, "l4Persistence", config.L4Persistence, numeric: false);
        WriteSetting(json, "l7Persistence", config.L7Persistence, numeric: false);
        WriteSetting(json, "cookieName", config.CookieName, numeric: false);
        WriteSetting(json, "l7PersistenceTimeout", config.L7PersistenceTimeout, numeric: true);
        foreach (var (field, setting) in config.Gates())
        {
            if (setting is not null)
            {
                WriteSetting(json, field, setting, numeric: field == "maxAllowedVirtualServers");
            }
        }

        json.WriteEndObject();
    }

    private static void WriteSetting(Utf8JsonWriter json, string name, PlanSetting setting, bool numeric)
    {
        json.WriteStartObject(name);
        json.WriteString("key", setting.Key);
        WriteNullableString(json, "value", setting.Value);
        if (numeric && long.TryParse(setting.Effective, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            json.WriteNumber("effective", number);
        }
        else
        {
            WriteNullableString(json, "effective", setting.Effective);
        }

        WriteOrigin(json, setting.Origin);
        json.WriteEndObject();
    }

    private static void WriteOrigin(Utf8JsonWriter json, PlanOrigin origin)
    {
        json.WriteStartObject("origin");
        json.WriteString("kind", origin.Kind);
        WriteNullableString(json, "file", origin.File);
        WriteNullableNumber(json, "line", origin.Line);

        WriteNullableString(json, "name", origin.Name);
        json.WriteEndObject();
    }

    private static void WriteProfile(Utf8JsonWriter json, PlanProfile profile)
    {
        json.WriteStartObject();
        if (profile.Cluster is { } cluster)
        {
            json.WriteString("cluster", cluster);
        }

        json.WriteString("id", profile.Id);
        json.WriteNumber("layer", profile.Layer);
        json.WriteString("type", profile.Type);
        json.WriteNumber("timeoutSeconds", profile.TimeoutSeconds);
        json.WriteBoolean("shared", profile.Shared);
        if (profile.Layer == 7 && profile.Type == PlanProfile.Cookie)
        {
            WriteNullableString(json, "cookieName", profile.CookieName);
        }

        if (profile.Layer == 4)
        {
            WriteStrings(json, "services", profile.Services);
        }
        else
        {
            WriteStrings(json, "ingresses", profile.Ingresses);
            WriteStrings(json, "routes", profile.Routes);
            if (profile.LoadBalancer is { } loadBalancer)
            {
                json.WriteString("loadBalancer", loadBalancer);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteVirtualServer(Utf8JsonWriter json, PlanVirtualServer server)
    {
        json.WriteStartObject();
        if (server.Cluster is { } cluster)
        {
            json.WriteString("cluster", cluster);
        }

        json.WriteString("id", server.Id);
        json.WriteNumber("layer", server.Layer);
        if (server.Layer == 4)
        {
            json.WriteString("service", server.Service);
        }

        json.WriteNumber("port", server.Port);
        json.WriteString("protocol", server.Protocol);
        if (server.Layer == 4)
        {
            WriteNullableString(json, "portName", server.PortName);
        }
        else
        {
            WriteStrings(json, "ingresses", server.Ingresses);
            WriteStrings(json, "routes", server.Routes);
            if (server.LoadBalancer is { } loadBalancer)
            {
                json.WriteString("loadBalancer", loadBalancer);
            }
        }

        WriteNullableString(json, "profile", server.Profile);
        json.WriteEndObject();
    }

    private static void WriteIngress(Utf8JsonWriter json, PlanIngress ingress) => WriteIngress(json, ingress, "ingress");

    private static void WriteIngress(Utf8JsonWriter json, PlanIngress ingress, string nameField)
    {
        json.WriteStartObject();
        json.WriteString(nameField, ingress.Ingress);
        if (nameField == "ingress")
        {
            WriteNullableString(json, "ingressClass", ingress.IngressClass);
        }

        json.WriteBoolean("tls", ingress.Tls);
        json.WriteString("virtualServer", ingress.VirtualServer);
        json.WriteStartArray("backends");
        foreach (var backend in ingress.Backends)
        {
            json.WriteStartObject();
            json.WriteString("service", backend.Service);
            WriteNullableString(json, "port", backend.Port);
            WriteNullableString(json, "host", backend.Host);
            WriteNullableString(json, "path", backend.Path);
            WriteNullableString(json, "serviceType", backend.ServiceType);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteConflict(Utf8JsonWriter json, PlanConflict conflict)
    {
        json.WriteStartObject();
        if (conflict.Cluster is { } cluster)
        {
            json.WriteString("cluster", cluster);
        }

        json.WriteString("ruleId", "NCP3001");
        json.WriteString("kind", conflict.Kind);
        json.WriteString("ingress", conflict.Ingress);
        json.WriteString("service", conflict.Service);
        json.WriteString("fieldPath", conflict.FieldPath);
        WriteNullableString(json, "host", conflict.Host);
        WriteNullableString(json, "path", conflict.Path);
        json.WriteString("l4Persistence", conflict.L4Persistence);
        json.WriteString("l4Source", conflict.L4Source);
        json.WriteString("l7Persistence", conflict.L7Persistence);
        WriteNullableString(json, "file", conflict.File);
        WriteNullableNumber(json, "line", conflict.Line);

        json.WriteBoolean("suppressed", conflict.Suppressed);
        if (conflict.LoadBalancer is { } loadBalancer)
        {
            json.WriteString("loadBalancer", loadBalancer);
        }

        json.WriteEndObject();
    }

    private static void WriteSkipped(Utf8JsonWriter json, PlanSkippedIngress skipped)
    {
        json.WriteStartObject();
        if (skipped.Cluster is { } cluster)
        {
            json.WriteString("cluster", cluster);
        }

        json.WriteString("kind", skipped.Kind);
        json.WriteString("ingress", skipped.Ingress);
        WriteNullableString(json, "ingressClass", skipped.IngressClass);
        json.WriteString("reason", skipped.Reason);
        json.WriteEndObject();
    }

    private static void WriteDelta(Utf8JsonWriter json, PlanDelta delta)
    {
        json.WriteStartObject("delta");
        json.WriteString("status", delta.Status);
        WriteNullableString(json, "message", delta.Message);
        json.WriteStartObject("summary");
        json.WriteNumber("profilesAdded", delta.ProfilesAdded.Count);
        json.WriteNumber("profilesRemoved", delta.ProfilesRemoved.Count);
        json.WriteNumber("profilesChanged", delta.ProfilesChanged.Count);
        json.WriteNumber("dedicatedProfilesAdded", delta.ProfilesAdded.Count(p => p.IsDedicated));
        json.WriteNumber("dedicatedProfilesRemoved", delta.ProfilesRemoved.Count(p => p.IsDedicated));
        json.WriteNumber("virtualServersAdded", delta.VirtualServersAdded.Count);
        json.WriteNumber("virtualServersRemoved", delta.VirtualServersRemoved.Count);
        json.WriteNumber("virtualServersChanged", delta.VirtualServersChanged.Count);
        json.WriteNumber("conflictsAdded", delta.ConflictsAdded.Count);
        json.WriteNumber("conflictsResolved", delta.ConflictsResolved.Count);
        json.WriteEndObject();

        WriteArray(json, "ncpConfig", delta.ConfigChanges, WriteFieldChange);

        json.WriteStartObject("profiles");
        WriteArray(json, "added", delta.ProfilesAdded, WriteProfile);
        WriteArray(json, "removed", delta.ProfilesRemoved, WriteProfile);
        WriteArray(json, "changed", delta.ProfilesChanged, WriteObjectChange);
        json.WriteEndObject();

        json.WriteStartObject("virtualServers");
        WriteArray(json, "added", delta.VirtualServersAdded, WriteVirtualServer);
        WriteArray(json, "removed", delta.VirtualServersRemoved, WriteVirtualServer);
        WriteArray(json, "changed", delta.VirtualServersChanged, WriteObjectChange);
        json.WriteEndObject();

        json.WriteStartObject("conflicts");
        WriteArray(json, "added", delta.ConflictsAdded, WriteConflict);
        WriteArray(json, "resolved", delta.ConflictsResolved, WriteConflict);
        json.WriteEndObject();

        json.WriteStartObject("skipped");
        WriteArray(json, "added", delta.SkippedAdded, WriteSkipped);
        WriteArray(json, "removed", delta.SkippedRemoved, WriteSkipped);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteObjectChange(Utf8JsonWriter json, PlanObjectChange change)
    {
        json.WriteStartObject();
        if (change.Cluster is { } cluster)
        {
            json.WriteString("cluster", cluster);
        }

        json.WriteString("id", change.Id);
        WriteArray(json, "changes", change.Changes, WriteFieldChange);
        WriteStrings(json, "bound", change.BoundAdded);
        WriteStrings(json, "unbound", change.BoundRemoved);
        json.WriteEndObject();
    }

    private static void WriteFieldChange(Utf8JsonWriter json, PlanFieldChange change)
    {
        json.WriteStartObject();
        if (change.Cluster is { } cluster)
        {
            json.WriteString("cluster", cluster);
        }

        json.WriteString("field", change.Field);
        WriteNullableString(json, "before", change.Before);
        WriteNullableString(json, "after", change.After);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>The plan for a pull-request reader: what changed (with a baseline), a summary line, tables and a Mermaid diagram.</summary>
    public static string ToMarkdown(NsxProfilePlan plan) => PlanMarkdown.Render(plan);

    /// <summary>"1 shared and 2 dedicated layer-4 persistence profiles, 1 layer-7 persistence profile, 3 virtual servers, 1 conflict, 0 skipped Ingresses".</summary>
    public static string SummaryLine(NsxProfilePlan plan) => SummaryLine(plan.Summary);

    public static string SummaryLine(PlanSummary s)
    {
        return $"{s.SharedProfiles} shared and {s.DedicatedProfiles} dedicated layer-4 persistence profiles, "
            + $"{s.Layer7Profiles} layer-7 persistence {Plural(s.Layer7Profiles, "profile", "profiles")}, "
            + $"{s.VirtualServers} virtual {Plural(s.VirtualServers, "server", "servers")}, "
            + $"{s.Conflicts} {Plural(s.Conflicts, "conflict", "conflicts")}, "
            + $"{s.SkippedIngresses} skipped {Plural(s.SkippedIngresses, "Ingress", "Ingresses")}";
    }

    internal static string Plural(int count, string one, string many) => count == 1 ? one : many;

    private static void WriteArray<T>(Utf8JsonWriter json, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            write(json, item);

            // Utf8JsonWriter buffers until it is flushed: hand what it has to the file now and then.
            if (json.BytesPending > FlushThreshold)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
    }

    private const int FlushThreshold = 64 * 1024;

    /// <summary>Passes bytes through without the CR bytes (see <see cref="WriteJson"/>).</summary>
    private sealed class CarriageReturnDropper : Stream
    {
        private readonly Stream inner;

        public CarriageReturnDropper(Stream inner) => this.inner = inner;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                var cr = buffer.IndexOf((byte)'\r');
                inner.Write(cr < 0 ? buffer : buffer.Slice(0, cr));
                buffer = cr < 0 ? default : buffer.Slice(cr + 1);
            }
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
