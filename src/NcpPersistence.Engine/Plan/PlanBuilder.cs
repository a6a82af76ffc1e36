using System.Globalization;
using NcpPersistence.Analysis;
using NcpPersistence.Model;
using NcpPersistence.Output;
using NcpPersistence.Rules.Ingresses;

namespace NcpPersistence.Plan;

/// <summary>
/// Computes the NSX profile plan from an analysis, with the shared semantics of
/// <see cref="PersistenceSemantics"/> (never by reading the YAML again). Only the last definition
/// of a duplicated Service or Ingress counts, as with <c>kubectl apply</c>.
/// </summary>
public static class PlanBuilder
{
    /// <summary>The plan, with its delta when <see cref="ReportOptions.BaselinePlanPath"/> is set.</summary>
    public static NsxProfilePlan Build(AnalysisResult result, ReportOptions? report = null)
    {
        report ??= new ReportOptions();
        var plan = BuildPlan(result, report.SourceRoot);
        if (report.BaselinePlanPath is { } baselinePath)
        {
            var full = Path.GetFullPath(baselinePath, report.SourceRoot);
            var delta = PlanReader.TryReadFile(full, out var baseline, out var error)
                ? PlanDelta.Compute(plan, baseline!)
                : PlanDelta.UnavailableBecause(error!);
            plan = plan with { Delta = delta };
        }

        return plan;
    }

    private static NsxProfilePlan BuildPlan(AnalysisResult result, string sourceRoot)
    {
        var model = result.Model;
        var config = model.Effective;

        var services = model.Services
            .Where(s => ReferenceEquals(model.FindService(s.Namespace, s.Name), s))
            .OrderBy(s => s.Ref.QualifiedName, StringComparer.Ordinal)
            .ToList();
        var ingresses = LastDefinitions(model.Ingresses);

        // Layer 4: the shared default-timeout profile and one dedicated profile per non-default timeout.
        var loadBalancers = services.Where(s => s.IsLoadBalancer).ToList();
        var persistence = loadBalancers.ToDictionary(s => s, s => PersistenceSemantics.L4For(s, config));
        var dedicatedIds = DedicatedProfileIds(loadBalancers.Where(s => persistence[s].IsDedicated).ToList());
        var profiles = new List<PlanProfile>();
        var shared = loadBalancers.Where(s => persistence[s] is { IsSourceIp: true, IsDedicated: false }).Select(s => s.Ref.QualifiedName).ToList();
        if (shared.Count > 0)
        {
            profiles.Add(new PlanProfile(PlanProfile.SharedL4Id, 4, PlanProfile.SourceIp, NcpKeys.DefaultAffinityTimeout, true, null, shared, Array.Empty<string>()));
        }

        profiles.AddRange(dedicatedIds
            .OrderBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => new PlanProfile(pair.Value, 4, PlanProfile.SourceIp, persistence[pair.Key].TimeoutSeconds, false, null, new[] { pair.Key.Ref.QualifiedName }, Array.Empty<string>())));

        string? L4ProfileOf(ServiceManifest service) => persistence[service] switch
        {
            { IsSourceIp: false } => null,
            { IsDedicated: true } => dedicatedIds[service],
            _ => PlanProfile.SharedL4Id,
        };

        // Layer 7: one profile for the shared HTTP and HTTPS virtual servers.
        var handled = new List<IngressManifest>();
        var skipped = new List<PlanSkippedIngress>();
        foreach (var ingress in ingresses)
        {
            var (isHandled, reason) = PersistenceSemantics.IsHandledByNcp(ingress, model.Options);
            if (isHandled)
            {
                handled.Add(ingress);
            }
            else
            {
                skipped.Add(new PlanSkippedIngress(ingress.Ref.QualifiedName, ingress.ClassName, reason ?? "not handled by NCP"));
            }
        }

        var l7ProfileId = config.L7 switch
        {
            PersistenceKind.Cookie => "l7-cookie",
            PersistenceKind.SourceIp => "l7-source-ip",
            _ => null,
        };
        if (l7ProfileId is not null)
        {
            profiles.Add(new PlanProfile(
                l7ProfileId,
                7,
                config.L7 == PersistenceKind.Cookie ? PlanProfile.Cookie : PlanProfile.SourceIp,
                config.L7Timeout,
                false,
                config.L7 == PersistenceKind.Cookie ? CookieName(config) : null,
                Array.Empty<string>(),
                handled.Select(i => i.Ref.QualifiedName).ToList()));
        }

        var servers = new List<PlanVirtualServer>();
        foreach (var service in loadBalancers)
        {
            var name = service.Ref.QualifiedName;
            var ports = service.Ports
                .Where(p => p.Port is not null)
                .GroupBy(p => (Port: p.Port!.Value, p.Protocol))
                .Select(g => g.First())
                .OrderBy(p => p.Port!.Value)
                .ThenBy(p => p.Protocol, StringComparer.Ordinal);
            foreach (var port in ports)
            {
                servers.Add(new PlanVirtualServer(PlanVirtualServer.L4Id(name, port.Port!.Value, port.Protocol), 4, name, port.Port.Value, port.Protocol, port.Name, Array.Empty<string>(), L4ProfileOf(service)));
            }
        }

        servers.Add(new PlanVirtualServer(PlanVirtualServer.HttpId, 7, null, 80, "HTTP", null, handled.Where(i => !i.HasTls).Select(i => i.Ref.QualifiedName).ToList(), l7ProfileId));
        servers.Add(new PlanVirtualServer(PlanVirtualServer.HttpsId, 7, null, 443, "HTTPS", null, handled.Where(i => i.HasTls).Select(i => i.Ref.QualifiedName).ToList(), l7ProfileId));

        var routes = handled.Select(i => new PlanIngress(
            i.Ref.QualifiedName,
            i.ClassName,
            i.HasTls,
            i.HasTls ? PlanVirtualServer.HttpsId : PlanVirtualServer.HttpId,
            i.Backends.Select(b => new PlanBackend(
                new KubeObjectRef("Service", i.Namespace, b.ServiceName.Value).QualifiedName,
                b.Port,
                b.Host,
                b.Path,
                model.FindService(i.Namespace, b.ServiceName.Value) is { } target ? target.Type?.Value ?? "ClusterIP" : null)).ToList())).ToList();
        var conflicts = Conflicts(result, ingresses, config, sourceRoot);
        return new NsxProfilePlan(NsxProfilePlan.CurrentSchemaVersion, NcpConfig(config, sourceRoot), profiles, servers, routes, conflicts, skipped);
    }

    /// <summary>The last definition of each Ingress, in <c>namespace/name</c> order.</summary>
    private static List<IngressManifest> LastDefinitions(IReadOnlyList<IngressManifest> ingresses)
    {
        var last = new Dictionary<string, IngressManifest>(StringComparer.Ordinal);
        foreach (var ingress in ingresses)
        {
            last[ingress.Ref.QualifiedName] = ingress;
        }

        return last.Values.OrderBy(i => i.Ref.QualifiedName, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// <c>l4-source-ip-&lt;namespace&gt;-&lt;name&gt;</c>, lower-case letters, digits and dashes. Should two
    /// Services map to the same id (<c>a-b/c</c> and <c>a/b-c</c>), each of them gets a short hash of
    /// its <c>namespace/name</c> appended, so ids stay unique and stable.
    /// </summary>
    internal static Dictionary<ServiceManifest, string> DedicatedProfileIds(IReadOnlyList<ServiceManifest> services)
    {
        var ids = services.ToDictionary(s => s, s => "l4-source-ip-" + Sanitize(s.Namespace + "-" + s.Name));
        foreach (var group in ids.GroupBy(pair => pair.Value, StringComparer.Ordinal).ToList())
        {
            if (group.Count() > 1 || group.Key == PlanProfile.SharedL4Id)
            {
                foreach (var pair in group)
                {
                    ids[pair.Key] = pair.Value + "-" + ShortHash(pair.Key.Ref.QualifiedName);
                }
            }
        }

        return ids;
    }

    private static string Sanitize(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' ? c : '-').ToArray();
        return new string(chars);
    }

    private static string ShortHash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0, 4).ToLowerInvariant();

    private static string? CookieName(EffectiveNcpConfig config) =>
        config.CookieNameSetting.IsSet ? config.CookieNameSetting.Value : null;

    private static PlanNcpConfig NcpConfig(EffectiveNcpConfig config, string sourceRoot)
    {
        PlanSetting Setting(NcpSetting setting, string? effective) => new(setting.Key, setting.Value, effective, Origin(setting, sourceRoot));
        return new PlanNcpConfig(
            Setting(config.L4Setting, EffectiveNcpConfig.Describe(config.L4)),
            Setting(config.L7Setting, EffectiveNcpConfig.Describe(config.L7)),
            Setting(config.CookieNameSetting, config.L7 == PersistenceKind.Cookie ? CookieName(config) : null),
            Setting(config.L7TimeoutSetting, config.L7Timeout.ToString(CultureInfo.InvariantCulture)));
    }

    private static PlanOrigin Origin(NcpSetting setting, string sourceRoot) => setting.Origin switch
    {
        SettingOriginKind.File when setting.Span is { } span => new PlanOrigin(PlanOrigin.FileKind, RelativePath(span.File, sourceRoot), span.StartLine, null),
        SettingOriginKind.Override => new PlanOrigin(PlanOrigin.OverrideKind, null, null, setting.OverrideName ?? "override"),
        _ => PlanOrigin.Default,
    };

    private static List<PlanConflict> Conflicts(AnalysisResult result, IReadOnlyList<IngressManifest> ingresses, EffectiveNcpConfig config, string sourceRoot)
    {
        var model = result.Model;
        var byName = ingresses.ToDictionary(i => i.Ref.QualifiedName, StringComparer.Ordinal);
        var conflicts = new Dictionary<string, PlanConflict>(StringComparer.Ordinal);
        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Id != L4L7PersistenceConflictRule.Rule.Id || diagnostic.Objects.Count < 2)
            {
                continue;
            }

            var ingressRef = diagnostic.Objects[0];
            var serviceRef = diagnostic.Objects[1];
            var backend = byName.TryGetValue(ingressRef.QualifiedName, out var ingress)
                ? ingress.Backends.FirstOrDefault(b => b.FieldPath == diagnostic.FieldPath)
                : null;
            var service = model.FindService(serviceRef.Namespace, serviceRef.Name);
            var l4 = service is null ? null : PersistenceSemantics.L4For(service, config);
            var conflict = new PlanConflict(
                ingressRef.QualifiedName,
                serviceRef.QualifiedName,
                diagnostic.FieldPath,
                backend?.Host,
                backend?.Path,
                PlanProfile.SourceIp,
                l4?.Source == L4PersistenceSource.SessionAffinity ? "sessionAffinity" : "l4_persistence",
                EffectiveNcpConfig.Describe(config.L7),
                diagnostic.Location is { } location ? RelativePath(location.File, sourceRoot) : null,
                diagnostic.Location?.StartLine,
                diagnostic.IsSuppressed);
            conflicts.TryAdd(conflict.Key, conflict);
        }

        return conflicts.Values
            .OrderBy(c => c.Ingress, StringComparer.Ordinal)
            .ThenBy(c => c.Service, StringComparer.Ordinal)
            .ThenBy(c => c.FieldPath, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Repository-relative with forward slashes; a file outside the root keeps only its name (never an absolute path).</summary>
    internal static string RelativePath(string file, string sourceRoot)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(sourceRoot), Path.GetFullPath(file));
        return Path.IsPathRooted(relative) ? Path.GetFileName(file) : NcpPersistence.Output.PathText.ForwardSlashes(relative);
    }
}
