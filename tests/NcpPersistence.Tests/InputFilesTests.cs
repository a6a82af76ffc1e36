using NcpPersistence.Analysis;
using NcpPersistence.Output;
using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests;

/// <summary>
/// <see cref="AnalysisResult.InputFiles"/>: the engine, not a copy of its discovery, says which files
/// an analysis read, so that incremental builds rerun when any of them changes.
/// </summary>
[TestFixture]
public sealed class InputFilesTests
{
    [Test]
    public void ListsManifestsConfigurationsConsultedSeverityFilesAndTheBaseline_Sorted()
    {
        using var project = new TempProject().WithCafe("k8s")
            .Write("k8s/prod-ncp.ini", "[nsx_v3]\nl4_persistence = source_ip\nl7_persistence = cookie\n")
            .Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n")
            .Write("k8s/notes.txt", "not a manifest");
        var options = new AnalysisOptions { BaseDirectory = project.Root };
        options.Paths.Add("k8s");
        var policy = EditorConfigSeverities.ForAnalysis(options).AttachTo(new SeverityPolicy());

        var result = Analyzer.Run(options, policy);
        var baselinePath = Path.Combine(project.Root, "ncp-baseline.sarif");
        Analysis.Baseline.Write(baselinePath, result, new ReportOptions { SourceRoot = project.Root }).ApplyTo(result);

        var inputs = result.InputFiles.Select(p => Path.GetRelativePath(project.Root, p).Replace('\\', '/')).ToList();
        Assert.That(inputs, Does.Contain("k8s/prod-ncp.ini"), "every *ncp.ini discovery picks up, not only ncp.ini");
        Assert.That(inputs, Does.Contain(".editorconfig"), "the .editorconfig that set NCP3001's severity");
        Assert.That(inputs, Does.Contain("ncp-baseline.sarif"));
        Assert.That(inputs, Is.SupersetOf(Directory.GetFiles(Path.Combine(project.Root, "k8s"), "*.yaml").Select(p => "k8s/" + Path.GetFileName(p))));
        Assert.That(inputs, Does.Not.Contain("k8s/notes.txt"));
        Assert.That(result.InputFiles, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(result.InputFiles, Is.Unique);
        Assert.That(result.InputFiles.All(Path.IsPathFullyQualified), Is.True);
    }

    [Test]
    public void AKustomizeBuildsFilesAndTheGeneratorInputItMissedAreInputs()
    {
        if (!KustomizeBinary.Available)
        {
            Assert.Ignore(KustomizeBinary.SkipReason);
        }

        // ncp.ini is generated into the overlay before deploying (git-ignored): the build runs with an empty
        // stand-in, and creating the file later changes the configuration, so MSBuild must not skip the next run.
        using var project = new TempProject()
            .Write("base/kustomization.yaml", "resources:\n- service.yaml\n")
            .Write("base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n")
            .Write("overlay/kustomization.yaml", "resources:\n- ../base\nconfigMapGenerator:\n- name: nsx-ncp-config\n  files:\n  - ncp.ini\n");
        var options = new AnalysisOptions { BaseDirectory = project.Root };

        var result = Analyzer.Run(options);

        var inputs = result.InputFiles.Select(p => Path.GetRelativePath(project.Root, p).Replace('\\', '/')).ToList();
        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Not.Contain("NCP9006"), "built with a stand-in");
        Assert.That(inputs, Is.SupersetOf(new[] { "base/kustomization.yaml", "base/service.yaml", "overlay/kustomization.yaml" }));
        Assert.That(inputs, Does.Contain("overlay/ncp.ini"), "a missing input makes MSBuild rerun until it exists");
        Assert.That(File.Exists(Path.Combine(project.Root, "overlay", "ncp.ini")), Is.False, "nothing is written into the user's folders");
    }

    [Test]
    public void AnUnreadableOrTooLargeFileIsStillAnInput()
    {
        using var project = new TempProject().Write("big.yaml", new string('#', 2000));
        var options = new AnalysisOptions { BaseDirectory = project.Root, MaxFileSize = 100 };

        var result = Analyzer.Run(options);

        Assert.That(result.Diagnostics.Select(d => d.Id), Does.Contain("NCP9002"));
        Assert.That(result.InputFiles, Is.EqualTo(new[] { Path.Combine(project.Root, "big.yaml") }), "shrinking it changes the outcome");
    }
}
