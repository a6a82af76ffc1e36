using Newtonsoft.Json.Linq;
using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests.Baseline;

/// <summary>
/// Fingerprint v2 tells apart what v1 could not (review defect 4.1-c): the same finding in two folders, two
/// ncp.ini files, two clusters. Baselines written by 0.1 (v1 only) still match.
/// </summary>
[TestFixture]
public sealed class FingerprintV2Tests
{
    private TempProject project = null!;

    [SetUp]
    public void CreateProject() => project = new TempProject();

    [TearDown]
    public void RemoveProject() => project.Dispose();

    [Test]
    public void TheSameBadValueInTwoFolders_HasTwoFingerprints_AndABaselineOfOneDoesNotHideTheOther()
    {
        project.Write("prod/ncp.ini", "[nsx_v3]\nl4_persistence = bogus\n");
        project.Write("staging/ncp.ini", "[nsx_v3]\nl4_persistence = none\n");
        var first = project.Run("--baseline", "base.sarif", "--update-baseline");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.ToString());

        project.Write("staging/ncp.ini", "[nsx_v3]\nl4_persistence = bogus\n");
        var second = project.Run("--baseline", "base.sarif", "--sarif", "now.sarif");

        Assert.That(second.ExitCode, Is.EqualTo(1), second.ToString());
        Assert.That(second.Diagnostics.Single().File, Is.EqualTo("staging/ncp.ini"), "the new finding is the staging one");
        Assert.That(second.SummaryLine, Does.EndWith("; baseline: 1 new, 1 unchanged, 0 absent"));
        var results = (JArray)JObject.Parse(project.Read("now.sarif"))["runs"]![0]!["results"]!;
        var v1 = results.Select(r => (string?)r["partialFingerprints"]!["ncpSemantic/v1"]).Distinct().ToList();
        var v2 = results.Select(r => (string?)r["partialFingerprints"]!["ncpSemantic/v2"]).Distinct().ToList();
        Assert.That(v2, Has.Count.EqualTo(2), "v2 separates the folders");
        Assert.That(v1, Has.Count.EqualTo(1), "v1 collided, which is why v2 exists");
    }

    [Test]
    public void ABaselineWithOnlyV1Fingerprints_StillMatches()
    {
        project.WithCafe();
        project.Run("--baseline", "base.sarif", "--update-baseline");
        var log = JObject.Parse(project.Read("base.sarif"));
        foreach (var result in (JArray)log["runs"]![0]!["results"]!)
        {
            ((JObject)result["partialFingerprints"]!).Remove("ncpSemantic/v2");
        }

        project.Write("base.sarif", log.ToString());
        var run = project.Run("--baseline", "base.sarif");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.SummaryLine, Does.EndWith("; baseline: 0 new, 1 unchanged, 0 absent"));
    }

    [Test]
    public void AFindingUnderTwoClusters_IsOneResultWhoseV2NamesBoth()
    {
        project.Write("clusters/a/ncp.ini", "[nsx_v3]\nl4_persistence = source_ip\nl7_persistence = cookie\n");
        project.Write("clusters/b/ncp.ini", "[nsx_v3]\nl4_persistence = source_ip\nl7_persistence = cookie\n");
        project.Write("apps/ingress.yaml", TempProject.Ingress).Write("apps/service.yaml", TempProject.Service);
        var run = project.Run("--sarif", "out.sarif");

        var conflict = run.Diagnostics.Single(d => d.Id == "NCP3001");
        Assert.That(conflict.Message, Does.EndWith("(under NCP configurations clusters/a/ncp.ini and clusters/b/ncp.ini)"));
        var result = ((JArray)JObject.Parse(project.Read("out.sarif"))["runs"]![0]!["results"]!).Single(r => (string?)r["ruleId"] == "NCP3001");
        Assert.That((string?)result["partialFingerprints"]!["ncpSemantic/v2"], Has.Length.EqualTo(32));
    }
}
