using System.Globalization;
using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Output;
using NcpPersistence.Rules.Ingresses;
using NcpPersistence.Scoping;

namespace NcpPersistence.Plan;

/// <summary>
/// Computes the NSX profile plan from the NCP facts of each scope (<see cref="NcpView"/>), never from
/// diagnostics, so severity settings cannot change it: one cluster per scope. Only the last definition of a
/// duplicated Service or Ingress counts, as with <c>kubectl apply</c>.
/// </summary>
public static class PlanBuilder
{
    /// <summary>The plan, with its delta when <see cref="ReportOptions.BaselinePlanPath"/> is set (relative paths start at the analysis' base folder).</summary>
    public static NsxProfilePlan Build(AnalysisResult result, ReportOptions? report = null)
    {
        report ??= new ReportOptions();
        var suppressed = SuppressedConflicts(result);
        var clusters = result.Model.Scopes.Select(scope => BuildCluster(scope, report.SourceRoot, suppressed)).ToList();
        var plan = new NsxProfilePlan(NsxProfilePlan.CurrentSchemaVersion, clusters);
        if (report.BaselinePlanPath is { } baselinePath)
        {
            var full = Path.GetFullPath(baselinePath, result.Model.Options.BaseDirectory);
            var delta = PlanReader.TryReadFile(full, out var baseline, out var error)
                ? PlanDelta.Compute(plan, baseline!)
                : PlanDelta.UnavailableBecause(error!);
            plan = plan with { Delta = delta };
        }

        return plan;
    }

    private static PlanCluster BuildCluster(Scope scope, string sourceRoot, HashSet<string> suppressed)
    {
        var view = scope.View;
        var config = view.Effective;
        var native = view.NativeLoadBalancer;
        var services = view.EffectiveServices;
        var ingresses = view.EffectiveIngresses;
        var routes = view.EffectiveRoutes;
        var lastDefinitions = new HashSet<KubeObject>(ingresses.Cast<KubeObject>().Concat(routes), ReferenceEqualityComparer.Instance);

        // Layer 4: the shared default-timeout profile and one dedicated profile per non-default timeout (none without native load balancing).
        var loadBalancers = native ? services.Where(s => s.IsLoadBalancer).ToList() : new List<ServiceManifest>();
        var dedicatedIds = DedicatedProfileIds(loadBalancers.Where(s => view.L4(s).IsDedicated).ToList());
        var profiles = new List<PlanProfile>();
        var shared = loadBalancers.Where(s => view.L4(s) is { IsSourceIp: true, IsDedicated: false }).Select(s => s.Id.QualifiedName).ToList();
        if (shared.Count > 0)
        {
            profiles.Add(new PlanProfile(PlanProfile.SharedL4Id, 4, PlanProfile.SourceIp, NcpKeys.DefaultAffinityTimeout, true, null, shared, Array.Empty<string>()));
        }

        profiles.AddRange(dedicatedIds
            .OrderBy(pair => pair.Value, StringComparer.Ordinal)
            .Select(pair => new PlanProfile(pair.Value, 4, PlanProfile.SourceIp, view.L4(pair.Key).TimeoutSeconds, false, null, new[] { pair.Key.Id.QualifiedName }, Array.Empty<string>())));

        string? L4ProfileOf(ServiceManifest service) => view.L4(service) switch
        {
            { IsSourceIp: false } => null,
            { IsDedicated: true } => dedicatedIds[service],
            _ => PlanProfile.SharedL4Id,
        };

        // Layer 7: the Ingresses and Routes NCP serves, by where they are hosted; the others are skipped.
        var decisions = view.FrontEnds.Where(d => lastDefinitions.Contains(d.FrontEnd)).ToList();
        var handled = decisions.Where(d => d.Handled).ToList();
        var onDefault = handled.Where(d => d.Persistence?.Host == Layer7HostKind.Default).Select(d => d.FrontEnd).ToList();
        var skipped = decisions.Where(d => !d.Handled)
            .Select(d => new PlanSkippedIngress(d.FrontEnd.Id.QualifiedName, (d.FrontEnd as IngressManifest)?.ClassName, d.Reason ?? "not handled by NCP") { Kind = d.FrontEnd.Kind })
            .ToList();

        var l7ProfileId = !native ? null : config.L7 switch
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
                config.L7 == PersistenceKind.Cookie ? config.EffectiveCookieName : null,
                Array.Empty<string>(),
                Names(onDefault.OfType<IngressManifest>()))
            {
                Routes = Names(onDefault.OfType<RouteManifest>()),
            });
        }

        var servers = new List<PlanVirtualServer>();
        foreach (var service in loadBalancers)
        {
            var name = service.Id.QualifiedName;
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

        if (native)
        {
            servers.Add(Layer7Server(PlanVirtualServer.HttpId, 80, "HTTP", onDefault.Where(f => !f.HasTls).ToList(), l7ProfileId, null));
            servers.Add(Layer7Server(PlanVirtualServer.HttpsId, 443, "HTTPS", onDefault.Where(f => f.HasTls).ToList(), l7ProfileId, null));
        }

        // LoadBalancer resources: each its own pair of virtual servers and, with an affinity, its own profile.
        var planLoadBalancers = new List<PlanLoadBalancer>();
        foreach (var resource in view.EffectiveLoadBalancers)
        {
            var name = resource.Id.QualifiedName;
            var hosted = handled.Where(d => d.Persistence?.LoadBalancer is { } lb && lb.Id == resource.Id).Select(d => d.FrontEnd).ToList();
            var active = view.LoadBalancerCrd;
            string? profileId = null;
            var serverIds = new List<string>();
            if (active)
            {
                if (resource.Affinity is PersistenceKind.Cookie or PersistenceKind.SourceIp)
                {
                    var cookie = resource.Affinity == PersistenceKind.Cookie;
                    profileId = $"l7-{(cookie ? "cookie" : "source-ip")}-lb-{Sanitize(resource.Namespace + "-" + resource.Name)}";
                    profiles.Add(new PlanProfile(profileId, 7, cookie ? PlanProfile.Cookie : PlanProfile.SourceIp, resource.AffinityTimeoutSeconds, false, null, Array.Empty<string>(), Names(hosted.OfType<IngressManifest>()))
                    {
                        LoadBalancer = name,
                    });
                }

                var http = Layer7Server(PlanVirtualServer.LoadBalancerId(name, https: false), resource.HttpPort ?? LoadBalancerManifest.DefaultHttpPort, "HTTP", hosted.Where(f => !f.HasTls).ToList(), profileId, name);
                var https = Layer7Server(PlanVirtualServer.LoadBalancerId(name, https: true), resource.HttpsPort ?? LoadBalancerManifest.DefaultHttpsPort, "HTTPS", hosted.Where(f => f.HasTls).ToList(), profileId, name);
                servers.Add(http);
                servers.Add(https);
                serverIds.Add(http.Id);
                serverIds.Add(https.Id);
            }

            planLoadBalancers.Add(new PlanLoadBalancer(
                name,
                resource.EffectiveSize,
                active,
                active ? null : LoadBalancerInactiveReason(view),
                resource.VirtualIp,
                resource.Affinity is PersistenceKind.Cookie or PersistenceKind.SourceIp ? EffectiveNcpConfig.Describe(resource.Affinity) : null,
                resource.Affinity is PersistenceKind.Cookie or PersistenceKind.SourceIp ? resource.AffinityTimeoutSeconds : null,
                profileId,
                serverIds,
                Names(hosted)));
        }

        var resolved = view.Backends.ToDictionary(b => (b.FrontEnd, b.Backend), b => b.Services);
        PlanIngress Entry(FrontEndDecision decision)
        {
            var frontEnd = decision.FrontEnd;
            var https = frontEnd.HasTls;
            var server = decision.Persistence switch
            {
                { LoadBalancer: { } lb } => PlanVirtualServer.LoadBalancerId(lb.Id.QualifiedName, https),
                { Host: Layer7HostKind.UnknownLoadBalancer } => "unknown",
                _ => https ? PlanVirtualServer.HttpsId : PlanVirtualServer.HttpId,
            };
            return new PlanIngress(
                frontEnd.Id.QualifiedName,
                (frontEnd as IngressManifest)?.ClassName,
                https,
                server,
                frontEnd.Backends.Select(b => new PlanBackend(
                    frontEnd.Namespace is null ? b.ServiceName.Value : $"{frontEnd.Namespace}/{b.ServiceName.Value}",
                    b.Port,
                    b.Host,
                    b.Path,
                    resolved.TryGetValue((frontEnd, b), out var targets) && targets.Count > 0 ? targets[^1].Type?.Value ?? "ClusterIP" : null)).ToList());
        }

        var ingressEntries = handled.Where(d => d.FrontEnd is IngressManifest).Select(Entry).ToList();
        var routeEntries = handled.Where(d => d.FrontEnd is RouteManifest).Select(Entry).ToList();

        var conflicts = new Dictionary<string, PlanConflict>(StringComparer.Ordinal);
        foreach (var conflict in view.Conflicts.Where(c => lastDefinitions.Contains(c.FrontEnd)))
        {
            var location = conflict.Backend.ServiceName.Span;
            var entry = new PlanConflict(
                conflict.FrontEnd.Id.QualifiedName,
                conflict.Service.Id.QualifiedName,
                conflict.Backend.FieldPath,
                conflict.Backend.Host,
                conflict.Backend.Path,
                PlanProfile.SourceIp,
                conflict.L4.Source == L4PersistenceSource.SessionAffinity ? "sessionAffinity" : "l4_persistence",
                EffectiveNcpConfig.Describe(conflict.L7.Kind),
                RelativePath(location.File, sourceRoot),
                location.StartLine,
                suppressed.Contains(ConflictKey(location, conflict.Backend.FieldPath, conflict.FrontEnd.Id, conflict.Service.Id)))
            {
                Kind = conflict.FrontEnd.Kind,
                LoadBalancer = conflict.L7.LoadBalancer?.Id.QualifiedName,
            };
            conflicts.TryAdd(entry.Key, entry);
        }

        var orderedConflicts = conflicts.Values
            .OrderBy(c => c.Ingress, StringComparer.Ordinal)
            .ThenBy(c => c.Kind, StringComparer.Ordinal)
            .ThenBy(c => c.Service, StringComparer.Ordinal)
            .ThenBy(c => c.FieldPath, StringComparer.Ordinal)
            .ToList();

        var source = scope.Configuration.Source;
        var origin = source is null ? null : new PlanOrigin(PlanOrigin.FileKind, RelativePath(source.File, sourceRoot), source.Location?.StartLine ?? 1, source.ConfigMap?.Id.QualifiedName)
        {
            Format = source.Kind switch
            {
                NcpConfigKind.ConfigMap => "configMap",
                NcpConfigKind.OperatorConfigMap => "operatorConfigMap",
                NcpConfigKind.NetworkProfile => "networkProfile",
                _ => "ncp.ini",
            },
        };
        var capacity = view.Capacity;
        // The key names the scope in this plan's own terms (paths relative to the same root as every other path here).
        var key = scope.Cluster
            ?? (source is null ? scope.Key : RelativePath(source.File, sourceRoot) + (source.ConfigMap is { } configMap ? "#" + configMap.Id.QualifiedName : ""));
        return new PlanCluster(
            key,
            scope.Cluster,
            origin,
            scope.Folder is { } folder ? RelativePath(folder, sourceRoot) : null,
            NcpConfig(config, sourceRoot),
            profiles,
            servers,
            ingressEntries,
            orderedConflicts,
            skipped)
        {
            NcpVersion = scope.Configuration.Release?.Version.ToString(),
            NativeLoadBalancer = native,
            Routes = routeEntries,
            LoadBalancers = planLoadBalancers,
            Capacity = new PlanCapacity(
                capacity.ServiceSize,
                Origin(config.ServiceSizeSetting, sourceRoot),
                capacity.AutoScaling,
                capacity.MaxAllowedVirtualServers,
                capacity.Layer4VirtualServers,
                capacity.PerLoadBalancer,
                native ? capacity.LoadBalancers : 0,
                capacity.Exceeded),
        };
    }

    private static PlanVirtualServer Layer7Server(string id, int port, string protocol, IReadOnlyList<Layer7Manifest> hosted, string? profile, string? loadBalancer) =>
        new(id, 7, null, port, protocol, null, Names(hosted.OfType<IngressManifest>()), profile)
        {
            Routes = Names(hosted.OfType<RouteManifest>()),
            LoadBalancer = loadBalancer,
        };

    private static List<string> Names(IEnumerable<KubeObject> objects) => objects.Select(o => o.Id.QualifiedName).ToList();

    /// <summary>Why NCP ignores LoadBalancer resources under a configuration.</summary>
    internal static string LoadBalancerInactiveReason(NcpView view) =>
        !view.NativeLoadBalancer ? view.NoLoadBalancingReason()
        : !NcpRelease.Has(view.Effective.Release, NcpVersion.LoadBalancerCrd) ? $"the LoadBalancer CRD exists from NCP 2.5.1; this configuration runs {view.Effective.Release!.Describe()}"
        : "[k8s] enable_lb_crd is not True, so NCP does not act on LoadBalancer resources";

    /// <summary>The NCP3001 findings an in-source suppression covers (silenced ones are not suppressed: the plan shows them as they are).</summary>
    private static HashSet<string> SuppressedConflicts(AnalysisResult result)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in result.Diagnostics.Concat(result.Silenced))
        {
            if (diagnostic.Id == L4L7PersistenceConflictRule.Rule.Id && diagnostic.IsSuppressed && diagnostic.Location is { } location && diagnostic.Objects.Count >= 2)
            {
                keys.Add(ConflictKey(location, diagnostic.FieldPath, diagnostic.Objects[0], diagnostic.Objects[1]));
            }
        }

        return keys;
    }

    private static string ConflictKey(SourceSpan location, string fieldPath, ObjectId ingress, ObjectId service) =>
        $"{location.File}|{location.StartLine}|{location.StartColumn}|{fieldPath}|{ingress.DisplayName}|{service.DisplayName}";

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
                    ids[pair.Key] = pair.Value + "-" + ShortHash(pair.Key.Id.QualifiedName);
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

    private static PlanNcpConfig NcpConfig(EffectiveNcpConfig config, string sourceRoot)
    {
        PlanSetting Setting(NcpSetting setting, string? effective) => new(setting.Key, setting.Value, effective, Origin(setting, sourceRoot));
        string Bool(bool value) => value ? "true" : "false";
        return new PlanNcpConfig(
            Setting(config.L4Setting, EffectiveNcpConfig.Describe(config.L4)),
            Setting(config.L7Setting, EffectiveNcpConfig.Describe(config.L7)),
            Setting(config.CookieNameSetting, config.EffectiveCookieName),
            Setting(config.L7TimeoutSetting, config.L7Timeout.ToString(CultureInfo.InvariantCulture)))
        {
            UseNativeLoadBalancer = Setting(config.UseNativeLoadBalancerSetting, Bool(config.NativeLoadBalancer)),
            DefaultIngressClassNsx = Setting(config.DefaultIngressClassNsxSetting, Bool(config.DefaultIngressClassNsx)),
            EnableLbCrd = Setting(config.EnableLbCrdSetting, Bool(config.LoadBalancerCrd)),
            ServiceSize = Setting(config.ServiceSizeSetting, config.ServiceSize),
            L4LbAutoScaling = Setting(config.L4LbAutoScalingSetting, Bool(config.L4LbAutoScaling)),
            MaxAllowedVirtualServers = Setting(config.MaxAllowedVirtualServersSetting, config.MaxAllowedVirtualServers?.ToString(CultureInfo.InvariantCulture)),
        };
    }

    private static PlanOrigin Origin(NcpSetting setting, string sourceRoot) => setting.Origin switch
    {
        SettingOriginKind.File when setting.Span is { } span => new PlanOrigin(PlanOrigin.FileKind, RelativePath(span.File, sourceRoot), span.StartLine, null),
        SettingOriginKind.Override => new PlanOrigin(PlanOrigin.OverrideKind, setting.Span is { } span ? RelativePath(span.File, sourceRoot) : null, setting.Span?.StartLine, setting.OverrideName ?? "override"),
        _ => PlanOrigin.Default,
    };

    /// <summary>Repository-relative with forward slashes; a file outside the root keeps only its name (never an absolute path).</summary>
    internal static string RelativePath(string file, string sourceRoot)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(sourceRoot), Path.GetFullPath(file));
        return Path.IsPathRooted(relative) ? Path.GetFileName(file) : NcpPersistence.Output.PathText.ForwardSlashes(relative);
    }
}
