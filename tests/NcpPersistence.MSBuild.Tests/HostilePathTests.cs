using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using NcpPersistence.Output;

namespace NcpPersistence.MSBuild.Tests;

/// <summary>The MSBuild side of issue 16: bad artifact, baseline and baseline-plan paths are coded errors or messages, never NCP0000 or a hang.</summary>
[TestFixture]
[Platform(Exclude = "Win", Reason = "symbolic links to devices")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostilePathTests
{
    private string folder = "";

    [SetUp]
    public void SetUp()
    {
        folder = Path.Combine(Path.GetTempPath(), "ncp-task-hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "cafe.yaml"), Manifests.CafeFixed);
        File.WriteAllText(Path.Combine(folder, "App.csproj"), "<Project />");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    [Test]
    public void BaselinePlanWithANonIntegerLine_IsAMessage_TheBuildPasses()
    {
        // F10: a FormatException became NCP0000 and failed the build; a bad baseline plan is documented as not an error.
        var plan = Path.Combine(folder, "base-plan.json");
        File.WriteAllText(plan, "{\"schemaVersion\": \"1.0\", \"ncpConfig\": {\"l4Persistence\": {}, \"l7Persistence\": {}, \"cookieName\": {}, \"l7PersistenceTimeout\": {}}, \"conflicts\": [{\"ingress\": \"a\", \"service\": \"b\", \"line\": 1.5}]}");
        var (task, engine) = CreateTask(t => t.BaselinePlan = plan);

        Assert.That(task.Execute(), Is.True, string.Join("\n", engine.Errors.Select(e => e.Message)));
        Assert.That(engine.Errors, Is.Empty);
        Assert.That(engine.Messages.Select(m => m.Message), Has.Some.Contains("NcpBaselinePlan: the baseline plan 'base-plan.json' is not a valid NSX profile plan: 'line' is not an integer"));
    }

    [Test]
    public void ArtifactOnACharacterDevice_IsNcp9002_TheDeviceLinkStays()
    {
        // F5: the rename replaced whatever the artifact path was; here a link to /dev/null stands in for the device.
        var output = Path.Combine(folder, "out");
        Directory.CreateDirectory(output);
        var sarif = Path.Combine(output, ArtifactNames.Sarif);
        File.CreateSymbolicLink(sarif, "/dev/null");
        var (task, engine) = CreateTask(t => t.OutputDirectory = output);

        Assert.That(task.Execute(), Is.False);
        var error = engine.Errors.Single();
        Assert.That((error.Code, error.Message), Is.EqualTo(("NCP9002", $"NcpOutputDirectory (SARIF log): '{sarif}' is a character device, not a regular file; artifacts are written to regular files only (to skip one, leave its option out).")));
        Assert.That(new FileInfo(sarif).LinkTarget, Is.EqualTo("/dev/null"));
    }

    [Test]
    public void UpdateBaselineOnAFolder_IsNcp9002_NotNcp0000()
    {
        // F10: Baseline.Write's IOException became NCP0000 ("please report this as a bug").
        var baseline = Path.Combine(folder, "baseline");
        Directory.CreateDirectory(baseline);
        var (task, engine) = CreateTask(t =>
        {
            t.BaselineFile = baseline;
            t.UpdateBaseline = "true";
        });

        Assert.That(task.Execute(), Is.False);
        Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "NCP9002" }), string.Join("\n", engine.Errors.Select(e => e.Message)));
    }

    [Test]
    public void TwoProjectsSharingAnOutputDirectory_Warn()
    {
        // F12: two projects with one NcpOutputDirectory kept one project's results without a word.
        var other = Path.Combine(folder, "Other.csproj");
        File.WriteAllText(other, "<Project />");
        var output = Path.Combine(folder, "shared");
        var (first, firstEngine) = CreateTask(t => t.OutputDirectory = output);
        var (second, secondEngine) = CreateTask(t =>
        {
            t.OutputDirectory = output;
            t.ProjectFile = other;
        });
        var (again, againEngine) = CreateTask(t =>
        {
            t.OutputDirectory = output;
            t.ProjectFile = other;
        });

        Assert.That(first.Execute(), Is.True);
        Assert.That(second.Execute(), Is.True);
        Assert.That(again.Execute(), Is.True);

        Assert.That(firstEngine.Warnings, Is.Empty);
        Assert.That(secondEngine.Warnings.Single().Message, Does.Contain($"is also written by the project '{Path.Combine(folder, "App.csproj")}'"));
        Assert.That(againEngine.Warnings, Is.Empty, "the same project again: no clash");
    }

    [Test]
    public void EditorConfigThatIsADevice_IsAWarning()
    {
        // F4: MSBuild dropped the config problems the CLI printed; a device .editorconfig read for ever before.
        File.CreateSymbolicLink(Path.Combine(folder, ".editorconfig"), "/dev/zero");
        File.WriteAllText(Path.Combine(folder, "cafe.yaml"), Manifests.Cafe);
        File.WriteAllText(Path.Combine(folder, "ncp-config.yaml"), Manifests.NcpConfig);
        var (task, engine) = CreateTask();

        Assert.That(task.Execute(), Is.False, "the NCP3001 of the cafe, which makes the severities be looked up");
        Assert.That(engine.Warnings.Select(w => w.Message), Has.Some.Contains(".editorconfig: the file is a character device, not a regular file, so it was not read"));
    }

    private (NcpPersistenceAnalyze Task, MockBuildEngine Engine) CreateTask(Action<NcpPersistenceAnalyze>? configure = null)
    {
        var engine = new MockBuildEngine();
        var task = new NcpPersistenceAnalyze
        {
            BuildEngine = engine,
            ProjectFile = Path.Combine(folder, "App.csproj"),
            OutputDirectory = Path.Combine(folder, "bin", "ncp-persistence") + Path.DirectorySeparatorChar,
            ManifestFolders = new ITaskItem[] { new TaskItem(folder) },
        };
        configure?.Invoke(task);
        return (task, engine);
    }
}
