using System.Globalization;
using System.Text.Json;

namespace NcpPersistence.Tests.Hostile;

/// <summary>
/// Artifact, baseline and baseline-plan paths that are not plain files, malformed baselines, outputs that clobber
/// each other or an input, leftovers of killed writes, and names and locales that changed the text (issue 16:
/// F5, F9, F10, F11, F12, F15). Every case was a hang, a stack trace, a replaced device or a silent wrong result.
/// </summary>
[TestFixture]
[NonParallelizable]
[Platform(Exclude = "Win", Reason = "FIFOs, devices and Unix file names")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OutputAndBaselineTests
{
    private const string Sticky = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  sessionAffinity: Sticky\n";
    private string folder = "";

    [SetUp]
    public void CreateFolder()
    {
        folder = Hostile.NewFolder();
        File.WriteAllText(Path.Combine(folder, "svc.yaml"), Sticky);
    }

    [TearDown]
    public void DeleteFolder() => Hostile.DeleteFolder(folder);

    [TestCase("--sarif")]
    [TestCase("--plan")]
    [TestCase("--plan-markdown")]
    public void OutputOnAFifo_IsExit2_NeverOpened(string option)
    {
        // F9: every writer first read the existing target to compare, so a FIFO hung the run for ever.
        var fifo = MakeFifo("out.fifo");

        var child = Hostile.RunChild(folder, Hostile.TimeLimit, "svc.yaml", option, "out.fifo");

        Assert.That(child.ExitCode, Is.EqualTo(2), child.ToString());
        Assert.That(child.Stderr, Does.Contain($"ncp-persistence: {option}: '{fifo}' is a FIFO (named pipe), not a regular file"));
        Assert.That(child.Stderr, Does.Not.Contain("   at "));
        Assert.That(Kind(fifo), Is.EqualTo("fifo"), "still a FIFO");
    }

    [TestCase("--sarif")]
    [TestCase("--plan")]
    public void OutputThroughALinkToACharacterDevice_IsExit2_TheLinkStays(string option)
    {
        // F5: as root the writer renamed a regular file over /dev/null (for every process of the machine). The link
        // stands in for /dev/null here, so that the test cannot damage the machine even against the old code.
        var link = Path.Combine(folder, "null.out");
        File.CreateSymbolicLink(link, "/dev/null");

        var child = Hostile.RunChild(folder, Hostile.TimeLimit, "svc.yaml", option, "null.out");

        Assert.That(child.ExitCode, Is.EqualTo(2), child.ToString());
        Assert.That(child.Stderr, Does.Contain("is a character device, not a regular file"));
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("/dev/null"), "the link was not replaced");
    }

    [Test]
    public void SarifToStdoutThatIsAPipe_IsExit2_NoHang()
    {
        // F9: '--sarif /dev/stdout | cat' read its own pipe and hung. The link stands in for /dev/stdout.
        File.CreateSymbolicLink(Path.Combine(folder, "stdout.sarif"), "/proc/self/fd/1");

        var child = Hostile.RunChild(folder, Hostile.TimeLimit, "svc.yaml", "--sarif", "stdout.sarif");

        Assert.That(child.ExitCode, Is.EqualTo(2), child.ToString());
        Assert.That(child.Stderr, Does.Contain("is a FIFO (named pipe), not a regular file"));
    }

    [Test]
    public void OutputThroughALinkToARegularFile_WritesTheTarget_TheLinkStays()
    {
        var target = Path.Combine(folder, "real.sarif");
        File.WriteAllText(target, "old");
        var link = Path.Combine(folder, "link.sarif");
        File.CreateSymbolicLink(link, "real.sarif");

        var run = Hostile.Run(folder, "svc.yaml", "--sarif", "link.sarif");

        Assert.That(run.Run.ExitCode, Is.EqualTo(1), run.Run.ToString());
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("real.sarif"));
        Assert.That(File.ReadAllText(target), Does.Contain("\"version\": \"2.1.0\""));
    }

    [Test]
    public void BaselineOnAFifo_IsExit2_BaselinePlanOnAFifo_IsAWarning()
    {
        MakeFifo("base.fifo");
        MakeFifo("plan.fifo");

        var baseline = Hostile.RunChild(folder, Hostile.TimeLimit, "svc.yaml", "--baseline", "base.fifo");
        var plan = Hostile.RunChild(folder, Hostile.TimeLimit, "svc.yaml", "--plan", Path.Combine(folder, "p.json"), "--baseline-plan", "plan.fifo");

        Assert.That(baseline.ExitCode, Is.EqualTo(2), baseline.ToString());
        Assert.That(baseline.Stderr, Does.Contain("is a FIFO (named pipe), not a regular file"));
        Assert.That(plan.ExitCode, Is.EqualTo(1), plan.ToString());
        Assert.That(plan.Stderr, Does.Contain("warning: the baseline plan 'plan.fifo' is a FIFO (named pipe), not a regular file; the plan is written without a comparison"));
    }

    [TestCase("\"partialFingerprints\": \"x\"")]
    [TestCase("\"partialFingerprints\": [\"x\"]")]
    [TestCase("\"message\": \"t\", \"partialFingerprints\": {\"ncpSemantic/v1\": \"f\"}")]
    [TestCase("\"message\": [\"t\"], \"partialFingerprints\": {\"ncpSemantic/v1\": \"f\"}")]
    public void BaselineWithWrongTypes_IsUsed_NeverAStackTrace(string members)
    {
        // F10: Newtonsoft's indexers threw InvalidOperationException / ArgumentException (only JsonException was caught).
        File.WriteAllText(Path.Combine(folder, "b.sarif"), $"{{\"version\": \"2.1.0\", \"runs\": [{{\"results\": [{{\"ruleId\": \"NCP2003\", {members}}}]}}]}}");

        var run = Hostile.Run(folder, "svc.yaml", "--baseline", "b.sarif");

        Hostile.AssertWellBehaved(run, 0, 0);
        Assert.That(run.Run.ExitCode, Is.EqualTo(1), "the finding is new: the malformed result matches nothing");
        Assert.That(run.Run.SummaryLine, Does.Contain("baseline: 2 new, 0 unchanged"), "NCP2003 and the NCP1010 note");
    }

    [TestCase("\"conflicts\": [{\"ingress\": \"a\", \"service\": \"b\", \"line\": 1.5}]")]
    [TestCase("\"conflicts\": [{\"ingress\": \"a\", \"service\": \"b\", \"line\": 1e12}]")]
    [TestCase("\"ncpConfig\": {\"l4Persistence\": {\"origin\": {\"line\": 2.5}}, \"l7Persistence\": {}, \"cookieName\": {}, \"l7PersistenceTimeout\": {}}")]
    public void BaselinePlanWithANonIntegerLine_IsAWarning_NeverAStackTrace(string member)
    {
        // F10: JsonElement.GetInt32 threw FormatException (in MSBuild: NCP0000, a failed build), although a bad
        // baseline plan is documented as a warning.
        var config = member.StartsWith("\"ncpConfig\"", StringComparison.Ordinal) ? "" : "\"ncpConfig\": {\"l4Persistence\": {}, \"l7Persistence\": {}, \"cookieName\": {}, \"l7PersistenceTimeout\": {}}, ";
        File.WriteAllText(Path.Combine(folder, "base.json"), $"{{\"schemaVersion\": \"1.0\", {config}{member}}}");

        var run = Hostile.Run(folder, "svc.yaml", "--plan", Path.Combine(folder, "p.json"), "--baseline-plan", "base.json");

        Hostile.AssertWellBehaved(run, 0, 0);
        Assert.That(run.Run.Stderr, Does.Contain("warning: the baseline plan 'base.json' is not a valid NSX profile plan: 'line' is not an integer; the plan is written without a comparison"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "p.json")), Does.Contain("\"status\": \"unavailable\""));
    }

    [TestCase("adir", "is a directory")]
    [TestCase("svc.yaml/b.sarif", "cannot be written")]
    public void UpdateBaselineThatCannotBeWritten_IsExit2_OneLine(string baseline, string reason)
    {
        // F10: Baseline.Write's IOException escaped the CLI's handling: a stack trace and exit 1.
        Directory.CreateDirectory(Path.Combine(folder, "adir"));

        var run = Hostile.Run(folder, "svc.yaml", "--baseline", baseline, "--update-baseline");

        Assert.That(run.Run.ExitCode, Is.EqualTo(2), run.Run.ToString());
        Assert.That(run.Run.Stderr, Does.Contain(reason).And.Not.Contain("   at ").And.Not.Contain("Unhandled"));
        Assert.That(run.Run.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void TwoOutputsOnOneFile_IsExit2_NothingWritten()
    {
        // F12: '--sarif out --plan out' left only the plan in 'out'; the SARIF log was silently gone.
        var run = Hostile.Run(folder, "svc.yaml", "--sarif", "same.out", "--plan", "./same.out");

        Assert.That(run.Run.ExitCode, Is.EqualTo(2), run.Run.ToString());
        Assert.That(run.Run.Stderr, Does.Contain("--sarif and --plan name the same file"));
        Assert.That(Path.Combine(folder, "same.out"), Does.Not.Exist);
    }

    [TestCase("--sarif", "svc.yaml")]
    [TestCase("--plan", "base.json")]
    public void OutputOnAnInput_IsExit2_TheInputUntouched(string option, string input)
    {
        // F12: '--sarif cafe.yaml' replaced the manifest being analysed with the SARIF log.
        File.WriteAllText(Path.Combine(folder, "base.json"), "{}");
        var before = File.ReadAllText(Path.Combine(folder, input));

        var run = Hostile.Run(folder, "svc.yaml", option, input, "--baseline-plan", "base.json");

        Assert.That(run.Run.ExitCode, Is.EqualTo(2), run.Run.ToString());
        Assert.That(run.Run.Stderr, Does.Contain($"{option} '{Path.Combine(folder, input)}' is a file this run reads"));
        Assert.That(File.ReadAllText(Path.Combine(folder, input)), Is.EqualTo(before));
    }

    [Test]
    public void LeftoversOfAKilledWrite_AreRemovedByTheNextRun_LiveOnesKept()
    {
        // F11: each kill -9 during a write left a '.NAME.GUID.tmp' beside the artifact, for ever.
        var output = Path.Combine(folder, "out");
        Directory.CreateDirectory(output);
        Assert.That(Hostile.Run(folder, "svc.yaml", "--sarif", "out/o.sarif").Run.ExitCode, Is.EqualTo(1));
        var stale = Path.Combine(output, ".o.sarif.0123456789abcdef0123456789abcdef.tmp");
        var fresh = Path.Combine(output, ".o.sarif.11111111111111111111111111111111.tmp");
        var locked = Path.Combine(output, ".o.sarif.22222222222222222222222222222222.tmp");
        var other = Path.Combine(output, ".other.sarif.33333333333333333333333333333333.tmp");
        foreach (var file in new[] { stale, fresh, locked, other })
        {
            File.WriteAllText(file, "{ \"partial");
        }

        foreach (var file in new[] { stale, locked, other })
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
        }

        using (new FileStream(locked, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            // The content is unchanged: the log is not rewritten, and the leftovers go all the same.
            Assert.That(Hostile.Run(folder, "svc.yaml", "--sarif", "out/o.sarif").Run.ExitCode, Is.EqualTo(1));
        }

        Assert.Multiple(() =>
        {
            Assert.That(stale, Does.Not.Exist, "a leftover of an interrupted write");
            Assert.That(fresh, Does.Exist, "younger than the minimum age: maybe a writer between create and lock");
            Assert.That(locked, Does.Exist, "a live writer holds it");
            Assert.That(other, Does.Exist, "another artifact's");
        });
    }

    [Test]
    public void OddFileNames_KeepTheirNames_AndCannotForgeALine()
    {
        // F15: 'back\slash.yaml' was printed and linked as 'back/slash.yaml' (another path); a name with a newline
        // split its diagnostic; a name holding '(1,1): error NCP9999:' printed a line that parses as an NCP9999 error.
        File.WriteAllText(Path.Combine(folder, "back\\slash.yaml"), Sticky.Replace("web", "back", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "new\nline.yaml"), Sticky.Replace("web", "newline", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "x(1,1): error NCP9999: forged.yaml"), Sticky.Replace("web", "forged", StringComparison.Ordinal));
        File.Delete(Path.Combine(folder, "svc.yaml"));

        var run = Hostile.Run(folder, ".", "--sarif", "n.sarif");

        Hostile.AssertWellBehaved(run, 0, 0);
        Assert.That(run.Run.Diagnostics.Select(d => d.Id), Has.None.EqualTo("NCP9999"), "no forged diagnostic");
        Assert.That(run.Run.Diagnostics.Select(d => d.File).Where(f => f.Length > 0), Is.EquivalentTo(new[] { "back\\slash.yaml", "new%0Aline.yaml", "x%281,1%29: error NCP9999: forged.yaml" }));
        Assert.That(run.Run.Stdout.Split('\n').Count(l => l.Contains("error NCP2003", StringComparison.Ordinal)), Is.EqualTo(3), "one line each");
        var uris = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "n.sarif"))).RootElement
            .GetProperty("runs")[0].GetProperty("artifacts").EnumerateArray().Select(a => a.GetProperty("location").GetProperty("uri").GetString()).ToList();
        Assert.That(uris, Does.Contain("back%5Cslash.yaml"));
    }

    [Test]
    public void DeletedFile_IsReportedAsGone_NotAsADirectory()
    {
        // F15: FileInfo.Attributes is -1 for a missing file, so a file deleted during the run "was a directory".
        var gone = Path.Combine(folder, "gone.yaml");

        var loaded = NcpPersistence.Loading.ManifestLoader.Load(gone, 0, new NcpPersistence.Loading.LoadContext("default", 16 << 20, folder));

        Assert.That(loaded.Problems.Single().Message, Is.EqualTo("the file no longer exists (it was deleted or renamed during the analysis)"));
    }

    [Test]
    public void SarifAndConsole_AreTheSameUnderEveryLocale()
    {
        // F15: the SARIF message text followed the locale ("2,000" / "2.000"), although the log is deterministic.
        var german = CultureInfo.GetCultureInfo("de-DE");
        Assume.That(german.NumberFormat.NumberGroupSeparator, Is.EqualTo("."), "no culture data (invariant globalization mode)");
        File.WriteAllText(Path.Combine(folder, "big.yaml"), "# " + new string('x', 2000) + "\n");
        var saved = CultureInfo.CurrentCulture;
        Measured run;
        try
        {
            CultureInfo.CurrentCulture = german;
            run = Hostile.Run(folder, ".", "--max-file-size", "1500", "--sarif", "de.sarif");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.That(run.Run.Stdout, Does.Contain("the file is 2,003 bytes, over the 1,500-byte limit"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "de.sarif")), Does.Contain("the file is 2,003 bytes, over the 1,500-byte limit").And.Not.Contain("2.003"));
        Assert.That(CultureInfo.CurrentCulture, Is.EqualTo(saved), "the caller's culture is restored");
    }

    [TestCase("--l4")]
    [TestCase("--l7")]
    public void EmptyPersistenceOverride_IsAUsageError(string option)
    {
        // F15: '--l4 ""' silently meant 'none' and made the cafe NCP3001 disappear (exit 0).
        var run = Hostile.Run(folder, "svc.yaml", option, "");

        Assert.That(run.Run.ExitCode, Is.EqualTo(2), run.Run.ToString());
        Assert.That(run.Run.Stderr, Does.Contain("--l4 and --l7 need a value"));
    }

    private string MakeFifo(string name)
    {
        var fifo = Path.Combine(folder, name);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", new[] { fifo }))
        {
            mkfifo.WaitForExit();
        }

        Assume.That(File.Exists(fifo), "mkfifo is not available");
        return fifo;
    }

    private static string Kind(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", new[] { "-c", "%F", path }) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return output;
    }
}
