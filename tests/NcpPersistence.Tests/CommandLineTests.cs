using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests;

/// <summary>The command line's contract: canonical output, the summary line, exit codes, usage errors, overrides.</summary>
[TestFixture]
public sealed class CommandLineTests
{
    private static readonly string RepositoryExamples = FindExamples();

    [Test]
    public void SeedExample_YieldsExactlyOneNcp3001AtTheServiceNameLine()
    {
        var run = CliRun.Run(RepositoryExamples, "cafe/manifests");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var diagnostic = run.Diagnostics.Single();
        Assert.Multiple(() =>
        {
            Assert.That(diagnostic.Id, Is.EqualTo("NCP3001"));
            Assert.That(diagnostic.Severity, Is.EqualTo("error"));
            Assert.That(diagnostic.File, Is.EqualTo("cafe/manifests/cafe.yaml"));
            Assert.That((diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn), Is.EqualTo((12, 24, (int?)12, (int?)31)));
            Assert.That(File.ReadAllLines(Path.Combine(RepositoryExamples, "cafe/manifests/cafe.yaml"))[11].Trim(), Is.EqualTo("serviceName: tea-svc"));
            Assert.That(diagnostic.Message, Does.Contain("cafe-ingress").And.Contain("tea-svc").And.Contain("ClusterIP"));
            Assert.That(run.SummaryLine, Is.EqualTo("1 error(s), 0 warning(s), 0 note(s) in 2 files"));
        });
    }

    [Test]
    public void FixedExample_IsClean()
    {
        var folder = TempFolder();
        File.Copy(Path.Combine(RepositoryExamples, "cafe/manifests/ncp-config.yaml"), Path.Combine(folder, "ncp-config.yaml"));
        File.WriteAllText(Path.Combine(folder, "cafe.yaml"),
            File.ReadAllText(Path.Combine(RepositoryExamples, "cafe/manifests/cafe.yaml")).Replace("type: LoadBalancer", "type: ClusterIP"));

        var run = CliRun.Run(folder, ".");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Diagnostics, Is.Empty);
        Assert.That(run.SummaryLine, Is.EqualTo("0 error(s), 0 warning(s), 0 note(s) in 2 files"));
    }

    [Test]
    public void OverridesTakePrecedenceOverTheConfigMap()
    {
        var run = CliRun.Run(RepositoryExamples, "cafe/manifests", "--l7", "source_ip");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Diagnostics, Is.Empty);
    }

    [Test]
    public void ConfigOption_TurnsDiscoveryOff()
    {
        var folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, "ncp.ini"), "[nsx_v3]\nl7_persistence = none\n");
        var run = CliRun.Run(RepositoryExamples, "cafe/manifests", "--config", Path.Combine(folder, "ncp.ini"));

        Assert.That(run.ExitCode, Is.EqualTo(0), "the ConfigMap in the scanned folder is not used when --config is given:\n" + run);
    }

    [Test]
    public void HelpUriBase_GivesEveryRuleAHelpUri_AndABadOneIsBadUsage()
    {
        var sarif = Path.Combine(TempFolder(), "out.sarif");

        var run = CliRun.Run(RepositoryExamples, "cafe/manifests", "--sarif", sarif, "--help-uri-base", "https://docs.example.com/ncp");
        var bad = CliRun.Run(RepositoryExamples, "cafe/manifests", "--sarif", sarif, "--help-uri-base", "not a uri");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(File.ReadAllText(sarif), Does.Contain("\"helpUri\": \"https://docs.example.com/ncp/docs/rules/NCP3001.md\""));
        Assert.That((bad.ExitCode, bad.Stderr), Is.EqualTo((2, "ncp-persistence: --help-uri-base 'not a uri' is not an absolute URI (e.g. https://github.com/org/repo/blob/main/).\n")));
    }

    [TestCase("--no-such-option")]
    [TestCase("does/not/exist")]
    [TestCase("--config", "missing.ini")]
    [TestCase("--max-file-size", "abc")]
    [TestCase("--ncp-version", "4.x")]
    [TestCase("--ncp-version", "v4.1")]
    [TestCase("--ncp-version", "4")]
    public void BadUsage_ExitsWithTwoAndExplainsOnStandardError(params string[] args)
    {
        var run = CliRun.Run(RepositoryExamples, args);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.StartWith("ncp-persistence: "));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void NcpVersion_NamesWhatIsExpected()
    {
        var run = CliRun.Run(RepositoryExamples, new[] { "--ncp-version", "latest" });

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr, Does.Contain("--ncp-version must be an NCP release such as 4.1.2 (X.Y or X.Y.Z, digits only), not 'latest'."));
    }

    [Test]
    public void NonKubernetesYaml_ProducesNothing()
    {
        var folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, "values.yaml"), "service:\n  type: LoadBalancer\n  sessionAffinity: bogus\n");
        File.WriteAllText(Path.Combine(folder, "kustomization.yaml"), "resources: []\n"); // builds to nothing
        File.WriteAllText(Path.Combine(folder, ".gitlab-ci.yml"), "stages: [build]\n");

        var run = CliRun.Run(folder, ".", "--l4", "none", "--l7", "none");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Diagnostics, Is.Empty, run.ToString());
    }

    [Test]
    public void SkippedFolders_AreNotScanned()
    {
        var folder = TempFolder();
        foreach (var skipped in new[] { "bin", "obj", "node_modules", ".git", "pkg/health/testdata" })
        {
            Directory.CreateDirectory(Path.Combine(folder, skipped));
            File.WriteAllText(Path.Combine(folder, skipped, "broken.yaml"), "a: [\n");
        }

        var run = CliRun.Run(folder, ".", "--l4", "none", "--l7", "none");

        Assert.That(run.Diagnostics, Is.Empty, run.ToString());
        Assert.That(run.SummaryLine, Does.EndWith("in 0 files"));
    }

    [Test]
    public void ASkippedFolderNamedAsAPath_IsScanned()
    {
        var folder = TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "testdata"));
        File.WriteAllText(Path.Combine(folder, "testdata", "broken.yaml"), "a: [\n");

        var run = CliRun.Run(folder, "testdata", "--l4", "none", "--l7", "none");

        Assert.That(run.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "NCP9001" }), run.ToString());
    }

    [Test]
    public void Excludes_LeaveOutMatchingFiles()
    {
        var folder = TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "legacy"));
        File.WriteAllText(Path.Combine(folder, "legacy", "broken.yaml"), "a: [\n");
        File.WriteAllText(Path.Combine(folder, "old.yaml"), "a: [\n");

        var run = CliRun.Run(folder, ".", "--l4", "none", "--exclude", "legacy", "--exclude", "*.yaml");

        Assert.That(run.Diagnostics, Is.Empty, run.ToString());
    }

    [Test]
    public void WarnAsError_AndNoWarn_ChangeTheOutcome()
    {
        var folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, "svc.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nspec:\n  type: LoadBalancer\n  sessionAffinity: None\n");

        var plain = CliRun.Run(folder, ".", "--l4", "source_ip");
        var promoted = CliRun.Run(folder, ".", "--l4", "source_ip", "--warnaserror");
        var silenced = CliRun.Run(folder, ".", "--l4", "source_ip", "--warnaserror", "--nowarn", "NCP2004");

        Assert.Multiple(() =>
        {
            Assert.That((plain.ExitCode, plain.Diagnostics.Single().Severity), Is.EqualTo((0, "warning")));
            Assert.That((promoted.ExitCode, promoted.Diagnostics.Single().Severity), Is.EqualTo((1, "error")));
            Assert.That((silenced.ExitCode, silenced.Diagnostics.Count), Is.EqualTo((0, 0)));
        });
    }

    [Test]
    public void ParallelAndSequentialRuns_PrintTheSameOutput()
    {
        var root = FixtureCase.Root;
        var sequential = CliRun.Run(root, ".", "--jobs", "1");
        var parallel = CliRun.Run(root, ".", "--jobs", "8");

        Assert.That(parallel.Stdout, Is.EqualTo(sequential.Stdout));
        Assert.That(sequential.Diagnostics, Has.Count.GreaterThan(50));
    }

    // Every folder TempFolder made, removed after the fixture (they used to pile up in /tmp, one set per test run).
    private readonly System.Collections.Concurrent.ConcurrentBag<string> temporaryFolders = new();

    [OneTimeTearDown]
    public void RemoveTemporaryFolders()
    {
        foreach (var folder in temporaryFolders)
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private string TempFolder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ncp-cli-" + Guid.NewGuid().ToString("N"))).FullName;
        temporaryFolders.Add(folder);
        return folder;
    }

    private static string FindExamples()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "examples", "cafe")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("examples/ not found above the test folder"), "examples");
    }
}
