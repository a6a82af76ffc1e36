using NcpPersistence.Output;
using Newtonsoft.Json.Linq;
using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests.Baseline;

/// <summary>--baseline / --update-baseline: findings matched by their semantic fingerprint, only new errors fail.</summary>
[TestFixture]
public sealed class BaselineTests
{
    private TempProject project = null!;

    [SetUp]
    public void CreateProject() => project = new TempProject();

    [TearDown]
    public void RemoveProject() => project.Dispose();

    [Test]
    public void UpdateBaseline_CreatesAMissingFile_ThenASecondRunExitsZero()
    {
        project.WithCafe();

        var update = project.Run("--baseline", "ncp.sarif", "--update-baseline");
        Assert.That(update.ExitCode, Is.EqualTo(0), update.ToString());
        Assert.That(update.SummaryLine, Is.EqualTo("0 error(s), 0 warning(s), 0 note(s) in 3 files; baseline updated: 1 finding(s) (1 added, 0 kept, 0 removed)"));

        var log = JObject.Parse(project.Read("ncp.sarif"));
        Assert.That((string?)log["version"], Is.EqualTo("2.1.0"));
        Assert.That((string?)log["runs"]![0]!["tool"]!["driver"]!["name"], Is.EqualTo("NcpPersistence"));
        var result = log["runs"]![0]!["results"]!.Single();
        Assert.That((string?)result["ruleId"], Is.EqualTo("NCP3001"));
        Assert.That((string?)result["level"], Is.EqualTo("error"));
        Assert.That((string?)result["partialFingerprints"]!["ncpSemantic/v1"], Has.Length.EqualTo(32));

        var again = project.Run("--baseline", "ncp.sarif");
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Diagnostics, Is.Empty, "unchanged findings are not printed");
        Assert.That(again.SummaryLine, Does.EndWith("; baseline: 0 new, 1 unchanged, 0 absent"));
    }

    [Test]
    public void UpdateBaseline_TwiceWithTheSameFindings_LeavesTheFileAlone()
    {
        project.WithCafe();
        project.Run("--baseline", "ncp.sarif", "--update-baseline");
        var path = Path.Combine(project.Root, "ncp.sarif");
        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, written.AddMinutes(-5));
        var before = project.Read("ncp.sarif");

        project.Run("--baseline", "ncp.sarif", "--update-baseline");

        Assert.That(project.Read("ncp.sarif"), Is.EqualTo(before));
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written.AddMinutes(-5)));
    }

    [Test]
    public void BaselineSurvives_TheFindingMovingThreeLinesDown_AndReformatting()
    {
        project.WithCafe();
        Assert.That(project.Run("--baseline", "ncp.sarif", "--update-baseline").ExitCode, Is.EqualTo(0));
        var before = project.Run();
        Assert.That(before.Diagnostics.Single(d => d.Id == "NCP3001").Line, Is.EqualTo(14));

        // Three comment lines above the finding, and the Service's keys in another order.
        project.Write("ingress.yaml", "# one\n# two\n# three\n" + TempProject.Ingress);
        project.Write("service.yaml", "kind: Service\napiVersion: v1\nmetadata: {name: tea-svc}\nspec:\n  ports: [{port: 80, targetPort: 80, protocol: TCP}]\n  selector: {app: tea}\n  type: LoadBalancer\n");
        var moved = project.Run();
        Assert.That(moved.Diagnostics.Single(d => d.Id == "NCP3001").Line, Is.EqualTo(17), moved.ToString());

        var run = project.Run("--baseline", "ncp.sarif");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.SummaryLine, Does.EndWith("; baseline: 0 new, 1 unchanged, 0 absent"));
    }

    [Test]
    public void NewFindingOfTheSameRuleInAnotherObject_IsNewAndFails()
    {
        project.WithCafe();
        project.Run("--baseline", "ncp.sarif", "--update-baseline");
        project.WithCafe(secondIngress: true);

        var run = project.Run("--baseline", "ncp.sarif");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var printed = run.Diagnostics.Single();
        Assert.That(printed.Id, Is.EqualTo("NCP3001"));
        Assert.That(printed.Message, Does.Contain("tea-shop-ingress"));
        Assert.That(run.SummaryLine, Is.EqualTo("1 error(s), 0 warning(s), 0 note(s) in 3 files; baseline: 1 new, 1 unchanged, 0 absent"));
    }

    [Test]
    public void FixedFinding_IsAbsent()
    {
        project.WithCafe(secondIngress: true);
        project.Run("--baseline", "ncp.sarif", "--update-baseline");
        project.WithCafe();

        var run = project.Run("--baseline", "ncp.sarif");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.SummaryLine, Does.EndWith("; baseline: 0 new, 1 unchanged, 1 absent"));
    }

    [Test]
    public void FixedFinding_IsInTheSarifLogAsAbsent_WhereItWas_AndTheLogStaysValid()
    {
        project.WithCafe(secondIngress: true);
        project.Run("--baseline", "ncp.sarif", "--update-baseline");
        var baselineLog = SarifLogWriter.Read(File.ReadAllText(Path.Combine(project.Root, "ncp.sarif")));
        Assert.That(baselineLog.Runs[0].Results, Has.Count.EqualTo(2), "the baseline is the run's full SARIF log");
        project.WithCafe();

        project.Run("--baseline", "ncp.sarif", "--sarif", "now.sarif");

        var json = File.ReadAllText(Path.Combine(project.Root, "now.sarif"));
        Sarif.SarifTestSupport.AssertValidAgainstSchema(json);
        var sarifRun = SarifLogWriter.Read(json).Runs[0];
        var results = sarifRun.Results;
        var absent = results.Single(r => r.BaselineState == Microsoft.CodeAnalysis.Sarif.BaselineState.Absent);
        var unchanged = results.Single(r => r.BaselineState == Microsoft.CodeAnalysis.Sarif.BaselineState.Unchanged);
        Assert.Multiple(() =>
        {
            Assert.That(absent.RuleId, Is.EqualTo("NCP3001"));
            Assert.That(absent.Locations.Single().PhysicalLocation.ArtifactLocation.Uri.OriginalString, Does.EndWith(".yaml"));
            Assert.That(absent.PartialFingerprints["ncpSemantic/v1"], Is.Not.EqualTo(unchanged.PartialFingerprints["ncpSemantic/v1"]));

            // The location comes from the baseline's log: its artifact index is this log's, for the same file.
            var artifactLocation = absent.Locations.Single().PhysicalLocation.ArtifactLocation;
            Assert.That(artifactLocation.Index, Is.GreaterThanOrEqualTo(0), "the file still has a result, so it is an artifact");
            Assert.That(sarifRun.Artifacts[artifactLocation.Index].Location.Uri, Is.EqualTo(artifactLocation.Uri));
        });
    }

    [Test]
    public void NewWarnings_AreNewButDoNotFail()
    {
        project.WithCafe().Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n");
        File.WriteAllText(Path.Combine(project.Root, "empty.sarif"), """{ "version": "2.1.0", "runs": [ { "tool": { "driver": { "name": "NcpPersistence" } }, "results": [] } ] }""");

        var run = project.Run("--baseline", "empty.sarif");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.SummaryLine, Is.EqualTo("0 error(s), 1 warning(s), 0 note(s) in 3 files; baseline: 1 new, 0 unchanged, 0 absent"));
    }

    [Test]
    public void Multiplicity_TwoEqualBaselineEntriesCoverTwoFindingsOnly()
    {
        project.WithCafe();
        project.Run("--baseline", "ncp.sarif", "--update-baseline");
        var log = JObject.Parse(project.Read("ncp.sarif"));
        var results = (JArray)log["runs"]![0]!["results"]!;
        results.Add(results[0].DeepClone());
        project.Write("ncp.sarif", log.ToString());

        var run = project.Run("--baseline", "ncp.sarif");

        Assert.That(run.SummaryLine, Does.EndWith("; baseline: 0 new, 1 unchanged, 1 absent"));
    }

    [Test]
    public void MissingBaseline_WithoutUpdate_IsAUsageError()
    {
        project.WithCafe();

        var run = project.Run("--baseline", "nope.sarif");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("nope.sarif").And.Contain("does not exist").And.Contain("--update-baseline"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [TestCase("{ \"version\": \"2.1.0\", ")]
    [TestCase("[1, 2, 3]")]
    [TestCase("{ \"version\": \"2.1.0\" }")]
    [TestCase("")]
    public void CorruptBaseline_IsAUsageError_WithoutAStackTrace(string content)
    {
        project.WithCafe().Write("bad.sarif", content);

        var run = project.Run("--baseline", "bad.sarif");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Stderr, Does.Contain("bad.sarif"));
        Assert.That(run.Stderr, Does.Not.Contain("   at "));
    }

    [Test]
    public void UpdateBaseline_WithoutBaseline_IsAUsageError()
    {
        project.WithCafe();

        var run = project.Run("--update-baseline");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("--baseline"));
    }

    [Test]
    public void SuppressedBaselineResults_AndAbsentOnes_AreNotPartOfTheBaseline()
    {
        project.WithCafe();
        project.Run("--baseline", "ncp.sarif", "--update-baseline");
        var log = JObject.Parse(project.Read("ncp.sarif"));
        var results = (JArray)log["runs"]![0]!["results"]!;
        var absent = results[0].DeepClone();
        absent["baselineState"] = "absent";
        ((JObject)results[0])["suppressions"] = new JArray(new JObject { ["kind"] = "inSource" });
        results.Add(absent);
        project.Write("ncp.sarif", log.ToString());

        var run = project.Run("--baseline", "ncp.sarif");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.SummaryLine, Does.EndWith("; baseline: 1 new, 0 unchanged, 0 absent"));
    }

    [Test]
    public void Parse_ReadsTheLogAsAWholeObjectWouldBe_LastMemberWins_OddValuesSkipped()
    {
        // The log is streamed; what it yields must be what loading it whole gave: a member written twice counts
        // once (the last), runs and results that are not objects are skipped, comments are allowed.
        var json = """
            { "version": "2.1.0", /* a comment */
              "runs": "not yet",
              "runs": [
                42,
                { "results": [ { "ruleId": "NCP1", "partialFingerprints": { "ncpSemantic/v2": "dropped" } } ],
                  "results": [ "x", { "ruleId": "NCP2", "partialFingerprints": { "ncpSemantic/v1": "a" }, "message": { "text": "m" }, "level": "note",
                                      "locations": [ { "physicalLocation": { "region": { "startLine": 3 } } } ] },
                               { "ruleId": "NCP3", "partialFingerprints": "x" } ] },
                { "results": { "ruleId": "NCP4" } },
                { "results": [ { "ruleId": "NCP5", "partialFingerprints": { "ncpSemantic/v2": "b" }, "message": ["t"] } ] }
              ]
            }
            """;

        var baseline = NcpPersistence.Analysis.Baseline.Parse(json, "b.sarif");

        Assert.That(baseline.Entries, Is.EqualTo(new[]
        {
            new NcpPersistence.Analysis.BaselineEntry("NCP2", "a", "m", "note", """{"physicalLocation":{"region":{"startLine":3}}}"""),
            new NcpPersistence.Analysis.BaselineEntry("NCP5", null, "", null, null, "b"),
        }));
    }

    [TestCase("{ \"runs\": [ { \"results\": [ { \"ruleId\": ")]
    [TestCase("{ \"runs\": [] } trailing")]
    [TestCase("{ \"runs\": [] ")]
    public void Parse_TruncatedOrTrailingContent_IsNotValidJson(string json)
    {
        var exception = Assert.Throws<NcpPersistence.Analysis.BaselineException>(() => NcpPersistence.Analysis.Baseline.Parse(json, "b.sarif"));
        Assert.That(exception!.Message, Does.StartWith("the baseline file 'b.sarif' is not valid JSON: "));
    }
}
