using FsCheck.Fluent;

namespace NcpPersistence.Tests.Properties;

/// <summary>
/// The properties would pass vacuously on boring sets: these fixed-seed checks prove that the
/// generators produce sets the rules fire on, that the emitted YAML reads back as intended, and
/// that a broken layout would be caught.
/// </summary>
[TestFixture]
[Category("Properties")]
public sealed class GeneratorSanityTests
{
    private const int SampleCount = 100;

    private static readonly Lazy<List<(ManifestSet Set, List<string> Ids)>> Sample = new(() =>
    {
        var sets = ManifestGenerators.ManifestSets.Sample(size: 50, seed: new FsCheck.Rnd(20240801UL), numberOfSamples: SampleCount);
        return sets.Select(set =>
        {
            using var workspace = Workspace.Write(Layouts.OneFilePerDocument(set.Documents()));
            var result = workspace.Analyze();
            Findings.RequireValid(result, workspace);
            return (set, result.Diagnostics.Select(d => d.Id).ToList());
        }).ToList();
    });

    [TestCase("NCP3001")]
    [TestCase("NCP3002")]
    [TestCase("NCP2005")]
    [TestCase("NCP2003")]
    [TestCase("NCP2001")]
    [TestCase("NCP2002")]
    [TestCase("NCP2004")]
    [TestCase("NCP1004")]
    public void HundredGeneratedSets_TriggerTheRule(string id)
    {
        var sets = Sample.Value.Count(s => s.Ids.Contains(id));
        Assert.That(sets, Is.GreaterThanOrEqualTo(3), $"{id} fired in {sets} of {SampleCount} generated sets");
    }

    [Test]
    public void HundredGeneratedSets_AreMostlyNotClean()
    {
        var withFindings = Sample.Value.Count(s => s.Ids.Count > 0);
        Assert.That(withFindings, Is.GreaterThanOrEqualTo(SampleCount / 2));
    }

    [Test]
    public void HundredGeneratedSets_CoverTheShapes()
    {
        var ingresses = Sample.Value.SelectMany(s => s.Set.Ingresses).ToList();
        var services = Sample.Value.SelectMany(s => s.Set.Services).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ingresses.Select(i => i.ApiVersion).Distinct().Count(), Is.EqualTo(3), "API versions");
            Assert.That(ingresses.Select(i => i.ClassWay).Distinct().Count(), Is.EqualTo(3), "class annotation, field, none");
            Assert.That(ingresses.Any(i => i.Tls), "tls");
            Assert.That(ingresses.Any(i => i.DefaultBackend is not null && i.Rules.Count > 0), "default backend and rules");
            Assert.That(services.Select(s => s.Type).Distinct().Count(), Is.EqualTo(4), "Service types, unset included");
            Assert.That(services.Any(s => s.Namespace is null) && services.Any(s => s.Namespace == "default"), "implicit and explicit default namespace");
            Assert.That(Sample.Value.Any(s => s.Set.Services.Count == 0) && Sample.Value.Any(s => s.Set.Services.Count >= 5), "small and large sets");
        });
    }

    [Test]
    public void EmittedCafe_GivesExactlyTheConflict_InEveryIngressShape()
    {
        foreach (var apiVersion in new[] { "extensions/v1beta1", "networking.k8s.io/v1beta1", IngressModel.V1 })
        {
            var set = new ManifestSet(
                new NcpConfigModel("source_ip", "cookie", null, null, CoeSection: true),
                [new ServiceModel(null, "tea-svc", "LoadBalancer", null, null, [80])],
                [new IngressModel(null, "cafe", apiVersion, ClassWay.Annotation, "nsx", null, [new RuleModel("cafe.example.com", [new PathModel("/tea", new BackendModel("tea-svc", 80, null))])], Tls: false)],
                [],
                Seed: 1);
            using var workspace = Workspace.Write(Layouts.OneFile(set.Documents()));
            var diagnostics = workspace.Analyze().Diagnostics;
            var field = apiVersion == IngressModel.V1 ? "spec.rules[0].http.paths[0].backend.service.name" : "spec.rules[0].http.paths[0].backend.serviceName";
            Assert.That(diagnostics.Select(d => (d.Id, d.FieldPath)), Is.EqualTo(new[] { ("NCP3001", field) }), workspace.Dump());
            Assert.That(diagnostics[0].Objects.Select(o => o.DisplayName), Does.Contain("Ingress/default/cafe").And.Contain("Service/default/tea-svc"));
        }
    }

    [Test]
    public void KeyShuffling_ReallyReordersKeys_AndKeepsTheText()
    {
        var set = new ManifestSet(
            new NcpConfigModel("source_ip", "cookie", "JSESSIONID", "3600", CoeSection: false),
            [new ServiceModel("shop", "cart", "LoadBalancer", "ClientIP", 600, [80, 443])],
            [],
            [],
            Seed: 7);
        var files = Layouts.OneFile(set.Documents());
        var original = files[0].Text();
        var shuffled = Layouts.ShuffleKeys(files, new Random(3))[0].Text();
        Assert.That(shuffled, Is.Not.EqualTo(original));
        Assert.That(Sorted(shuffled), Is.EqualTo(Sorted(original)), "the same lines, only in another order");
        Assert.That(shuffled, Does.Contain("ncp.ini: |\n"));

        static List<string> Sorted(string text) => text.Split('\n').Select(l => l.Trim().TrimStart('-', ' ')).Order(StringComparer.Ordinal).ToList();
    }

    [Test]
    public void FindingsComparison_CatchesAChangedSet()
    {
        var set = new ManifestSet(
            new NcpConfigModel(null, "cookie", null, null, CoeSection: false),
            [],
            [new IngressModel("shop", "ing-0", IngressModel.V1, ClassWay.None, "nsx", new BackendModel("ghost-svc", 80, null), [], Tls: true)],
            [],
            Seed: 1);
        using var reference = Workspace.Write(Layouts.OneFile(set.Documents()));
        using var changed = Workspace.Write(Layouts.OneFile((set with { Ingresses = [] }).Documents()));
        var expected = Findings.Multiset(reference.Analyze());
        Assert.That(expected, Has.Some.StartsWith("NCP3002"));
        Assert.Throws<PropertyFailedException>(() => Findings.RequireEqual("ingress removed", expected, reference, Findings.Multiset(changed.Analyze()), changed));
    }
}
