using NUnit.Framework;
using NcpPersistence.Cli;
using NcpPersistence.Plan;
using static NcpPersistence.Tests.PlanTests.PlanTestSupport;

namespace NcpPersistence.Tests.PlanTests;

[TestFixture]
[NonParallelizable]
public sealed class PlanCommandLineTests
{
    private string folder = "";

    [SetUp]
    public void SetUp() => folder = TempFolder();

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public void Plan_and_plan_markdown_write_both_artifacts()
    {
        var json = Path.Combine(folder, "nsx-profile-plan.json");
        var markdown = Path.Combine(folder, "nested", "nsx-profile-plan.md");

        var (exit, _, err) = Run(Path.Combine(CafeRoot, "manifests"), "--plan", json, "--plan-markdown", markdown);

        Assert.That(exit, Is.EqualTo(CommandLine.ExitFindings), "the cafe example has an NCP3001 error");
        Assert.That(err, Is.Empty);
        AssertValid(File.ReadAllText(json));
        Assert.That(File.ReadAllText(json), Does.Contain("\"id\": \"l4-source-ip-default\""));
        Assert.That(File.ReadAllText(markdown), Does.StartWith("# NSX profile plan\n"));
    }

    [Test]
    public void Baseline_plan_adds_the_delta()
    {
        var before = Path.Combine(folder, "before.json");
        var after = Path.Combine(folder, "after.json");
        var markdown = Path.Combine(folder, "after.md");
        Assert.That(Run(Fixture("delta-before"), "--plan", before).Exit, Is.EqualTo(CommandLine.ExitFindings));

        var (exit, _, err) = Run(Fixture("delta-after"), "--plan", after, "--plan-markdown", markdown, "--baseline-plan", before);

        Assert.That(exit, Is.EqualTo(CommandLine.ExitClean));
        Assert.That(err, Is.Empty);
        AssertValid(File.ReadAllText(after));
        Assert.That(PlanReader.TryRead(File.ReadAllText(after), out _, out _), Is.True);
        Assert.That(File.ReadAllText(markdown), Does.Contain("This change creates 2 dedicated persistence profiles, removes 1"));
    }

    [Test]
    public void A_missing_baseline_plan_is_a_warning_and_the_plan_is_still_written()
    {
        var json = Path.Combine(folder, "plan.json");
        var markdown = Path.Combine(folder, "plan.md");

        var (exit, _, err) = Run(Fixture("tls"), "--plan", json, "--plan-markdown", markdown, "--baseline-plan", Path.Combine(folder, "nope.json"));

        Assert.That(exit, Is.EqualTo(CommandLine.ExitClean));
        Assert.That(err, Does.Contain($"warning: the baseline plan '{Path.Combine(folder, "nope.json")}' does not exist; the plan is written without a comparison."), "the full path, not only the file name");
        AssertValid(File.ReadAllText(json));
        Assert.That(File.ReadAllText(markdown), Does.Contain("> **Note:** no comparison with the base branch"));
    }

    [Test]
    public void Baseline_plan_without_an_output_only_warns()
    {
        var (exit, _, err) = Run(Fixture("tls"), "--baseline-plan", Path.Combine(folder, "nope.json"));

        Assert.That(exit, Is.EqualTo(CommandLine.ExitClean));
        Assert.That(err, Does.Contain("--baseline-plan has no effect without --plan or --plan-markdown"));
    }

    [Test]
    public void An_unwritable_plan_path_is_exit_2_with_a_message()
    {
        var blocker = Path.Combine(folder, "file");
        File.WriteAllText(blocker, "");

        var (exit, _, err) = Run(Fixture("tls"), "--plan", Path.Combine(blocker, "plan.json"));

        Assert.That(exit, Is.EqualTo(CommandLine.ExitUsage));
        Assert.That(err, Does.Contain("cannot write the plan"));
    }
}
