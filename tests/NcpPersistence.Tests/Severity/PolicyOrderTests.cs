using NcpPersistence.Tests.Harness;
using NcpPersistence.Tests.PlanTests;

namespace NcpPersistence.Tests.Severity;

/// <summary>Severities are applied after suppressions and never change what is true of the manifests (review defects 4.1-a and 4.1-e).</summary>
[TestFixture]
public sealed class PolicyOrderTests
{
    [Test]
    public void ASuppressionOfASilencedRule_IsNotCalledStale()
    {
        using var project = new TempProject();
        project.Write("svc.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: lb
            spec:
              type: LoadBalancer
              # ncp-persistence-disable-next-line NCP2004 -- None is written by the API server dump
              sessionAffinity: None
            """);

        var withRule = project.Run("--l4", "source_ip", "--l7", "none");
        var silenced = project.Run("--l4", "source_ip", "--l7", "none", "--nowarn", "NCP2004");

        Assert.That(withRule.Diagnostics, Is.Empty, withRule.ToString());
        Assert.That(silenced.Diagnostics, Is.Empty, "no NCP0002: the suppression still matches its finding\n" + silenced);
    }

    [Test]
    public void ASilencedConflict_StaysInThePlan()
    {
        var plain = PlanTestSupport.Cluster(PlanTestSupport.BuildPlan(PlanTestSupport.CafeRoot));
        var silenced = PlanTestSupport.Cluster(PlanTestSupport.BuildPlan(PlanTestSupport.CafeRoot, severities: policy => policy.NoWarn.Add("NCP3001")));

        Assert.That(plain["conflicts"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(silenced["conflicts"]!.ToJsonString(), Is.EqualTo(plain["conflicts"]!.ToJsonString()), "NoWarn changes the build, not NSX");
    }
}
