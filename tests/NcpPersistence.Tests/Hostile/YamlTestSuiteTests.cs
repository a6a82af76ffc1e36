using System.Text.Json;
using NcpPersistence.Analysis;
using NcpPersistence.Loading;
using NcpPersistence.Model;

namespace NcpPersistence.Tests.Hostile;

/// <summary>
/// The official YAML test suite (vendored, see YamlTestSuite/README.md): every case's in.yaml goes
/// through the loader and ends with a normal result or NCP9001, never an exception.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class YamlTestSuiteTests
{
    /// <summary>
    /// Cases the suite marks invalid that the analyzer accepts (so no NCP9001): those YamlDotNet 16.3.0 accepts, and
    /// QB6E (a multi-line double-quoted scalar not indented past its block), which libyaml, PyYAML and kubectl
    /// accept and the reader therefore does too (YamlDocumentReader). Pinned, so an upgrade that changes them is noticed.
    /// </summary>
    private static readonly string[] AcceptedInvalid = { "DK95-01", "MUS6-00", "QB6E", "Y79Y-03", "Y79Y-04", "Y79Y-05", "Y79Y-06", "Y79Y-08", "Y79Y-09" };

    /// <summary>Valid cases that YamlDotNet 16.3.0 rejects (NCP9001 on valid YAML; none is Kubernetes-style YAML).</summary>
    // JEF9-01 (a literal block scalar of whitespace-only lines) loads since YamlTextRepair works around YamlDotNet.
    private static readonly string[] RejectedValid = { "4MUZ-02", "DK95-04", "L383", "UKK6-00", "VJP3-01" };

    private string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Hostile.NewFolder();

    [TearDown]
    public void DeleteFolder() => Hostile.DeleteFolder(folder);

    private sealed record SuiteCase(string Id, string Name, bool Fail, string Yaml);

    private static List<SuiteCase> LoadCases()
    {
        using var stream = typeof(YamlTestSuiteTests).Assembly.GetManifestResourceStream("yaml-test-suite.json")
            ?? throw new InvalidOperationException("the embedded yaml-test-suite.json is missing");
        return JsonSerializer.Deserialize<List<SuiteCase>>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    [Test]
    public void EveryCase_EndsWithAResultOrNcp9001_NeverAnException()
    {
        var cases = LoadCases();
        Assert.That(cases, Has.Count.EqualTo(402));
        var options = new LoadContext("default", 16L * 1024 * 1024, folder);
        var rejected = new List<string>();
        var unexpected = new List<string>();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < cases.Count; i++)
        {
            var path = Path.Combine(folder, cases[i].Id + ".yaml");
            File.WriteAllText(path, cases[i].Yaml, Hostile.Utf8);
            var loaded = ManifestLoader.Load(path, i, options);
            foreach (var problem in loaded.Problems.Where(p => p.Kind is not (LoadProblemKind.YamlSyntax or LoadProblemKind.Templated)))
            {
                unexpected.Add($"{cases[i].Id} ({cases[i].Name}): {problem.Kind} {problem.Message}\n{problem.Details}");
            }

            var syntax = loaded.Problems.Where(p => p.Kind == LoadProblemKind.YamlSyntax).ToList();
            Assert.That(syntax, Has.Count.LessThanOrEqualTo(1), cases[i].Id);
            if (syntax.Count == 1)
            {
                rejected.Add(cases[i].Id);
                Assert.That(syntax[0].Span.StartLine, Is.GreaterThanOrEqualTo(1), cases[i].Id);
            }

            Assert.That(loaded.WasAnalysed, Is.True, cases[i].Id);
        }

        stopwatch.Stop();
        TestContext.Out.WriteLine($"[hostile] yaml-test-suite: {cases.Count} cases in {stopwatch.ElapsedMilliseconds} ms, {rejected.Count} rejected");
        Assert.That(unexpected, Is.Empty, string.Join("\n", unexpected));
        Assert.That(stopwatch.Elapsed, Is.LessThan(Hostile.TimeLimit));

        var shouldFail = cases.Where(c => c.Fail).Select(c => c.Id).ToHashSet();
        Assert.That(shouldFail.Except(rejected).Order(StringComparer.Ordinal), Is.EqualTo(AcceptedInvalid), "invalid cases YamlDotNet accepts");
        Assert.That(rejected.Except(shouldFail).Order(StringComparer.Ordinal), Is.EqualTo(RejectedValid), "valid cases YamlDotNet rejects");
    }

    [Test]
    public void WholeSuiteAsOneFolder_ThroughTheCli()
    {
        var cases = LoadCases();
        foreach (var suiteCase in cases)
        {
            File.WriteAllText(Path.Combine(folder, suiteCase.Id + ".yaml"), suiteCase.Yaml, Hostile.Utf8);
        }

        var measured = Hostile.Run(folder, ".");

        Hostile.AssertWellBehaved(measured, 0, 0);
        Assert.That(measured.Run.Diagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal), Is.SubsetOf(new[] { "NCP1010", "NCP9001", "NCP9004" }));
        Assert.That(measured.Run.SummaryLine, Does.EndWith($"in {cases.Count} files"));
    }
}
