using Newtonsoft.Json.Linq;
using NcpPersistence.Model;
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

    /// <summary>
    /// The fingerprints are a stored format: baselines committed to repositories hold them, so their bytes must never
    /// change (SHA-256 of the semantic key as UTF-8, the first 16 bytes as lowercase hex). The expected values were
    /// computed outside .NET (Python: <c>hashlib.sha256(key.encode()).hexdigest()[:32]</c>), so a change in how they
    /// are computed fails here, which a baseline written and read back by the same build cannot show.
    /// </summary>
    [TestCase("cafe", "8f0076fd3da128822bfbc1dd875cbe70", "6c22615242c4b1345610f9af93a91ed7")]
    [TestCase("non-ascii", "eca6842d8561149b7fad530b7196c846", "e0a4eaa1a52089cd541ce2f585738f97")]
    [TestCase("ini-file", "531da076a83eae953cdb3732f0aa199a", "767fa88e126087cb26ddfefa2b01c2e7")]
    public void Fingerprints_AreSha256OfTheSemanticKey_PinnedBytes(string shape, string v1, string v2)
    {
        var (objects, fieldPath, context) = shape switch
        {
            // The cafe example's finding, with the context the pipeline gives it in this repository.
            "cafe" => (new[] { new ObjectId("networking.k8s.io", "Ingress", "default", "cafe-ingress"), new ObjectId("", "Service", "default", "tea-svc") },
                "spec.rules[0].http.paths[0].backend.serviceName", "examples/cafe/manifests/ncp-config.yaml#nsx-system/nsx-ncp-config"),
            "non-ascii" => (new[] { new ObjectId("networking.k8s.io", "Ingress", "tëam", "café-ingress") }, "metadata.annotations[ncp/ü]", "cl/ü"),
            // Version 1 names a file by its name only.
            _ => (new[] { ObjectId.ForFile("NcpIni", "prod/ncp.ini") }, "file:prod/ncp.ini", "prod/ncp.ini"),
        };
        var rule = NcpPersistence.Rules.RuleCatalog.Descriptors.Single(d => d.Id == "NCP3001");
        var diagnostic = new NcpPersistence.Diagnostics.Diagnostic(rule, "message", null, objects, fieldPath) { Context = context };

        Assert.Multiple(() =>
        {
            Assert.That(diagnostic.SemanticFingerprint, Is.EqualTo(v1), diagnostic.SemanticKey);
            Assert.That(diagnostic.SemanticFingerprintV2, Is.EqualTo(v2), diagnostic.SemanticKeyV2);
        });
    }
}
