using NcpPersistence.Analysis;
using NcpPersistence.Loading.Kustomize;
using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests;

/// <summary>Kustomize builds run the real binary (skipped with KUSTOMIZE-SKIP where none exists); Helm output comes in on standard input.</summary>
[TestFixture]
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KustomizeAndHelmTests
{
    private TempProject project = null!;

    [SetUp]
    public void CreateProject() => project = new TempProject();

    [TearDown]
    public void RemoveProject() => project.Dispose();

    private void WriteOverlay()
    {
        project.Write("base/kustomization.yaml", "resources:\n- service.yaml\n")
            .Write("base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  sessionAffinity: Sticky\n")
            .Write("overlay/kustomization.yaml", "resources:\n- ../base\n");
    }

    [Test]
    public void HelmOutputOnStandardInput_IsNamedStdin_AndEachFindingNamesItsTemplate()
    {
        var stream = "---\n# Source: shop/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  sessionAffinity: Sticky\n"
            + "---\n# Source: shop/templates/other.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: other\nspec:\n  sessionAffinity: Bogus\n";
        project.Write("untouched.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  sessionAffinity: Wrong\n");

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = NcpPersistence.Cli.CommandLine.Run(new[] { "-", "--l4", "none", "--l7", "none", "--sarif", "out.sarif" }, stdout, stderr, project.Root, new StringReader(stream));

        Assert.That(exit, Is.EqualTo(1), stdout + stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("<stdin>(8,20,8,26): error NCP2003").And.EndWith("(from the Helm template shop/templates/service.yaml)"));
        Assert.That(lines[1], Does.StartWith("<stdin>(16,20,16,25): error NCP2003").And.EndWith("(from the Helm template shop/templates/other.yaml)"));
        Assert.That(lines[^1], Does.EndWith("in 1 files"), "only the stream: the current folder is not scanned when - is the only path");
        var sarif = Newtonsoft.Json.Linq.JObject.Parse(project.Read("out.sarif"));
        var related = sarif["runs"]![0]!["results"]![0]!["relatedLocations"]!.Select(l => (string?)l["message"]!["text"]);
        Assert.That(related, Does.Contain("Helm template shop/templates/service.yaml"));
    }

    [Test]
    public void ABuildThatHangs_IsStopped_AndReportedAsNcp9006()
    {
        WriteOverlay();
        var fake = project.Root + "/tools/kustomize";
        project.Write("tools/kustomize", "#!/bin/sh\nsleep 60\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new AnalysisOptions { BaseDirectory = project.Root, Kustomize = new KustomizeSettings(KustomizeMode.Path, fake, TimeoutSeconds: 2) };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = Analyzer.Run(options);

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "stopped after the timeout, not after the sleep");
        var failure = result.Diagnostics.Single(d => d.Id == "NCP9006");
        Assert.That(failure.Message, Does.Contain("did not finish within 2 seconds and was stopped"));
        Assert.That(result.Diagnostics.Any(d => d.Id == "NCP2003"), Is.True, "the files are analysed as plain files instead");
    }

    [Test]
    public void Builds_WriteNothingIntoTheUsersFolders_AndAreCachedByTheContentOfTheirInputs()
    {
        if (!KustomizeBinary.Available)
        {
            Assert.Ignore(KustomizeBinary.SkipReason);
        }

        WriteOverlay();
        var kubectl = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(f => Path.Combine(f, "kubectl")).FirstOrDefault(File.Exists);
        if (kubectl is null)
        {
            Assert.Ignore(KustomizeBinary.SkipReason);
        }

        // A kubectl that counts its runs.
        var tools = Path.Combine(Path.GetTempPath(), "ncp-kubectl-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tools);
        var counter = Path.Combine(tools, "runs");
        File.WriteAllText(Path.Combine(tools, "kubectl"), $"#!/bin/sh\necho run >> '{counter}'\nexec '{kubectl}' \"$@\"\n");
        File.SetUnixFileMode(Path.Combine(tools, "kubectl"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cache = Path.Combine(tools, "cache");
        var before = Directory.EnumerateFileSystemEntries(project.Root, "*", SearchOption.AllDirectories).Order().ToList();
        AnalysisResult Run() => Analyzer.Run(new AnalysisOptions { BaseDirectory = project.Root, Kustomize = new KustomizeSettings(KustomizeMode.Path, Path.Combine(tools, "kubectl"), cache) });
        try
        {
            var first = Run();
            var second = Run();
            project.Write("base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  sessionAffinity: Stickier\n");
            var third = Run();

            Assert.That(first.Diagnostics.Single(d => d.Id == "NCP2003").Message, Does.Contain("(in the Kustomize build of overlay)"));
            Assert.That(second.Diagnostics.Select(d => d.Message), Is.EqualTo(first.Diagnostics.Select(d => d.Message)));
            Assert.That(File.ReadAllLines(counter), Has.Length.EqualTo(2), "the second run reused the cache; the edit rebuilt");
            Assert.That(third.Diagnostics.Single(d => d.Id == "NCP2003").Message, Does.Contain("'Stickier'"));
            Assert.That(Directory.EnumerateFileSystemEntries(project.Root, "*", SearchOption.AllDirectories).Order(), Is.EqualTo(before), "nothing written into the user's folders");
            Assert.That(first.InputFiles, Does.Contain(Path.Combine(project.Root, "base", "service.yaml")).And.Contain(Path.Combine(project.Root, "overlay", "kustomization.yaml")));
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
        }
    }

    [Test]
    public void Verbose_SaysWhichUnitsBuildsAndScopesTheAnalysisSaw()
    {
        if (!KustomizeBinary.Available)
        {
            Assert.Ignore(KustomizeBinary.SkipReason);
        }

        WriteOverlay();
        project.Write("plain/web.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: plain\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        NcpPersistence.Cli.CommandLine.Run(new[] { ".", "--verbose" }, stdout, stderr, project.Root);

        Assert.That(stderr.ToString(), Does.Contain("ncp-persistence: units: 1 folder, 1 Kustomize build; 1 kustomization(s) built with kubectl kustomize, 0 failed; scopes: NCP's defaults: ").Or.Contain("built with kustomize, 0 failed"));
    }

    [Test]
    public void StandardInputOverTheSizeLimit_IsNcp9002AtStdin_AndNothingElseIsScanned()
    {
        // 'yes | ncp-persistence -' read for ever: 4 GiB, then an exception.
        project.Write("elsewhere.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  sessionAffinity: Wrong\n");
        var stream = string.Concat(Enumerable.Repeat("a: b\n", 100));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = NcpPersistence.Cli.CommandLine.Run(new[] { "-", "--max-file-size", "100", "--l4", "none", "--l7", "none" }, stdout, stderr, project.Root, new StringReader(stream));

        Assert.That(exit, Is.EqualTo(1), stdout + stderr.ToString());
        Assert.That(stdout.ToString(), Does.Contain("<stdin>(1,1): error NCP9002: The file was not analysed: standard input is over the 100-byte limit"));
        Assert.That(stdout.ToString(), Does.Not.Contain("elsewhere.yaml").And.Contain("in 1 files"));
    }
}
