using NUnit.Framework;
using NcpPersistence.Analysis;
using NcpPersistence.Output;
using NcpPersistence.Plan;
using static NcpPersistence.Tests.Sarif.SarifTestSupport;

namespace NcpPersistence.Tests.Output;

/// <summary>
/// The artifact writer both front ends use: the SARIF log and the plan side by side, each one's failure returned on
/// its own (one artifact that cannot be written does not stop the other), and the plan's missing comparison said.
/// </summary>
[TestFixture]
public sealed class ArtifactWriterTests
{
    private static readonly Lazy<AnalysisResult> Cafe = new(() =>
    {
        var options = new AnalysisOptions { BaseDirectory = RepositoryRoot, Paths = { Path.Combine(RepositoryRoot, "examples", "cafe", "manifests") } };
        return Analyzer.Run(options);
    });

    private string folder = "";

    [SetUp]
    public void SetUp() => folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ncp-artifacts-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    private ArtifactPaths All() => new(Path.Combine(folder, "o.sarif"), Path.Combine(folder, "plan.json"), Path.Combine(folder, "plan.md"));

    private static ReportOptions Report(string? baselinePlan = null) => new() { SourceRoot = RepositoryRoot, BaselinePlanPath = baselinePlan };

    [Test]
    public void WritesTheSameBytesAsEachWriter_AndLeavesUnchangedArtifactsAlone()
    {
        var paths = All();
        var first = ArtifactWriter.Write(Cafe.Value, paths, Report());
        var again = ArtifactWriter.Write(Cafe.Value, paths, Report());

        Assert.Multiple(() =>
        {
            Assert.That((first.SarifFailure, first.PlanFailure, first.PlanComparisonProblem), Is.EqualTo(((Exception?)null, (Exception?)null, (string?)null)));
            Assert.That(first.Rewritten, Is.EqualTo(new[] { paths.Sarif, paths.PlanJson, paths.PlanMarkdown }));
            Assert.That(again.Rewritten, Is.Empty, "compare-before-write: nothing changed");
            Assert.That(File.ReadAllText(paths.PlanJson!), Is.EqualTo(PlanWriter.ToJson(PlanBuilder.Build(Cafe.Value, Report()))));
            Assert.That(SarifLogWriter.Read(File.ReadAllText(paths.Sarif!)).Runs[0].Results.Single().RuleId, Is.EqualTo("NCP3001"));
        });
    }

    [Test]
    public void AnUnwritableSarifLog_IsItsOwnFailure_AndThePlanIsStillWritten()
    {
        var blocker = Path.Combine(folder, "a-file");
        File.WriteAllText(blocker, "");
        var paths = All() with { Sarif = Path.Combine(blocker, "o.sarif") };

        var written = ArtifactWriter.Write(Cafe.Value, paths, Report());

        Assert.Multiple(() =>
        {
            Assert.That(written.SarifFailure, Is.InstanceOf<IOException>());
            Assert.That(written.PlanFailure, Is.Null);
            Assert.That(File.Exists(paths.PlanJson) && File.Exists(paths.PlanMarkdown), Is.True);
            Assert.That(written.Rewritten, Is.EqualTo(new[] { paths.PlanJson, paths.PlanMarkdown }));
        });
    }

    [Test]
    public void AnUnwritablePlan_IsItsOwnFailure_AndTheSarifLogIsStillWritten()
    {
        var blocker = Path.Combine(folder, "a-file");
        File.WriteAllText(blocker, "");
        var paths = All() with { PlanJson = Path.Combine(blocker, "plan.json"), PlanMarkdown = null };

        var written = ArtifactWriter.Write(Cafe.Value, paths, Report());

        Assert.Multiple(() =>
        {
            Assert.That(written.PlanFailure, Is.InstanceOf<IOException>());
            Assert.That(written.SarifFailure, Is.Null);
            Assert.That(written.Rewritten, Is.EqualTo(new[] { paths.Sarif }));
        });
    }

    [Test]
    public void AMissingBaselinePlan_IsSaid_AndThePlanIsWrittenWithoutAComparison()
    {
        var missing = Path.Combine(folder, "base", "plan.json");
        var written = ArtifactWriter.Write(Cafe.Value, All() with { Sarif = null }, Report(missing));

        Assert.That(written.PlanComparisonProblem, Is.EqualTo($"the baseline plan '{missing}' does not exist"));
        Assert.That(written.PlanFailure, Is.Null);
        Assert.That(File.Exists(Path.Combine(folder, "plan.json")), Is.True);
    }

    [Test]
    public void NoPlanPaths_NoPlanIsBuilt_EvenWithABaselinePlan()
    {
        var written = ArtifactWriter.Write(Cafe.Value, new ArtifactPaths(null, null, null), Report(Path.Combine(folder, "missing.json")));

        Assert.That((written.PlanComparisonProblem, written.PlanTime, written.Rewritten.Count), Is.EqualTo(((string?)null, TimeSpan.Zero, 0)));
    }
}
