using System.Diagnostics;
using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests;

/// <summary>What a newcomer meets first: --help, precise usage errors, exit code 3, repository-relative artifacts, hostile consoles.</summary>
[TestFixture]
public sealed class CommandLineAdoptionTests
{
    [Test]
    public void Help_NamesValuesAndExitCodes_WithoutPlaceholdersOfOptionNames()
    {
        var run = CliRun.Run(Path.GetTempPath(), "--help");

        Assert.That(run.ExitCode, Is.Zero);
        Assert.That(run.Stdout, Does.Contain("--config <FILE>").And.Contain("--max-file-size <BYTES>").And.Contain("--unclassed-ingress-is-ncp <true|false>").And.Contain("--source-root <DIR>"));
        Assert.That(run.Stdout, Does.Not.Contain("<config>").And.Not.Contain("<l4>").And.Not.Contain("<max-file-size>"));
        Assert.That(run.Stdout, Does.Contain("0 no error-level finding").And.Contain("2 bad usage").And.Contain("3 the analyzer itself failed (NCP0000)"));
    }

    [TestCase("--max-file-size", "abc", "ncp-persistence: --max-file-size must be a number of bytes, 1 or more, not 'abc'.")]
    [TestCase("--max-file-size", "0", "ncp-persistence: --max-file-size must be a number of bytes, 1 or more, not '0'.")]
    [TestCase("--jobs", "0", "ncp-persistence: --jobs must be a whole number, 1 or more, not '0'.")]
    [TestCase("--max-dedicated-profiles", "-1", "ncp-persistence: --max-dedicated-profiles must be a whole number, 0 or more, not '-1'.")]
    [TestCase("--unclassed-ingress-is-ncp", "maybe", "ncp-persistence: --unclassed-ingress-is-ncp takes true or false, not 'maybe'.")]
    public void BadValue_OnePreciseMessage_NoTypeName(string option, string value, string message)
    {
        using var project = new TempProject().WithCafe();

        var run = project.Run(".", option, value);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Stderr.Split('\n')[0], Is.EqualTo(message));
        Assert.That(run.Stderr, Does.Not.Contain("System."));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void UnclassedIngressIsNcp_TakesFalse()
    {
        using var project = new TempProject().WithCafe();

        Assert.That(project.Run(".", "--unclassed-ingress-is-ncp", "false").ExitCode, Is.Zero, "the Ingress names no class, so it is not NCP's");
        Assert.That(project.Run(".", "--unclassed-ingress-is-ncp", "true").ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void NoWarn_UnknownId_WarnsOnStandardError()
    {
        using var project = new TempProject().WithCafe();

        var run = project.Run(".", "--nowarn", "NCP9999,NCP3001");

        Assert.That(run.ExitCode, Is.Zero, "NCP3001 is still silenced");
        Assert.That(run.Stderr, Does.Contain("warning: --nowarn NCP9999: there is no rule NCP9999"));
        Assert.That(run.Stderr, Does.Not.Contain("NCP3001"));
    }

    [Test]
    public void SourceRoot_DefaultsToTheAnalysedFilesRepository_ForSarifAndPlan_FromAnyFolder()
    {
        using var repository = new TempProject().WithCafe("deploy/k8s");
        Directory.CreateDirectory(Path.Combine(repository.Root, ".git"));
        using var elsewhere = new TempProject();

        var run = elsewhere.Run(Path.Combine(repository.Root, "deploy", "k8s"), "--sarif", "out.sarif", "--plan", "plan.json");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        var sarif = elsewhere.Read("out.sarif");
        Assert.That(sarif, Does.Contain("\"uri\": \"deploy/k8s/ingress.yaml\""));
        Assert.That(sarif, Does.Contain($"\"uri\": \"{new Uri(repository.Root + "/").AbsoluteUri}\""), "%SRCROOT% is the repository");
        Assert.That(elsewhere.Read("plan.json"), Does.Contain("\"file\": \"deploy/k8s/ncp-config.yaml\""), "plan paths are repository-relative too");
        Assert.That(run.Stdout, Does.StartWith(Path.Combine(repository.Root, "deploy", "k8s")), "console paths stay relative to the current folder (absolute outside it)");
    }

    [Test]
    public void SourceRoot_Given_IsUsed_AndAMissingOneIsBadUsage()
    {
        using var project = new TempProject().WithCafe("k8s");

        var run = project.Run("k8s", "--source-root", "k8s", "--sarif", "out.sarif");
        var bad = project.Run("k8s", "--source-root", "nowhere", "--sarif", "out.sarif");

        Assert.That(project.Read("out.sarif"), Does.Contain("\"uri\": \"ingress.yaml\""));
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That((bad.ExitCode, bad.Stderr), Is.EqualTo((2, "ncp-persistence: the source root 'nowhere' is not a folder.\n")));
    }

    [Test]
    public void FromTheRootFolder_WithSarif_NoCrash()
    {
        using var project = new TempProject().WithCafe();

        var run = CliRun.Run("/", project.Root, "--sarif", Path.Combine(project.Root, "out.sarif"));

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(project.Read("out.sarif"), Does.Contain("\"ruleId\": \"NCP3001\""));
    }

    [Test]
    public void FirstUpdateBaseline_CountsTheFindingsAsAdded_NotUnchanged()
    {
        using var project = new TempProject().WithCafe(secondIngress: true);

        var first = project.Run(".", "--baseline", "ncp-baseline.sarif", "--update-baseline");
        var again = project.Run(".", "--baseline", "ncp-baseline.sarif", "--update-baseline");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.SummaryLine, Does.EndWith("; baseline updated: 2 finding(s) (2 added, 0 kept, 0 removed)"));
        Assert.That(first.Stderr, Does.Contain("wrote the baseline 'ncp-baseline.sarif': 2 finding(s) (2 added, 0 kept, 0 removed)."));
        Assert.That(again.SummaryLine, Does.EndWith("; baseline updated: 2 finding(s) (0 added, 2 kept, 0 removed)"));
        Assert.That(project.Read("ncp-baseline.sarif"), Does.Not.Contain("baselineState"), "the written baseline carries no comparison");
    }

    [Test]
    public void ClosedStandardOutput_NoStackTrace_ExitCodeOfTheFindings()
    {
        using var project = new TempProject().WithCafe();
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "ncp-persistence.dll");

        var (exitCode, stderr) = Shell($"dotnet '{cli}' . --sarif out.sarif >&-", project.Root);

        Assert.That(exitCode, Is.EqualTo(1), stderr);
        Assert.That(stderr, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"));
        Assert.That(stderr, Does.Contain("standard output could not be written"));
        Assert.That(project.Read("out.sarif"), Does.Contain("\"ruleId\": \"NCP3001\""));
    }

    [Test]
    public void RedirectedStandardOutput_Buffered_KeepsItsOrderWithStandardError()
    {
        // Standard output is buffered when redirected (one write per line costs a system call each); what goes to
        // standard error flushes it first, so '2>&1' still reads findings, summary, then the verbose lines.
        using var project = new TempProject().WithCafe(secondIngress: true);
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "ncp-persistence.dll");

        var (exitCode, stderr) = Shell($"dotnet '{cli}' . --verbose --sarif out.sarif > both.txt 2>&1", project.Root);

        var lines = project.Read("both.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exitCode, Is.EqualTo(1), stderr);
        var summary = Array.FindIndex(lines, l => l.StartsWith("2 error(s)", StringComparison.Ordinal));
        Assert.That(summary, Is.EqualTo(2), string.Join("\n", lines));
        Assert.That(lines.Take(2), Has.All.Contain(": error NCP3001: "));
        Assert.That(lines.Skip(3), Has.All.StartWith("ncp-persistence: "));
        Assert.That(lines.Skip(3).Any(l => l.StartsWith("ncp-persistence: memory: peak working set ", StringComparison.Ordinal)));
    }

    [Test]
    public void FullStandardOutput_CountsTheLinesLost_ExitCodeOfTheFindings()
    {
        using var project = new TempProject().WithCafe(secondIngress: true);
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "ncp-persistence.dll");

        var (exitCode, stderr) = Shell($"dotnet '{cli}' . --sarif out.sarif > /dev/full", project.Root);

        Assert.That(exitCode, Is.EqualTo(1), stderr);
        Assert.That(stderr, Is.EqualTo("ncp-persistence: warning: standard output could not be written (3 lines lost); the exit code and the artifacts are unaffected.\n"));
        Assert.That(project.Read("out.sarif"), Does.Contain("\"ruleId\": \"NCP3001\""));
    }

    [Test]
    public void DeletedCurrentFolder_ClearMessage_ExitTwo()
    {
        using var project = new TempProject().WithCafe();
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "ncp-persistence.dll");
        var gone = Path.Combine(project.Root, "gone");
        Directory.CreateDirectory(gone);

        var (exitCode, stderr) = Shell($"cd '{gone}' && rmdir '{gone}' && dotnet '{cli}' .", project.Root);

        Assert.That(exitCode, Is.EqualTo(2), stderr);
        Assert.That(stderr, Is.EqualTo("ncp-persistence: the current folder no longer exists (it was deleted or moved); run the command from an existing folder.\n"));
    }

    private static (int ExitCode, string Stderr) Shell(string command, string workingDirectory)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = workingDirectory, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr);
    }
}
