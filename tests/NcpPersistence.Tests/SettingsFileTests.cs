using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests;

/// <summary>--settings names the settings file; without it, .ncp-persistence.yaml in the current folder is read.</summary>
[TestFixture]
public sealed class SettingsFileTests
{
    [Test]
    public void ASettingsFileGivenWithTheOption_ScopesTheManifests_AndAMissingOneIsBadUsage()
    {
        using var project = new TempProject();
        project.Write("platform/prod-ncp.ini", "[nsx_v3]\nl4_persistence = source_ip\nl7_persistence = cookie\n")
            .Write("config/clusters.yaml", "clusters:\n  - name: prod\n    manifests: [../deploy]\n    config: ../platform/prod-ncp.ini\n")
            .Write("deploy/ingress.yaml", TempProject.Ingress)
            .Write("deploy/service.yaml", TempProject.Service);

        var run = project.Run("deploy", "--settings", "config/clusters.yaml");
        var missing = project.Run("deploy", "--settings", "nope.yaml");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Diagnostics.Single().Message, Does.EndWith("(under NCP configuration cluster prod (platform/prod-ncp.ini))"));
        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Stderr, Does.Contain("the settings file 'nope.yaml' does not exist"));
    }

    [Test]
    public void TheDefaultSettingsFile_IsNotAManifest()
    {
        using var project = new TempProject();
        project.Write(".ncp-persistence.yaml", "clusters:\n  - name: prod\n    manifests: [.]\n    l4Persistence: source_ip\n    l7Persistence: cookie\n").WithCafe();

        var run = project.Run();

        Assert.That(run.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "NCP3001" }), run.ToString());
        Assert.That(run.SummaryLine, Does.EndWith("in 3 files"), "the settings file is configuration, not one of the analysed files");
    }
}
