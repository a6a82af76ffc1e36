using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace NcpPersistence.MSBuild.Tests;

/// <summary>
/// The package as users get it: packed once into a temporary feed, restored (into a private
/// NUGET_PACKAGES folder, so no stale copy is ever used) by temporary projects, built with `dotnet build`.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackageTests
{
    private const string AnalysisTarget = "_NcpPersistenceAnalyze";

    private string work = "";
    private string feed = "";
    private string packages = "";
    private string package = "";
    private string version = "";
    private string toolPackage = "";
    private string packOutput = "";

    [OneTimeSetUp]
    public void PackOnce()
    {
        work = Path.Combine(Path.GetTempPath(), "ncp-package-" + Guid.NewGuid().ToString("N"));
        feed = Path.Combine(work, "feed");
        packages = Path.Combine(work, "packages");
        Directory.CreateDirectory(feed);

        // Nothing from the surrounding folders may leak into the temporary projects.
        File.WriteAllText(Path.Combine(work, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(work, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <!-- Added to the machine's sources (the reference packs of net8.0 come from there); NcpPersistence
                     itself is only in this feed, and the private NUGET_PACKAGES keeps any other copy out. -->
                <add key="ncp-test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        // The README's command. Packing uses the machine's package folder (where the build's own
        // dependencies, such as the downloaded Sarif.Sdk, already are); only the consumers get the private one.
        var (exitCode, output) = Dotnet(work, usePrivatePackages: false, "pack", Path.Combine(RepositoryRoot(), "NcpPersistence.sln"), "-c", "Release", "-o", feed);
        Assert.That(exitCode, Is.Zero, output);
        packOutput = output;
        package = Directory.GetFiles(feed, "NcpPersistence.*.nupkg").Single(p => !Path.GetFileName(p).StartsWith("NcpPersistence.Tool.", StringComparison.Ordinal));
        version = Path.GetFileNameWithoutExtension(package)["NcpPersistence.".Length..];
        toolPackage = Path.Combine(feed, $"NcpPersistence.Tool.{version}.nupkg");
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
            // a build server may still hold a file; the temp folder is cleaned by the system
        }
    }

    [Test]
    public void Pack_TheSolutionGivesBothPackages_WithoutNuGetWarnings()
    {
        Assert.That(Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName), Is.EquivalentTo(new[] { $"NcpPersistence.{version}.nupkg", $"NcpPersistence.Tool.{version}.nupkg" }));
        Assert.That(packOutput, Does.Not.Match(@"warning NU\d+"), "NuGet's package analysis is on and has nothing to say");
    }

    [Test]
    public void Package_CarriesBuildFilesTaskAndDependencies_NotMSBuild()
    {
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Is.SupersetOf(new[]
        {
            "build/NcpPersistence.props",
            "build/NcpPersistence.targets",
            "buildMultiTargeting/NcpPersistence.props",
            "buildMultiTargeting/NcpPersistence.targets",
            "buildTransitive/NcpPersistence.props",
            "buildTransitive/NcpPersistence.targets",
            "tools/net8.0/NcpPersistence.MSBuild.dll",
            "tools/net8.0/NcpPersistence.Engine.dll",
            "tools/net8.0/YamlDotNet.dll",
            "tools/net8.0/Microsoft.Extensions.FileSystemGlobbing.dll",
            "tools/net8.0/Sarif.dll",
            "tools/net8.0/Newtonsoft.Json.dll",
            "tools/net8.0/Microsoft.CodeAnalysis.dll",
            "README.md",
            "icon.png",
        }));
        Assert.That(entries.Where(e => e.StartsWith("tools/", StringComparison.Ordinal)).Select(e => e.Count(c => c == '/')), Is.All.EqualTo(2), "everything the task needs sits next to it");
        Assert.That(entries.Where(e => e.Contains("Microsoft.Build", StringComparison.Ordinal) || e.StartsWith("lib/", StringComparison.Ordinal)), Is.Empty);
        Assert.That(entries.Where(e => e.Contains("System.CommandLine", StringComparison.Ordinal)), Is.Empty);

        var nuspec = Nuspec(zip);
        Assert.That(nuspec, Does.Contain("<developmentDependency>true</developmentDependency>"));
        AssertMetadata(nuspec);
    }

    [Test]
    public void ToolPackage_IsADotnetToolWithMetadata()
    {
        using var zip = ZipFile.OpenRead(toolPackage);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Does.Contain("tools/net8.0/any/DotnetToolSettings.xml").And.Contain("tools/net8.0/any/ncp-persistence.dll").And.Contain("README.md").And.Contain("icon.png"));
        using var settings = new StreamReader(zip.GetEntry("tools/net8.0/any/DotnetToolSettings.xml")!.Open());
        Assert.That(settings.ReadToEnd(), Does.Contain("<Command Name=\"ncp-persistence\""));
        var nuspec = Nuspec(zip);
        Assert.That(nuspec, Does.Contain("<packageType name=\"DotnetTool\" />").And.Not.Contain("Package Description"));
        AssertMetadata(nuspec);
    }

    [Test]
    public void Tool_InstallsFromTheLocalFeed_AndAnalysesTheExample()
    {
        var tools = Path.Combine(work, "tools");
        var (install, installOutput) = Dotnet(work, "tool", "install", "--tool-path", tools, "NcpPersistence.Tool", "--version", version, "--add-source", feed);
        Assert.That(install, Is.Zero, installOutput);

        var example = Path.Combine(RepositoryRoot(), "examples", "cafe", "manifests");
        var (exitCode, output) = Run(Path.Combine(tools, "ncp-persistence"), work, new Dictionary<string, string?>(), example);
        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("cafe.yaml(12,24,12,31): error NCP3001: Ingress default/cafe-ingress routes to LoadBalancer Service default/tea-svc"));
        Assert.That(output, Does.Contain("1 error(s), 0 warning(s), 0 note(s) in 2 files"));
    }

    private static string Nuspec(ZipArchive zip)
    {
        using var reader = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        return reader.ReadToEnd();
    }

    private static void AssertMetadata(string nuspec)
    {
        Assert.That(nuspec, Does.Contain("<license type=\"expression\">MIT</license>"));
        Assert.That(nuspec, Does.Contain("<readme>README.md</readme>").And.Contain("<icon>icon.png</icon>"));
        Assert.That(nuspec, Does.Match("<repository type=\"git\" url=\"https://github.com/ncp-persistence/ncp-persistence\" commit=\"[0-9a-f]{40}\" />"));
        Assert.That(nuspec, Does.Match("<releaseNotes>.+</releaseNotes>"));
    }

    [Test]
    public void Conflict_BuildFailsWithCanonicalError_ArtifactsWritten_AndFailsAgainNextTime()
    {
        var project = CreateProject("Cafe", ("manifests/ncp-config.yaml", Manifests.NcpConfig), ("manifests/cafe.yaml", Manifests.Cafe));
        var cafe = Path.Combine(project, "manifests", "cafe.yaml");

        var (exitCode, output) = Build(project);
        Assert.That(exitCode, Is.Not.Zero, output);
        Assert.That(output, Does.Contain($"{cafe}(12,24,12,31): error NCP3001: Ingress default/cafe-ingress routes to LoadBalancer Service default/tea-svc"));
        AssertArtifacts(project);
        Assert.That(File.ReadAllText(Path.Combine(project, "bin", "ncp-persistence", "ncp-persistence.sarif")), Does.Contain("\"ruleId\": \"NCP3001\""));

        var (again, againOutput) = Build(project, "-v:d");
        Assert.That(again, Is.Not.Zero, againOutput);
        Assert.That(againOutput, Does.Contain("error NCP3001").And.Not.Contain($"Skipping target \"{AnalysisTarget}\""));
    }

    [Test]
    public void Conflict_NoWarn_BuildSucceeds()
    {
        var project = CreateProject("CafeNoWarn", ("ncp-config.yaml", Manifests.NcpConfig), ("cafe.yaml", Manifests.Cafe));
        File.WriteAllText(Path.Combine(project, "CafeNoWarn.csproj"), ProjectXml("<NoWarn>$(NoWarn);NCP3001</NoWarn>"));

        var (exitCode, output) = Build(project);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Not.Contain("NCP3001"));
    }

    [Test]
    public void Fixed_BuildsClean_SkipsWhenNothingChanged_RerunsOnChanges()
    {
        const string ProdIni = "[nsx_v3]\nl7_persistence = cookie\nl4_persistence = source_ip\n";
        var project = CreateProject("CafeFixed", ("k8s/prod-ncp.ini", ProdIni), ("k8s/cafe.yaml", Manifests.CafeFixed));
        var cafe = Path.Combine(project, "k8s", "cafe.yaml");
        var ini = Path.Combine(project, "k8s", "prod-ncp.ini");

        AssertBuilds(project, clean: true);
        AssertArtifacts(project);
        AssertSkipped(project);

        var (property, propertyOutput) = Build(project, "-v:d", "-p:NcpUnclassedIngressIsNcp=false");
        Assert.That(property, Is.Zero, propertyOutput);
        Assert.That(propertyOutput, Does.Contain($"Building target \"{AnalysisTarget}\" completely"));
        AssertBuilds(project, clean: true);

        // An edit alone, with the same properties: the conflict must be found.
        Edit(cafe, Manifests.Cafe);
        var (manifest, manifestOutput) = Build(project);
        Assert.That(manifest, Is.Not.Zero, "the edited manifest was analysed: " + manifestOutput);
        Assert.That(manifestOutput, Does.Contain("error NCP3001"));
        Edit(cafe, Manifests.CafeFixed);
        AssertBuilds(project, clean: true);
        AssertSkipped(project);

        // A prod-ncp.ini (discovery reads every *ncp.ini) edited into an invalid value.
        Edit(ini, ProdIni.Replace("l4_persistence = source_ip", "l4_persistence = bogus_value", StringComparison.Ordinal));
        var (config, configOutput) = Build(project);
        Assert.That(config, Is.Not.Zero, "the edited prod-ncp.ini was analysed: " + configOutput);
        Assert.That(configOutput, Does.Contain($"{ini}(3,").And.Contain("error NCP1001"));
        Edit(ini, ProdIni);
        AssertBuilds(project, clean: true);
        AssertSkipped(project);

        // A new file, with an extension in capitals (discovery ignores the letter case).
        File.WriteAllText(Path.Combine(project, "k8s", "second.YAML"), Manifests.Cafe.Replace("cafe-ingress", "second-ingress", StringComparison.Ordinal).Replace("tea-svc", "tea-svc-2", StringComparison.Ordinal));
        var (added, addedOutput) = Build(project);
        Assert.That(added, Is.Not.Zero, "the new file was analysed: " + addedOutput);
        Assert.That(addedOutput, Does.Contain("second.YAML(12,24,12,33): error NCP3001"));
    }

    [Test]
    public void Kustomize_ConflictMadeByAnOverlayPatch_FailsAtTheBaseLine_AndABaseOutsideTheProjectIsAnInput()
    {
        if (!KustomizeOnPath())
        {
            Assert.Ignore("KUSTOMIZE-SKIP: neither kustomize nor kubectl is on PATH, so this test cannot run the real binary");
        }

        // The base lives outside the project (a shared folder of the repository): only the kustomization's own
        // list of inputs can tell the incremental check that editing it changes what is deployed.
        var shared = Path.Combine(work, "KustomShared", "base");
        Directory.CreateDirectory(shared);
        File.WriteAllText(Path.Combine(shared, "kustomization.yaml"), "resources:\n- cafe.yaml\n");
        var baseCafe = Path.Combine(shared, "cafe.yaml");
        File.WriteAllText(baseCafe, Manifests.CafeFixed);
        const string MakesItALoadBalancer = "apiVersion: v1\nkind: Service\nmetadata:\n  name: tea-svc\nspec:\n  type: LoadBalancer\n";
        const string OnlyChangesThePort = "apiVersion: v1\nkind: Service\nmetadata:\n  name: tea-svc\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080\n";
        var project = CreateProject("Kustom",
            ("k8s/ncp-config.yaml", Manifests.NcpConfig),
            ("k8s/overlay/kustomization.yaml", "resources:\n- ../../../KustomShared/base\npatches:\n- path: tea.yaml\n"),
            ("k8s/overlay/tea.yaml", MakesItALoadBalancer));
        var patch = Path.Combine(project, "k8s", "overlay", "tea.yaml");
        var cache = Path.Combine(project, "obj", "Debug", $"net{Environment.Version.Major}.0", "ncp-kustomize");

        // The overlay's patch makes the conflict: it is reported at the Ingress line of the base, naming the build.
        var (conflict, conflictOutput) = Build(project);
        Assert.That(conflict, Is.Not.Zero, conflictOutput);
        Assert.That(conflictOutput, Does.Contain($"{baseCafe}(12,24,12,31): error NCP3001").And.Contain("k8s/overlay"));
        Assert.That(conflictOutput, Does.Not.Contain("NCP9005"), "the patch is not a second tea-svc");

        Edit(patch, OnlyChangesThePort);
        AssertBuilds(project, clean: true);
        AssertSkipped(project);
        var cachedBuilds = Directory.GetFiles(cache, "*.yaml");
        Assert.That(cachedBuilds, Has.Length.EqualTo(2), "one cached build per content of the inputs");

        // The shared base, outside NcpManifestFolders, made a LoadBalancer: the analysis runs again and finds it.
        Edit(baseCafe, Manifests.Cafe);
        var (edited, editedOutput) = Build(project);
        Assert.That(edited, Is.Not.Zero, "the edited base outside the project was analysed: " + editedOutput);
        Assert.That(editedOutput, Does.Contain($"{baseCafe}(12,24,12,31): error NCP3001"));

        // Back to a content built before: the cached build is used, kustomize does not write a new entry.
        Edit(baseCafe, Manifests.CafeFixed);
        AssertBuilds(project, clean: true);
        Assert.That(Directory.GetFiles(cache, "*.yaml"), Has.Length.EqualTo(3));

        var (clean, cleanOutput) = Dotnet(project, "clean", "-tl:off", "-nodeReuse:false");
        Assert.That(clean, Is.Zero, cleanOutput);
        Assert.That(Directory.Exists(cache), Is.False, "dotnet clean removes the cached builds");
    }

    private static bool KustomizeOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, "kustomize")) || File.Exists(Path.Combine(folder, "kubectl")));

    private void AssertBuilds(string project, bool clean)
    {
        var (exitCode, output) = Build(project);
        Assert.That(exitCode, clean ? Is.Zero : Is.Not.Zero, output);
    }

    private void AssertSkipped(string project)
    {
        var (noOp, noOpOutput) = Build(project, "-v:d");
        Assert.That(noOp, Is.Zero, noOpOutput);
        Assert.That(noOpOutput, Does.Contain($"Skipping target \"{AnalysisTarget}\" because all output files are up-to-date"));
    }

    /// <summary>Rewrites a file the way an editor does: same name, new content, a time stamp after the last build's.</summary>
    private static void Edit(string path, string content) => File.WriteAllText(path, content);

    [Test]
    public void Warning_SeverityOptionsActLikeCompilerWarnings()
    {
        var project = CreateProject("Shop", ("shop.yaml", Manifests.UnresolvedBackend));
        var shop = Path.Combine(project, "shop.yaml");

        var (plain, plainOutput) = Build(project);
        Assert.That(plain, Is.Zero, plainOutput);
        Assert.That(plainOutput, Does.Contain($"{shop}(11,").And.Contain("warning NCP3002:"));

        var (repeated, repeatedOutput) = Build(project, "-v:d");
        Assert.That(repeated, Is.Zero, repeatedOutput);
        Assert.That(repeatedOutput, Does.Contain("warning NCP3002:").And.Not.Contain($"Skipping target \"{AnalysisTarget}\""), "a run that warned is not remembered");

        var (promoted, promotedOutput) = Build(project, "-p:WarningsAsErrors=NCP3002");
        Assert.That(promoted, Is.Not.Zero, promotedOutput);
        Assert.That(promotedOutput, Does.Contain("error NCP3002:"));

        var (all, allOutput) = Build(project, "-p:TreatWarningsAsErrors=true");
        Assert.That(all, Is.Not.Zero, allOutput);
        Assert.That(allOutput, Does.Contain("error NCP3002:"));

        // MSBuild's own switch: the analysis fails, and fails again next time instead of being skipped.
        var (switched, switchedOutput) = Build(project, "-warnaserror");
        Assert.That(switched, Is.Not.Zero, switchedOutput);
        Assert.That(switchedOutput, Does.Contain("error NCP3002:"));
        var (switchedAgain, switchedAgainOutput) = Build(project, "-warnaserror");
        Assert.That(switchedAgain, Is.Not.Zero, switchedAgainOutput);

        var (silenced, silencedOutput) = Build(project, "-p:TreatWarningsAsErrors=true", "-p:NoWarn=NCP3002");
        Assert.That(silenced, Is.Zero, silencedOutput);
        Assert.That(silencedOutput, Does.Not.Contain("NCP3002"));
    }

    [Test]
    public void PlanTarget_WritesArtifactsWithoutFailing()
    {
        var project = CreateProject("CafePlan", ("ncp-config.yaml", Manifests.NcpConfig), ("cafe.yaml", Manifests.Cafe));

        var (exitCode, output) = Dotnet(project, "build", "-t:NcpPersistencePlan", "-tl:off", "-nodeReuse:false");
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("NCP3001 (error):"));
        AssertArtifacts(project);
    }

    [Test]
    public void MultiTargeting_AnalysesOnce_AlsoWhenOneFrameworkIsChosen_AndHasThePlanTarget()
    {
        var project = CreateProject("Multi", ("ncp-config.yaml", Manifests.NcpConfig), ("cafe.yaml", Manifests.Cafe));
        File.WriteAllText(Path.Combine(project, "Multi.csproj"), ProjectXml("", $"<TargetFrameworks>net8.0;net{Environment.Version.Major}.0</TargetFrameworks>"));

        var (all, allOutput) = Build(project);
        Assert.That(all, Is.Not.Zero, allOutput);
        Assert.That(Count(allOutput, "NcpPersistence: 1 error(s)"), Is.EqualTo(1), "one analysis for the two frameworks: " + allOutput);

        foreach (var chosen in new[] { new[] { "-f", $"net{Environment.Version.Major}.0" }, new[] { $"-p:TargetFramework=net{Environment.Version.Major}.0" }, new[] { "-f", "net8.0" } })
        {
            var (one, oneOutput) = Build(project, chosen);
            Assert.That(one, Is.Not.Zero, $"{string.Join(' ', chosen)} must not skip the analysis: {oneOutput}");
            Assert.That(Count(oneOutput, "NcpPersistence: 1 error(s)"), Is.EqualTo(1), oneOutput);
        }

        var (plan, planOutput) = Dotnet(project, "build", "-t:NcpPersistencePlan", "-tl:off", "-nodeReuse:false");
        Assert.That(plan, Is.Zero, planOutput);
        Assert.That(planOutput, Does.Contain("NCP3001 (error):").And.Not.Contain("MSB4057"));
        AssertArtifacts(project);
    }

    [Test]
    public void PlanTarget_InASolutionWithAProjectWithoutThePackage_WithTheDocumentedSolutionTargets()
    {
        var solution = Path.Combine(work, "Mixed");
        var app = CreateProject(Path.Combine("Mixed", "App"), ("ncp-config.yaml", Manifests.NcpConfig), ("cafe.yaml", Manifests.Cafe));
        File.WriteAllText(Path.Combine(app, "App.csproj"), ProjectXml("", $"<TargetFrameworks>net8.0;net{Environment.Version.Major}.0</TargetFrameworks>"));
        Directory.CreateDirectory(Path.Combine(solution, "Lib"));
        File.WriteAllText(Path.Combine(solution, "Lib", "Lib.csproj"), $"""<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net{Environment.Version.Major}.0</TargetFramework></PropertyGroup></Project>""");
        File.WriteAllText(Path.Combine(solution, "Mixed.slnx"), """<Solution><Project Path="App/App.csproj" /><Project Path="Lib/Lib.csproj" /></Solution>""");
        File.WriteAllText(Path.Combine(solution, "Directory.Solution.targets"), DocumentedSolutionTargets());

        var (plan, planOutput) = Dotnet(solution, "build", "Mixed.slnx", "-t:NcpPersistencePlan", "-tl:off", "-nodeReuse:false");
        Assert.That(plan, Is.Zero, planOutput);
        Assert.That(planOutput, Does.Contain("NCP3001 (error):").And.Not.Contain("MSB4057"));
        AssertArtifacts(app);
    }

    [Test]
    public void Clean_RemovesTheArtifacts_Disabling_RemovesStaleOnes()
    {
        var project = CreateProject("CafeClean", ("ncp-config.yaml", Manifests.NcpConfig), ("cafe.yaml", Manifests.Cafe));
        var artifacts = Path.Combine(project, "bin", "ncp-persistence");
        Build(project);
        AssertArtifacts(project);

        var (clean, cleanOutput) = Dotnet(project, "clean", "-tl:off", "-nodeReuse:false");
        Assert.That(clean, Is.Zero, cleanOutput);
        Assert.That(Directory.Exists(artifacts) ? Directory.GetFiles(artifacts) : Array.Empty<string>(), Is.Empty, "dotnet clean removes the artifacts");

        Build(project);
        AssertArtifacts(project);
        var (off, offOutput) = Build(project, "-p:NcpPersistenceEnabled=false");
        Assert.That(off, Is.Zero, offOutput);
        Assert.That(Directory.GetFiles(artifacts), Is.Empty, "no stale SARIF still reporting NCP3001 beside a green build");
        Assert.That(offOutput, Does.Contain("NcpPersistence is off (NcpPersistenceEnabled=false): removed the artifacts"));
    }

    [Test]
    public void MissingEngineAssembly_IsACodedError_NoMSB4018_NoStackTrace()
    {
        var project = CreateProject("Broken", ("cafe.yaml", Manifests.CafeFixed));
        Restore(project);
        var incomplete = Path.Combine(work, "incomplete-task");
        Directory.CreateDirectory(incomplete);
        var task = Directory.GetFiles(packages, "NcpPersistence.MSBuild.dll", SearchOption.AllDirectories).Single();
        File.Copy(task, Path.Combine(incomplete, "NcpPersistence.MSBuild.dll"));

        var (exitCode, output) = Build(project, $"-p:NcpPersistenceTaskAssembly={Path.Combine(incomplete, "NcpPersistence.MSBuild.dll")}");
        Assert.That(exitCode, Is.Not.Zero, output);
        Assert.That(output, Does.Contain("error NCP0000: NcpPersistence cannot run: NcpPersistence.Engine could not be loaded"));
        Assert.That(output, Does.Not.Contain("MSB4018").And.Not.Contain("   at "));
    }

    [Test]
    public void TerminalLogger_ShowsTheNotesInOneLine()
    {
        // No NCP configuration among the manifests: NCP1010, a note, which the terminal logger would hide.
        var project = CreateProject("Notes", ("cafe.yaml", Manifests.CafeFixed));
        Restore(project);

        foreach (var attempt in new[] { "first build", "no-op build" })
        {
            var (exitCode, output) = Dotnet(project, "build", "-tl:on", "-nodeReuse:false", "--no-restore");
            var plain = System.Text.RegularExpressions.Regex.Replace(output, @"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x1b\x07]*(\x07|\x1b\\)|[=>])", "");
            Assert.That(exitCode, Is.Zero, plain);
            Assert.That(plain, Does.Contain("ncp-persistence: 1 note: NCP1010 no NCP configuration was read, so NCP's defaults are assumed"), $"{attempt}: {plain}");
        }
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The Directory.Solution.targets that docs/msbuild.md gives for mixed solutions, as written there.</summary>
    private static string DocumentedSolutionTargets()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "msbuild.md"));
        var start = doc.IndexOf("```xml\n<!-- Directory.Solution.targets", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), "docs/msbuild.md gives the Directory.Solution.targets");
        start = doc.IndexOf('\n', start) + 1;
        return doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private void Restore(string project)
    {
        var (exitCode, output) = Dotnet(project, "restore");
        Assert.That(exitCode, Is.Zero, output);
    }

    private static void AssertArtifacts(string project)
    {
        var output = Path.Combine(project, "bin", "ncp-persistence");
        Assert.That(new[] { "ncp-persistence.sarif", "nsx-profile-plan.json", "nsx-profile-plan.md" }.Select(f => File.Exists(Path.Combine(output, f))), Is.All.True);
    }

    private string CreateProject(string name, params (string Path, string Content)[] files)
    {
        var folder = Path.Combine(work, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, Path.GetFileName(name) + ".csproj"), ProjectXml(""));
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return folder;
    }

    private string ProjectXml(string properties, string? targetFrameworks = null) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            {targetFrameworks ?? $"<TargetFramework>net{Environment.Version.Major}.0</TargetFramework>"}
            {properties}
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="NcpPersistence" Version="{version}" PrivateAssets="all" />
          </ItemGroup>
        </Project>
        """;

    private (int ExitCode, string Output) Build(string project, params string[] arguments) =>
        Dotnet(project, new[] { "build", "-tl:off", "-nodeReuse:false", "-p:UseSharedCompilation=false" }.Concat(arguments).ToArray());

    private (int ExitCode, string Output) Dotnet(string workingDirectory, params string[] arguments) =>
        Dotnet(workingDirectory, usePrivatePackages: true, arguments);

    private (int ExitCode, string Output) Dotnet(string workingDirectory, bool usePrivatePackages, params string[] arguments) =>
        Run("dotnet", workingDirectory, usePrivatePackages ? new Dictionary<string, string?> { ["NUGET_PACKAGES"] = packages } : new Dictionary<string, string?>(), arguments);

    /// <summary>Runs a program with the test host's MSBuild settings removed and <paramref name="environment"/> on top.</summary>
    internal static (int ExitCode, string Output) Run(string program, string workingDirectory, IDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The test host's own MSBuild settings must not reach the child build.
        foreach (var variable in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(variable);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} timed out:\n{output}");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NcpPersistence.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("NcpPersistence.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
