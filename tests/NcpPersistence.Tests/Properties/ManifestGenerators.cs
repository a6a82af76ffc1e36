using FsCheck;
using FsCheck.Fluent;

namespace NcpPersistence.Tests.Properties;

/// <summary>FsCheck generators (and a shrinker) for <see cref="ManifestSet"/>.</summary>
public static class ManifestGenerators
{
    /// <summary>Small pools, so that Ingress backends usually name a Service that exists.</summary>
    public static readonly string[] ServiceNames = { "tea-svc", "coffee-svc", "cart", "web" };

    public const string MissingService = "ghost-svc";

    private static readonly string[] EffectiveNamespaces = { "default", "shop" };

    /// <summary>For FsCheck.NUnit's <c>[Property(Arbitrary = ...)]</c>.</summary>
    public static Arbitrary<ManifestSet> ManifestSetArbitrary() => Arb.From(ManifestSets, Shrink);

    public static Gen<ManifestSet> ManifestSets =>
        from config in Configs
        from services in Services
        from ingresses in Ingresses(services)
        from extras in Gen.ListOf(Gen.Elements(Enum.GetValues<ExtraKind>())).Select(l => l.Take(5).ToList())
        from seed in Gen.Choose(0, int.MaxValue)
        select new ManifestSet(config, services, ingresses, extras, seed);

    public static Gen<NcpConfigModel> Configs =>
        from l4 in Weighted((5, "source_ip"), (2, "none"), (1, "None"), (2, null))
        from l7 in Weighted((6, "cookie"), (2, "source_ip"), (2, "none"), (1, "NONE"), (2, null))
        from cookieName in Weighted((6, null), (1, "JSESSIONID"), (1, "ncp-affinity"))
        from timeout in Weighted((6, null), (1, "3600"), (1, "10800"))
        from coe in Gen.Elements(true, false)
        select new NcpConfigModel(l4, l7, cookieName, timeout, coe);

    /// <summary>0 to 7 Services with unique effective namespace/name pairs, in random order.</summary>
    public static Gen<List<ServiceModel>> Services =>
        from keys in Gen.Shuffle(EffectiveNamespaces.SelectMany(ns => ServiceNames.Select(name => (ns, name))))
        from count in Gen.Frequency((1, Gen.Choose(0, 1)), (4, Gen.Choose(2, 7)))
        from services in Gen.CollectToList(keys.Take(count), key => Service(key.ns, key.name))
        select services;

    public static Gen<ServiceModel> Service(string effectiveNamespace, string name) =>
        from ns in effectiveNamespace == "default" ? Gen.Elements<string?>(null, "default") : Gen.Constant<string?>(effectiveNamespace)
        from type in Weighted((10, "LoadBalancer"), (3, "ClusterIP"), (3, "NodePort"), (3, null))
        from affinity in Weighted((4, "None"), (7, "ClientIP"), (6, null), (1, "clientip"), (1, "ClientIp"), (1, "none"))
        from timeout in Gen.Frequency(
            (affinity == "ClientIP" ? 4 : 7, Gen.Constant<long?>(null)),
            (affinity == "ClientIP" ? 6 : 3, Gen.Elements<long?>(0, 1, 60, 3600, 3600, 10800, 86400, 86401, 100000)))
        from ports in Gen.SubListOf(80, 443, 8080).Where(p => p.Count > 0)
        select new ServiceModel(ns, name, type, affinity, timeout, ports.ToList());

    /// <summary>
    /// 0 to 4 Ingresses named <c>ing-0</c>, <c>ing-1</c>, ... (so never duplicates), mostly in the
    /// namespace of one of <paramref name="services"/> and mostly routing to them.
    /// </summary>
    public static Gen<List<IngressModel>> Ingresses(IReadOnlyList<ServiceModel> services) =>
        from count in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 4)))
        from ingresses in Gen.CollectToList(Enumerable.Range(0, count), i => Ingress(i, services))
        select ingresses;

    public static Gen<IngressModel> Ingress(int index, IReadOnlyList<ServiceModel> services) =>
        from ns in services.Count == 0
            ? Gen.Elements<string?>(null, "default", "shop")
            : Gen.Frequency((3, Gen.Elements(services.Select(s => s.Namespace).ToArray())), (1, Gen.Elements<string?>(null, "default", "shop")))
        let backend = Backend(services.Where(s => s.EffectiveNamespace == (ns ?? "default")).Select(s => s.Name).ToArray())
        from apiVersion in Gen.Elements("extensions/v1beta1", "networking.k8s.io/v1beta1", IngressModel.V1, IngressModel.V1)
        from classWay in Gen.Frequency((4, Gen.Constant(ClassWay.None)), (3, Gen.Constant(ClassWay.Annotation)), (3, Gen.Constant(ClassWay.Field)))
        from classValue in Gen.Frequency((3, Gen.Constant("nsx")), (1, Gen.Constant("nginx")))
        from defaultBackend in Gen.Frequency((3, Gen.Constant<BackendModel?>(null)), (2, backend.Select(b => (BackendModel?)b)))
        from ruleCount in Gen.Choose(defaultBackend is null ? 1 : 0, 2)
        from rules in Gen.ListOf(Rule(backend), ruleCount)
        from tls in Gen.Frequency((7, Gen.Constant(false)), (3, Gen.Constant(true)))
        select new IngressModel(ns, $"ing-{index}", apiVersion, classWay, classValue, defaultBackend, rules.ToList(), tls);

    public static Gen<RuleModel> Rule(Gen<BackendModel> backends) =>
        from host in Gen.Elements<string?>(null, "cafe.example.com", "shop.example.com")
        from pathCount in Gen.Choose(1, 2)
        from paths in Gen.ListOf(
            from path in Gen.Elements("/", "/tea", "/coffee", "/api")
            from backend in backends
            select new PathModel(path, backend), pathCount)
        select new RuleModel(host, paths.ToList());

    /// <summary>A backend naming one of <paramref name="nearby"/> (Services in the Ingress's namespace), any pooled name, or a missing Service.</summary>
    public static Gen<BackendModel> Backend(string[] nearby) =>
        from name in nearby.Length == 0
            ? Gen.Frequency((5, Gen.Elements(ServiceNames)), (1, Gen.Constant(MissingService)))
            : Gen.Frequency((5, Gen.Elements(nearby)), (2, Gen.Elements(ServiceNames)), (1, Gen.Constant(MissingService)))
        from port in Gen.Elements(80, 8080)
        from portName in Weighted((6, null), (1, "http"))
        select new BackendModel(name, port, portName);

    /// <summary>Smaller sets: one Service, Ingress, extra document, rule or path less, or a config key unset.</summary>
    public static IEnumerable<ManifestSet> Shrink(ManifestSet set)
    {
        for (var i = 0; i < set.Services.Count; i++)
        {
            yield return set with { Services = Without(set.Services, i) };
        }

        for (var i = 0; i < set.Ingresses.Count; i++)
        {
            yield return set with { Ingresses = Without(set.Ingresses, i) };
        }

        for (var i = 0; i < set.Extras.Count; i++)
        {
            yield return set with { Extras = Without(set.Extras, i) };
        }

        for (var i = 0; i < set.Ingresses.Count; i++)
        {
            foreach (var smaller in ShrinkIngress(set.Ingresses[i]))
            {
                yield return set with { Ingresses = set.Ingresses.Select((ing, j) => j == i ? smaller : ing).ToList() };
            }
        }

        var config = set.Config;
        if (config.CookieName is not null)
        {
            yield return set with { Config = config with { CookieName = null } };
        }

        if (config.L7Timeout is not null)
        {
            yield return set with { Config = config with { L7Timeout = null } };
        }

        if (config.CoeSection)
        {
            yield return set with { Config = config with { CoeSection = false } };
        }
    }

    private static IEnumerable<IngressModel> ShrinkIngress(IngressModel ingress)
    {
        if (ingress.DefaultBackend is not null && ingress.Rules.Count > 0)
        {
            yield return ingress with { DefaultBackend = null };
        }

        for (var r = 0; r < ingress.Rules.Count; r++)
        {
            if (ingress.Rules.Count > 1 || ingress.DefaultBackend is not null)
            {
                yield return ingress with { Rules = Without(ingress.Rules, r) };
            }

            var rule = ingress.Rules[r];
            for (var p = 0; p < rule.Paths.Count && rule.Paths.Count > 1; p++)
            {
                var smaller = rule with { Paths = Without(rule.Paths, p) };
                yield return ingress with { Rules = ingress.Rules.Select((x, k) => k == r ? smaller : x).ToList() };
            }
        }

        if (ingress.Tls)
        {
            yield return ingress with { Tls = false };
        }
    }

    private static List<T> Without<T>(IReadOnlyList<T> items, int index) => items.Where((_, i) => i != index).ToList();

    private static Gen<string?> Weighted(params (int Weight, string? Value)[] choices) =>
        Gen.Frequency(choices.Select(c => (c.Weight, Gen.Constant(c.Value))).ToArray());
}
