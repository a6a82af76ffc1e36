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
                <clear />
                <add key="ncp-test-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        var project = Path.Combine(RepositoryRoot(), "src", "NcpPersistence.MSBuild", "NcpPersistence.MSBuild.csproj");
        // Packing uses the machine's package folder (where the build's own dependencies, such as the
        // downloaded Sarif.Sdk, already are); only the consuming projects get the private one.
        var (exitCode, output) = Dotnet(work, usePrivatePackages: false, "pack", project, "-c", "Release", "-o", feed);
        Assert.That(exitCode, Is.Zero, output);
        package = Directory.GetFiles(feed, "NcpPersistence.*.nupkg").Single();
        version = Path.GetFileNameWithoutExtension(package)["NcpPersistence.".Length..];
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
    public void Package_CarriesBuildFilesTaskAndDependencies_NotMSBuild()
    {
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Is.SupersetOf(new[]
        {
            "build/NcpPersistence.props",
            "build/NcpPersistence.targets",
            "buildTransitive/NcpPersistence.props",
            "buildTransitive/NcpPersistence.targets",
            "tasks/net8.0/NcpPersistence.MSBuild.dll",
            "tasks/net8.0/NcpPersistence.Engine.dll",
            "tasks/net8.0/YamlDotNet.dll",
            "tasks/net8.0/Microsoft.Extensions.FileSystemGlobbing.dll",
            "tasks/net8.0/Sarif.dll",
            "tasks/net8.0/Newtonsoft.Json.dll",
            "tasks/net8.0/Microsoft.CodeAnalysis.dll",
        }));
        Assert.That(entries.Where(e => e.StartsWith("tasks/", StringComparison.Ordinal)).Select(e => e.Count(c => c == '/')), Is.All.EqualTo(2), "everything the task needs sits next to it");
        Assert.That(entries.Where(e => e.Contains("Microsoft.Build", StringComparison.Ordinal) || e.StartsWith("lib/", StringComparison.Ordinal)), Is.Empty);
        Assert.That(entries.Where(e => e.Contains("System.CommandLine", StringComparison.Ordinal)), Is.Empty);

        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        Assert.That(nuspec.ReadToEnd(), Does.Contain("<developmentDependency>true</developmentDependency>"));
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
        var project = CreateProject("CafeFixed", ("ncp-config.yaml", Manifests.NcpConfig), ("cafe.yaml", Manifests.CafeFixed));

        var (exitCode, output) = Build(project);
        Assert.That(exitCode, Is.Zero, output);
        AssertArtifacts(project);

        var (noOp, noOpOutput) = Build(project, "-v:d");
        Assert.That(noOp, Is.Zero, noOpOutput);
        Assert.That(noOpOutput, Does.Contain($"Skipping target \"{AnalysisTarget}\" because all output files are up-to-date"));

        var (property, propertyOutput) = Build(project, "-v:d", "-p:NcpUnclassedIngressIsNcp=false");
        Assert.That(property, Is.Zero, propertyOutput);
        Assert.That(propertyOutput, Does.Contain($"Building target \"{AnalysisTarget}\" completely"));

        File.WriteAllText(Path.Combine(project, "cafe.yaml"), Manifests.Cafe);
        var (manifest, manifestOutput) = Build(project, "-p:NcpUnclassedIngressIsNcp=false");
        Assert.That(manifest, Is.Zero, "the Ingress is no longer NCP's: " + manifestOutput);
        var (back, backOutput) = Build(project);
        Assert.That(back, Is.Not.Zero, backOutput);
        Assert.That(backOutput, Does.Contain("error NCP3001"));
    }

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

    private static void AssertArtifacts(string project)
    {
        var output = Path.Combine(project, "bin", "ncp-persistence");
        Assert.That(new[] { "ncp-persistence.sarif", "nsx-profile-plan.json", "nsx-profile-plan.md" }.Select(f => File.Exists(Path.Combine(output, f))), Is.All.True);
    }

    private string CreateProject(string name, params (string Path, string Content)[] files)
    {
        var folder = Path.Combine(work, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), ProjectXml(""));
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }

        return folder;
    }

    private string ProjectXml(string properties) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
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

    private (int ExitCode, string Output) Dotnet(string workingDirectory, bool usePrivatePackages, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
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

        if (usePrivatePackages)
        {
            start.Environment["NUGET_PACKAGES"] = packages;
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

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} timed out:\n{output}");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NcpPersistence.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("NcpPersistence.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
