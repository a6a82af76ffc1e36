using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using NcpPersistence.Output;

namespace NcpPersistence.MSBuild.Tests;

/// <summary>The task against a mock build engine: what it logs, where, and what it writes.</summary>
[TestFixture]
public sealed class TaskTests
{
    private string folder = "";

    [SetUp]
    public void SetUp()
    {
        folder = Path.Combine(Path.GetTempPath(), "ncp-task-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    [Test]
    public void Conflict_LogsErrorWithCodeLocationAndHelpLink()
    {
        Write("ncp-config.yaml", Manifests.NcpConfig);
        var cafe = Write("cafe.yaml", Manifests.Cafe);
        var (task, engine) = CreateTask();

        Assert.That(task.Execute(), Is.False);

        var error = engine.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("NCP3001"));
            Assert.That(error.File, Is.EqualTo(cafe));
            Assert.That((error.LineNumber, error.ColumnNumber, error.EndLineNumber, error.EndColumnNumber), Is.EqualTo((12, 24, 12, 31)));
            Assert.That(error.HelpLink, Is.EqualTo("https://github.com/ncp-persistence/ncp-persistence/blob/main/docs/rules/NCP3001.md"));
            Assert.That(error.HelpKeyword, Is.EqualTo("NCP3001"));
            Assert.That(error.Message, Does.Contain("tea-svc"));
            Assert.That(engine.Warnings, Is.Empty);
            Assert.That(task.ErrorCount, Is.EqualTo(1));
        });
    }

    [Test]
    public void Conflict_ArtifactsWrittenEvenThoughTheTaskFails()
    {
        Write("ncp-config.yaml", Manifests.NcpConfig);
        Write("cafe.yaml", Manifests.Cafe);
        var (task, _) = CreateTask();

        Assert.That(task.Execute(), Is.False);

        var output = Path.Combine(folder, "bin", "ncp-persistence");
        Assert.Multiple(() =>
        {
            Assert.That(task.Artifacts.Select(a => Path.GetFileName(a.ItemSpec)), Is.EquivalentTo(new[] { ArtifactNames.Sarif, ArtifactNames.PlanJson, ArtifactNames.PlanMarkdown }));
            Assert.That(File.ReadAllText(Path.Combine(output, ArtifactNames.Sarif)), Does.Contain("\"version\": \"2.1.0\"").And.Contain("NCP3001"));
            Assert.That(File.Exists(Path.Combine(output, ArtifactNames.PlanJson)), Is.True);
            Assert.That(File.Exists(Path.Combine(output, ArtifactNames.PlanMarkdown)), Is.True);
        });
    }

    [Test]
    public void Artifacts_UnchangedContent_NotRewritten()
    {
        Write("cafe.yaml", Manifests.CafeFixed);
        var (first, _) = CreateTask();
        Assert.That(first.Execute(), Is.True);
        var sarif = Path.Combine(folder, "bin", "ncp-persistence", ArtifactNames.Sarif);
        var old = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(sarif, old);

        var (second, _) = CreateTask();
        Assert.That(second.Execute(), Is.True);

        Assert.That(File.GetLastWriteTimeUtc(sarif), Is.EqualTo(old));
    }

    [Test]
    public void Fixed_NoDiagnostic()
    {
        Write("ncp-config.yaml", Manifests.NcpConfig);
        Write("cafe.yaml", Manifests.CafeFixed);
        var (task, engine) = CreateTask();

        Assert.That(task.Execute(), Is.True);
        Assert.That(engine.Errors.Concat<object>(engine.Warnings), Is.Empty);
    }

    [Test]
    public void NoWarn_SilencesAnError()
    {
        Write("ncp-config.yaml", Manifests.NcpConfig);
        Write("cafe.yaml", Manifests.Cafe);
        var (task, engine) = CreateTask(t => t.NoWarn = "1701;1702;NCP3001");

        Assert.That(task.Execute(), Is.True);
        Assert.That(engine.Errors, Is.Empty);
    }

    [Test]
    public void Warning_LoggedAsWarning()
    {
        var shop = Write("shop.yaml", Manifests.UnresolvedBackend);
        var (task, engine) = CreateTask();

        Assert.That(task.Execute(), Is.True);
        var warning = engine.Warnings.Single(w => w.Code == "NCP3002");
        Assert.Multiple(() =>
        {
            Assert.That(warning.File, Is.EqualTo(shop));
            Assert.That(warning.LineNumber, Is.EqualTo(11));
            Assert.That(warning.HelpLink, Does.EndWith("docs/rules/NCP3002.md"));
            Assert.That(engine.Errors, Is.Empty);
        });
    }

    [Test]
    public void WarningsAsErrors_PromotesTheWarning()
    {
        Write("shop.yaml", Manifests.UnresolvedBackend);
        var (task, engine) = CreateTask(t => t.WarningsAsErrors = "CS0168;NCP3002");

        Assert.That(task.Execute(), Is.False);
        Assert.That(engine.Errors.Select(e => e.Code), Does.Contain("NCP3002"));
        Assert.That(engine.Warnings.Select(e => e.Code), Does.Not.Contain("NCP3002"));
    }

    [Test]
    public void TreatWarningsAsErrors_PromotesUnlessWarningsNotAsErrors()
    {
        Write("shop.yaml", Manifests.UnresolvedBackend);
        var (promoted, promotedEngine) = CreateTask(t => t.TreatWarningsAsErrors = true);
        var (exempt, exemptEngine) = CreateTask(t => { t.TreatWarningsAsErrors = true; t.WarningsNotAsErrors = "NCP3002"; });

        Assert.Multiple(() =>
        {
            Assert.That(promoted.Execute(), Is.False);
            Assert.That(promotedEngine.Errors.Select(e => e.Code), Does.Contain("NCP3002"));
            Assert.That(exempt.Execute(), Is.True);
            Assert.That(exemptEngine.Warnings.Select(e => e.Code), Does.Contain("NCP3002"));
        });
    }

    [Test]
    public void Note_HighImportanceMessageInCanonicalForm()
    {
        var cart = Write("cart.yaml", Manifests.DedicatedProfile);
        var (task, engine) = CreateTask();

        Assert.That(task.Execute(), Is.True);
        Assert.That(engine.Warnings.Concat<object>(engine.Errors), Is.Empty);
        var note = engine.Messages.Single(m => m.Message!.Contains("NCP2005", StringComparison.Ordinal));
        Assert.That(note.Importance, Is.EqualTo(MessageImportance.High));
        Assert.That(note.Message, Does.StartWith($"{cart}(10,"));
        Assert.That(note.Message, Does.Contain(": info NCP2005: "));
    }

    [Test]
    public void Suppressed_LowImportanceMessageOnly()
    {
        Write("ncp-config.yaml", Manifests.NcpConfig);
        Write("cafe.yaml", Manifests.CafeSuppressed);
        var (task, engine) = CreateTask();

        Assert.That(task.Execute(), Is.True);
        Assert.That(engine.Errors, Is.Empty);
        var message = engine.Messages.Single(m => m.Message!.Contains("NCP3001", StringComparison.Ordinal));
        Assert.That(message.Importance, Is.EqualTo(MessageImportance.Low));
        Assert.That(message.Message, Does.Contain("tea-svc is being migrated"));
    }

    [Test]
    public void ProjectLevel_ReportedAgainstTheProjectFile()
    {
        Write("cafe.yaml", Manifests.CafeFixed);
        var (task, engine) = CreateTask(t => t.L4Persistence = "sticky");

        Assert.That(task.Execute(), Is.False);
        var error = engine.Errors.Single(e => e.Code == "NCP1001");
        Assert.That(error.File, Is.EqualTo(task.ProjectFile));
        Assert.That(error.LineNumber, Is.Zero);
    }

    [Test]
    public void PlanMode_FindingsDoNotFail()
    {
        Write("ncp-config.yaml", Manifests.NcpConfig);
        Write("cafe.yaml", Manifests.Cafe);
        var (task, engine) = CreateTask(t => t.FailOnFindings = false);

        Assert.That(task.Execute(), Is.True);
        Assert.That(engine.Errors, Is.Empty);
        var message = engine.Messages.Single(m => m.Message!.Contains("NCP3001", StringComparison.Ordinal));
        Assert.That(message.Message, Does.Contain("NCP3001 (error):").And.Not.Contain("error NCP3001"));
        Assert.That(File.Exists(Path.Combine(folder, "bin", "ncp-persistence", ArtifactNames.Sarif)), Is.True);
    }

    [Test]
    public void Exception_BecomesNcp0000()
    {
        Write("cafe.yaml", Manifests.CafeFixed);
        var blocker = Write("blocker", "a file where the output folder should be");
        var (task, engine) = CreateTask(t => t.OutputDirectory = Path.Combine(blocker, "out"));

        Assert.That(task.Execute(), Is.False);
        var error = engine.Errors.Single();
        Assert.That(error.Code, Is.EqualTo("NCP0000"));
        Assert.That(error.File, Is.EqualTo(task.ProjectFile));
        Assert.That(error.HelpLink, Does.EndWith("docs/rules/NCP0000.md"));
    }

    [Test]
    public void Artifacts_AreTheRealSarifLogAndPlan()
    {
        Write("ncp-config.yaml", Manifests.NcpConfig);
        Write("cafe.yaml", Manifests.Cafe);
        var (task, _) = CreateTask();

        task.Execute();

        var output = Path.Combine(folder, "bin", "ncp-persistence");
        var sarif = File.ReadAllText(Path.Combine(output, ArtifactNames.Sarif));
        var plan = File.ReadAllText(Path.Combine(output, ArtifactNames.PlanJson));
        Assert.Multiple(() =>
        {
            Assert.That(sarif, Does.Contain("\"partialFingerprints\"").And.Contain("\"ncpSemantic/v1\"").And.Contain("\"snippet\""));
            Assert.That(plan, Does.Contain("\"schemaVersion\"").And.Contain("\"l4-source-ip-default\"").And.Contain("\"l7-cookie\""));
            Assert.That(File.ReadAllText(Path.Combine(output, ArtifactNames.PlanMarkdown)), Does.Contain("```mermaid"));
        });
    }

    [Test]
    public void Baseline_AdoptedFindingsNoLongerFail_NewOnesDo()
    {
        Write("ncp-config.yaml", Manifests.NcpConfig);
        Write("cafe.yaml", Manifests.Cafe);
        var baseline = Path.Combine(folder, "ncp-baseline.sarif");

        var (adopt, adoptEngine) = CreateTask(t => { t.BaselineFile = baseline; t.UpdateBaseline = "true"; });
        Assert.That(adopt.Execute(), Is.True, "adopting the current findings");
        Assert.That(File.Exists(baseline), Is.True);
        Assert.That(adoptEngine.Errors, Is.Empty);

        var (again, againEngine) = CreateTask(t => t.BaselineFile = baseline);
        Assert.That(again.Execute(), Is.True, "the finding is in the baseline");
        Assert.That(againEngine.Errors, Is.Empty);

        Write("second.yaml", Manifests.Cafe.Replace("cafe-ingress", "second-ingress", StringComparison.Ordinal).Replace("name: tea-svc", "name: tea-svc-2", StringComparison.Ordinal).Replace("serviceName: tea-svc", "serviceName: tea-svc-2", StringComparison.Ordinal));
        var (later, laterEngine) = CreateTask(t => t.BaselineFile = baseline);
        Assert.That(later.Execute(), Is.False, "a new conflict in another object fails");
        Assert.That(laterEngine.Errors.Single().File, Does.EndWith("second.yaml"));
    }

    [Test]
    public void EditorConfig_ChangesTheSeverity()
    {
        Write("ncp-config.yaml", Manifests.NcpConfig);
        Write("cafe.yaml", Manifests.Cafe);
        Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n");
        var (task, engine) = CreateTask();

        Assert.That(task.Execute(), Is.True);
        Assert.That(engine.Warnings.Single().Code, Is.EqualTo("NCP3001"));
    }

    [TestCase("MaxFileSize", "lots", "NcpMaxFileSize")]
    [TestCase("MaxDedicatedProfiles", "x", "NcpMaxDedicatedProfiles")]
    [TestCase("UnclassedIngressIsNcp", "maybe", "NcpUnclassedIngressIsNcp")]
    [TestCase("UpdateBaseline", "yes", "NcpUpdateBaseline")]
    [TestCase("NcpVersion", "4.x", "NcpVersion")]
    public void InvalidProperty_CodedErrorAgainstTheProjectFile_NothingAnalysed(string parameter, string value, string property)
    {
        Write("cafe.yaml", Manifests.Cafe + "---\n" + Manifests.NcpConfig);
        var (task, engine) = CreateTask(t => typeof(NcpPersistenceAnalyze).GetProperty(parameter)!.SetValue(t, value));

        Assert.That(task.Execute(), Is.False);
        var error = engine.Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("NCP9009"));
            Assert.That(error.HelpLink, Does.EndWith("docs/rules/NCP9009.md"));
            Assert.That(error.File, Is.EqualTo(task.ProjectFile));
            Assert.That(error.Message, Does.Contain($"The property {property} is '{value}'"));
            Assert.That(File.Exists(Path.Combine(folder, "bin", "ncp-persistence", ArtifactNames.Sarif)), Is.False);
        });
    }

    [Test]
    public void NcpVersion_IsTheReleaseTheConfigurationIsCheckedFor()
    {
        Write("ncp.ini", "[nsx_v3]\nl4_persistence = none\n");
        var (old, oldEngine) = CreateTask(t => t.NcpVersion = "4.0");

        Assert.That(old.Execute(), Is.False);
        Assert.That(oldEngine.Errors.Single().Code, Is.EqualTo("NCP1001"));
        Assert.That(oldEngine.Errors.Single().Message, Does.Contain("this configuration runs NCP 4.0 (NcpVersion)"));

        var (current, currentEngine) = CreateTask(t => t.NcpVersion = "4.1.1");
        Assert.That(current.Execute(), Is.True);
        Assert.That(currentEngine.Errors, Is.Empty);
    }

    [Test]
    public void MissingConfigFile_BlamesNcpConfigFile_NotTheManifestFolders()
    {
        Write("k8s/cafe.yaml", Manifests.CafeFixed);
        var (task, engine) = CreateTask(t => t.ConfigFile = "k8s/nsx-ncp-config.yaml");

        Assert.That(task.Execute(), Is.False);
        var error = engine.Errors.Single();
        Assert.That(error.Code, Is.EqualTo("NCP9002"));
        Assert.That(error.Message, Is.EqualTo("The NCP configuration file 'k8s/nsx-ncp-config.yaml' does not exist, so NCP's settings were not read. Fix the path in NcpConfigFile"));
        var note = engine.Messages.Single(m => m.Message!.Contains("info NCP1010", StringComparison.Ordinal));
        Assert.That(note.Message, Does.Contain("The configuration file 'k8s/nsx-ncp-config.yaml' does not exist, so NCP's defaults are assumed"));
    }

    [Test]
    public void TooLargeConfigFile_IsNotSaidToHoldNoNcpIni()
    {
        Write("cafe.yaml", "# small\n");
        Write("ncp-config.yaml", Manifests.NcpConfig);
        var (task, engine) = CreateTask(t => { t.ConfigFile = "ncp-config.yaml"; t.MaxFileSize = "10"; });

        task.Execute();
        var note = engine.Messages.Single(m => m.Message!.Contains("info NCP1010", StringComparison.Ordinal));
        Assert.That(note.Message, Does.Contain("The configuration file 'ncp-config.yaml' could not be read (see NCP9002), so NCP's defaults are assumed").And.Not.Contain("holds no ncp.ini"));
    }

    [Test]
    public void InputsFile_ListsWhatTheEngineRead_NotesFile_SummarisesTheNotes()
    {
        var cafe = Write("k8s/cafe.yaml", Manifests.CafeFixed);
        var ini = Write("k8s/prod-ncp.ini", "[nsx_v3]\nl4_persistence = source_ip\n");
        Write("k8s/readme.txt", "not read");
        var inputs = Path.Combine(folder, "obj", "App.csproj.ncp-persistence.inputs");
        var notes = Path.Combine(folder, "obj", "App.csproj.ncp-persistence.notes");
        var (task, _) = CreateTask(t => { t.InputsFile = inputs; t.NotesFile = notes; });

        Assert.That(task.Execute(), Is.True);
        Assert.That(File.ReadAllLines(inputs), Is.EqualTo(new[] { cafe, ini }));
        Assert.That(File.Exists(notes), Is.False, "no note, no summary");

        File.Delete(ini);
        var (again, _) = CreateTask(t => { t.InputsFile = inputs; t.NotesFile = notes; });
        Assert.That(again.Execute(), Is.True);
        Assert.That(File.ReadAllLines(inputs), Is.EqualTo(new[] { cafe }));
        Assert.That(File.ReadAllText(notes), Does.StartWith("ncp-persistence: 1 note: NCP1010 no NCP configuration was read, so NCP's defaults are assumed (l4_persistence none, l7_persistence none)."));
    }

    [Test]
    public void BaselinePlan_RelativeToTheProjectFolder_MissingOneIsLogged()
    {
        // The project sits below the repository root: a relative path must still start at the project.
        Directory.CreateDirectory(Path.Combine(folder, ".git"));
        var app = Path.Combine(folder, "app");
        Write("app/cafe.yaml", Manifests.Cafe);
        Write("app/ncp-config.yaml", Manifests.NcpConfig);
        void InApp(NcpPersistenceAnalyze t)
        {
            t.ProjectFile = Path.Combine(app, "App.csproj");
            t.OutputDirectory = Path.Combine(app, "bin", "ncp-persistence");
            t.ManifestFolders = new ITaskItem[] { new TaskItem(app) };
        }

        var (first, _) = CreateTask(InApp);
        first.Execute();
        File.Copy(Path.Combine(app, "bin", "ncp-persistence", ArtifactNames.PlanJson), Path.Combine(app, "base-plan.json"));

        var (task, engine) = CreateTask(t => { InApp(t); t.BaselinePlan = "base-plan.json"; });
        task.Execute();
        var plan = File.ReadAllText(Path.Combine(app, "bin", "ncp-persistence", ArtifactNames.PlanJson));
        Assert.That(plan, Does.Contain("\"delta\"").And.Not.Contain("\"unavailable\""));
        Assert.That(engine.Messages.Where(m => m.Message!.Contains("NcpBaselinePlan", StringComparison.Ordinal)), Is.Empty);

        var (missing, missingEngine) = CreateTask(t => { InApp(t); t.BaselinePlan = "no-such-plan.json"; });
        missing.Execute();
        var message = missingEngine.Messages.Single(m => m.Message!.Contains("NcpBaselinePlan", StringComparison.Ordinal));
        Assert.That(message.Importance, Is.EqualTo(MessageImportance.High));
        Assert.That(message.Message, Does.Contain(Path.Combine(app, "no-such-plan.json")));
    }

    [Test]
    public void OutputDirectory_NeverAnalysed()
    {
        Write("cafe.yaml", Manifests.CafeFixed);
        Write("out/stale.yaml", Manifests.Cafe + Manifests.NcpConfig.Replace("nsx-ncp-config", "other", StringComparison.Ordinal));
        var (task, engine) = CreateTask(t => t.OutputDirectory = Path.Combine(folder, "out"));

        Assert.That(task.Execute(), Is.True);
        Assert.That(task.AnalyzedFiles.Select(f => Path.GetFileName(f.ItemSpec)), Is.EqualTo(new[] { "cafe.yaml" }));
        Assert.That(engine.Errors, Is.Empty);
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

    private string Write(string relativePath, string content)
    {
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
