using NcpPersistence.Analysis;
using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests.Severity;

/// <summary>Severities from .editorconfig/.globalconfig (Roslyn's precedence), --nowarn and --warnaserror.</summary>
[TestFixture]
public sealed class SeverityConfigTests
{
    private TempProject project = null!;

    [SetUp]
    public void CreateProject() => project = new TempProject();

    [TearDown]
    public void RemoveProject() => project.Dispose();

    [Test]
    public void WithoutConfiguration_Ncp3001IsAnError()
    {
        var run = project.WithCafe().Run();

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("error"));
    }

    [Test]
    public void EditorConfigSetsWarning_ExitZeroAndPrintedAsWarning()
    {
        project.WithCafe().Write(".editorconfig", "root = true\n\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n");

        var run = project.Run();

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("warning"));
        Assert.That(run.SummaryLine, Does.StartWith("0 error(s), 1 warning(s), 0 note(s) in 3 files"));
    }

    [Test]
    public void BulkKeys_CategoryAndAllAnalyzerDiagnostics_WithRoslynPrecedence()
    {
        // NCP3001 is in category Ingress: the category key beats the all-diagnostics key, and an ID's own key beats both.
        project.WithCafe().Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_analyzer_diagnostic.severity = suggestion\ndotnet_analyzer_diagnostic.category-Ingress.severity = warning\n");
        var byCategory = project.Run();

        project.Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_analyzer_diagnostic.severity = suggestion\n");
        var byAll = project.Run();

        project.Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_analyzer_diagnostic.severity = none\ndotnet_diagnostic.NCP3001.severity = error\n");
        var byId = project.Run();

        Assert.Multiple(() =>
        {
            Assert.That(byCategory.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("warning"), byCategory.ToString());
            Assert.That(byAll.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("note"), byAll.ToString());
            Assert.That((byId.ExitCode, byId.Diagnostics.Single().Id), Is.EqualTo((1, "NCP3001")), byId.ToString());
        });
    }

    [TestCase("suggestion", "note", 0)]
    [TestCase("error", "error", 1)]
    [TestCase("none", null, 0)]
    [TestCase("silent", null, 0)]
    public void EditorConfigSeverityNames(string configured, string? printed, int exitCode)
    {
        project.WithCafe().Write(".editorconfig", $"root = true\n[*]\ndotnet_diagnostic.NCP3001.severity = {configured}\n");

        var run = project.Run();

        Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
        Assert.That(run.Diagnostics.Where(d => d.Id == "NCP3001").Select(d => d.Severity), printed is null ? Is.Empty : Is.EqualTo(new[] { printed }));
    }

    [Test]
    public void SectionGlobs_AreMatchedAgainstTheManifestPath()
    {
        // [k8s/**.yaml] is relative to the .editorconfig's folder: it covers k8s/ but not other/.
        project.WithCafe("k8s").WithCafe("other")
            .Write(".editorconfig", "root = true\n[k8s/**.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n");

        var k8s = project.Run("k8s");
        var other = project.Run("other");

        Assert.That(k8s.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("warning"), k8s.ToString());
        Assert.That(other.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("error"), other.ToString());
        Assert.That(other.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void SectionGlob_StarYamlCoversSubfolders_AndAMoreSpecificLaterSectionWins()
    {
        project.WithCafe("k8s").Write(".editorconfig",
            "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = suggestion\n[k8s/ingress.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n");

        var run = project.Run();

        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("warning"), run.ToString());
    }

    [Test]
    public void NearestEditorConfigWins()
    {
        project.WithCafe("k8s")
            .Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = none\n")
            .Write("k8s/.editorconfig", "[*.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n");

        var run = project.Run();

        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("warning"), run.ToString());
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void ParentEditorConfigApplies_WhenTheNearerOneSaysNothingAboutTheRule()
    {
        project.WithCafe("k8s")
            .Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n")
            .Write("k8s/.editorconfig", "[*.yaml]\ndotnet_diagnostic.NCP1001.severity = none\n");

        var run = project.Run("k8s");

        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("warning"), run.ToString());
    }

    [Test]
    public void RootTrue_StopsTheSearchUpwards()
    {
        project.WithCafe("outer/k8s")
            .Write("outer/.editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = none\n")
            .Write("outer/k8s/.editorconfig", "root = true\n[*.md]\nindent_size = 2\n");

        var run = project.Run("outer/k8s");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("error"));

        // Without root = true in k8s/, the outer file applies.
        project.Write("outer/k8s/.editorconfig", "[*.md]\nindent_size = 2\n");
        var again = project.Run("outer/k8s");
        Assert.That(again.ExitCode, Is.EqualTo(0), again.ToString());
        Assert.That(again.Diagnostics.Where(d => d.Id == "NCP3001"), Is.Empty);
    }

    [Test]
    public void GlobalConfig_Applies_WithoutIsGlobal()
    {
        project.WithCafe("k8s").Write(".globalconfig", "dotnet_diagnostic.NCP3001.severity = warning\n");

        var run = project.Run("k8s");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("warning"));
    }

    [Test]
    public void EditorConfig_TakesPrecedenceOverGlobalConfig()
    {
        project.WithCafe()
            .Write(".globalconfig", "is_global = true\ndotnet_diagnostic.NCP3001.severity = none\n")
            .Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n");

        var run = project.Run();

        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("warning"), run.ToString());
    }

    [Test]
    public void NoWarn_SilencesTheRule_WhateverTheEditorConfigSays()
    {
        project.WithCafe().Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = error\n");

        var run = project.Run("--nowarn", "NCP3001,NCP9999");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Diagnostics.Where(d => d.Id == "NCP3001"), Is.Empty);
    }

    [Test]
    public void WarnAsError_PromotesConfiguredWarnings()
    {
        project.WithCafe().Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = warning\n");

        var run = project.Run("--warnaserror");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("error"));
    }

    [Test]
    public void WarnAsError_LeavesNotesAlone()
    {
        project.WithCafe().Write(".editorconfig", "root = true\n[*.yaml]\ndotnet_diagnostic.NCP3001.severity = suggestion\n");

        var run = project.Run("--warnaserror");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Diagnostics.Single(d => d.Id == "NCP3001").Severity, Is.EqualTo("note"));
    }

    [Test]
    public void FindConfigFiles_ListsEditorConfigsAndGlobalConfigsOfTheFoldersAndTheirParents()
    {
        project.WithCafe("a/k8s")
            .Write(".editorconfig", "root = true\n")
            .Write(".globalconfig", "is_global = true\n")
            .Write("a/k8s/.editorconfig", "[*]\n")
            .Write("b/.editorconfig", "[*]\n");

        var files = EditorConfigSeverities.FindConfigFiles(new[] { Path.Combine(project.Root, "a", "k8s", "ingress.yaml") });

        Assert.That(files, Is.EqualTo(new[]
        {
            Path.Combine(project.Root, ".editorconfig"),
            Path.Combine(project.Root, ".globalconfig"),
            Path.Combine(project.Root, "a", "k8s", ".editorconfig"),
        }));
    }

    [Test]
    public void ConfigFilesUsed_AndProjectLevelDiagnosticsTakeGlobalValuesOnly()
    {
        project.WithCafe()
            .Write(".editorconfig", "root = true\n[*]\ndotnet_diagnostic.NCP1004.severity = none\n")
            .Write(".globalconfig", "dotnet_diagnostic.NCP1004.severity = warning\n");
        var severities = new EditorConfigSeverities(new[] { project.Root });

        Assert.That(severities.GetSeverity("NCP1004", file: null), Is.EqualTo(Diagnostics.Severity.Warning));
        Assert.That(severities.GetSeverity("NCP1004", Path.Combine(project.Root, "ingress.yaml")), Is.EqualTo(Diagnostics.Severity.None));
        Assert.That(severities.GetSeverity("NCP3001", Path.Combine(project.Root, "ingress.yaml")), Is.Null);
        Assert.That(severities.ConfigFilesUsed, Is.EquivalentTo(new[] { Path.Combine(project.Root, ".editorconfig"), Path.Combine(project.Root, ".globalconfig") }));
    }
}
