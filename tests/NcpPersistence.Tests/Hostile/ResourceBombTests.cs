using System.Text;

namespace NcpPersistence.Tests.Hostile;

/// <summary>
/// Inputs built to exhaust time, stack or memory. Each one is generated here (nothing big is
/// committed) and must end with diagnostics, within the bounds of <see cref="Hostile"/>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ResourceBombTests
{
    private string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Hostile.NewFolder();

    [TearDown]
    public void DeleteFolder() => Hostile.DeleteFolder(folder);

    private long Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(folder, name), text, Hostile.Utf8);
        return new FileInfo(Path.Combine(folder, name)).Length;
    }

    [Test]
    public void BillionLaughs_AliasesAreNotExpanded()
    {
        // 10 levels of 10 aliases: 10^10 "lol"s if expanded. Inside a Service's annotations, where the
        // analyzer reads, and as the Service's spec, which it reads through the alias (a list, where a
        // mapping belongs) without copying anything, and reports where the alias is written.
        var yaml = new StringBuilder("apiVersion: v1\nkind: Service\nmetadata:\n  name: laughs\n  annotations:\n    l0: &l0 lol\n");
        for (var level = 1; level <= 10; level++)
        {
            yaml.Append($"    l{level}: &l{level} [").AppendJoin(", ", Enumerable.Repeat($"*l{level - 1}", 10)).Append("]\n");
        }

        yaml.Append("spec: *l10\n");
        var size = Write("laughs.yaml", yaml.ToString());

        var measured = Hostile.Run(folder, "laughs.yaml");

        Hostile.AssertWellBehaved(measured, size, allocationPerInputByte: 1000);
        Assert.That(measured.Allocated, Is.LessThan(Hostile.BaseAllocation), "costs no more than the text");
        var malformed = measured.Run.Diagnostics.Single(d => d.Id == "NCP9003");
        Assert.That((malformed.Line, malformed.Column), Is.EqualTo((17, 7)));
        Assert.That(malformed.Message, Does.Contain("spec is a list"));
    }

    [TestCase("[", 200_000, 1, 513, TestName = "FlowSequences_200000Deep")]
    [TestCase("{a: ", 200_000, 1, 2049, TestName = "FlowMappings_200000Deep")]
    [TestCase("? ", 20_000, 1, 1025, TestName = "CompactBlockMappings_20000Deep")]
    [TestCase("- ", 20_000, 1, 1025, TestName = "CompactBlockSequences_20000Deep")]
    public void DeepNesting_StopsAtTheDepthLimit_WithAPosition(string opener, int depth, int line, int column)
    {
        var size = Write("deep.yaml", string.Concat(Enumerable.Repeat(opener, depth)) + "x\n");
        AssertDepthLimit(size, line, column);
    }

    [Test]
    public void IndentedBlockMappings_5000Deep_StopAtTheDepthLimit()
    {
        // One space more per level: n levels cost n^2/2 bytes, so 20,000 levels would be 200 MB, over the
        // default size limit (NCP9002, covered below). 5,000 levels (12.5 MB) reach the parser.
        var yaml = new StringBuilder();
        for (var level = 0; level < 5_000; level++)
        {
            yaml.Append(' ', level).Append('k').Append(level).Append(":\n");
        }

        var size = Write("deep.yaml", yaml.Append(' ', 5_000).Append("v\n").ToString());
        AssertDepthLimit(size, 513, 513);
    }

    private void AssertDepthLimit(long size, int line, int column)
    {
        // A child process first: if the parser recursed and overflowed the stack, that would kill the
        // test host, which no assertion can catch.
        var child = Hostile.RunChild(folder, Hostile.TimeLimit, "deep.yaml");
        Hostile.AssertChildWellBehaved(child);
        Assert.That(child.Stdout, Does.Contain($"deep.yaml({line},{column}): error NCP9001: The file is not valid YAML: YAML nesting is deeper than 512 levels"));

        var measured = Hostile.Run(folder, "deep.yaml");

        Hostile.AssertWellBehaved(measured, size, allocationPerInputByte: 8);
        Assert.That(measured.Run.ExitCode, Is.EqualTo(1));
        var error = measured.Run.Diagnostics.Single(d => d.Severity == "error");
        Assert.That((error.Id, error.Line, error.Column), Is.EqualTo(("NCP9001", line, column)));
    }

    [Test]
    public void WrappedDoubleQuotedValues_20000_StopAtTheRereadLimit()
    {
        // Each double-quoted value wrapped at its key's indentation costs one more read of the file (YamlDotNet
        // refuses the form, libyaml reads it): a few are read, twenty thousand stop at the limit with NCP9001.
        var yaml = new StringBuilder("a:\n");
        for (var i = 0; i < 20_000; i++)
        {
            yaml.Append("  k").Append(i).Append(": \"x\n  y\"\n");
        }

        var size = Write("wrapped.yaml", yaml.ToString());

        var measured = Hostile.Run(folder, "wrapped.yaml");

        Hostile.AssertWellBehaved(measured, size, allocationPerInputByte: 2000);
        var error = measured.Run.Diagnostics.Single(d => d.Id == "NCP9001");
        Assert.That(error.Line, Is.EqualTo(2 + (2 * 256)), "the 257th wrapped value is where the re-reading stopped");
        Assert.That(error.Message, Does.StartWith("The file was not read whole: the file has more than 256 double-quoted values"), "a bound of the analysis, not a claim that the YAML is invalid");
    }

    [Test]
    public void FileOverTheSizeLimit_IsNotRead()
    {
        // A sparse 4 GiB file: reading it would take gigabytes and seconds; stat alone is free.
        using (var stream = new FileStream(Path.Combine(folder, "huge.yaml"), FileMode.CreateNew))
        {
            stream.SetLength(4096 * Hostile.MiB);
        }

        var measured = Hostile.Run(folder, "huge.yaml");

        Hostile.AssertWellBehaved(measured, 0, allocationPerInputByte: 0);
        Assert.That(measured.Run.ExitCode, Is.EqualTo(1));
        var error = measured.Run.Diagnostics.Single(d => d.Severity == "error");
        Assert.That((error.Id, error.Line, error.Column), Is.EqualTo(("NCP9002", 1, 1)));
        Assert.That(error.Message, Does.Contain("the file is 4,294,967,296 bytes, over the 16,777,216-byte limit, so it was not read"));
    }

    [Test]
    public void FileOverALoweredSizeLimit_IsNotRead_OthersAre()
    {
        Write("big.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: big\nspec:\n  sessionAffinity: Sticky\n# " + new string('x', 200) + "\n");
        Write("small.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  sessionAffinity: Sticky\n");

        var measured = Hostile.Run(folder, ".", "--max-file-size", "100");

        Hostile.AssertWellBehaved(measured, 0, allocationPerInputByte: 0);
        var errors = measured.Run.Diagnostics.Where(d => d.Severity == "error").Select(d => (d.File, d.Line, d.Column, d.Id));
        Assert.That(errors, Is.EqualTo(new[] { ("big.yaml", 1, 1, "NCP9002"), ("small.yaml", 6, 20, "NCP2003") }));
    }

    [Test]
    public void ScalarOfFortyMegabytes_IsReadWithARaisedLimit()
    {
        // A 40 MiB ncp.ini value in a ConfigMap (the analyzer parses it line by line) and a 40 MiB plain scalar.
        var ini = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nsx-ncp-config\ndata:\n  junk: ")
            .Append('x', 40 * (int)Hostile.MiB)
            .Append("\n  ncp.ini: |\n    [nsx_v3]\n    l4_persistence = bogus\n");
        var size = Write("big.yaml", ini.ToString());

        var measured = Hostile.Run(folder, "big.yaml", "--max-file-size", (64 * Hostile.MiB).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Bytes + UTF-16 text + the scalar: about 5 bytes allocated per input byte.
        Hostile.AssertWellBehaved(measured, size, allocationPerInputByte: 12);
        var error = measured.Run.Diagnostics.Single(d => d.Severity == "error");
        Assert.That((error.Id, error.Line, error.Column), Is.EqualTo(("NCP1001", 9, 5)));
    }

    [Test]
    public void SixtyThousandDocuments_AreAllAnalysed()
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < 60_000; i++)
        {
            yaml.Append("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s").Append(i)
                .Append(i == 59_999 ? "\nspec:\n  sessionAffinity: Sticky\n" : "\nspec:\n  ports:\n  - port: 80\n")
                .Append(i % 2 == 0 ? "---\nkind: Deployment\napiVersion: apps/v1\nspec: {replicas: 1}\n" : "");
        }

        var size = Write("many.yaml", yaml.ToString());

        var measured = Hostile.Run(folder, "many.yaml");

        Hostile.AssertWellBehaved(measured, size, allocationPerInputByte: 150);
        var error = measured.Run.Diagnostics.Single(d => d.Severity == "error");
        Assert.That((error.Id, error.Line), Is.EqualTo(("NCP2003", (59_999 * 8) + (30_000 * 4) + 7)));
        Assert.That(measured.Run.SummaryLine, Does.EndWith("in 1 files"));
    }

    [Test]
    public void MillionEntryList_IsHandled()
    {
        // A List whose million items are scalars (skipped), then one bad Service item.
        var yaml = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
        for (var i = 0; i < 1_000_000; i++)
        {
            yaml.Append("- ").Append(i).Append('\n');
        }

        yaml.Append("- apiVersion: v1\n  kind: Service\n  metadata: {name: last}\n  spec: {sessionAffinity: Sticky}\n");
        var size = Write("list.yaml", yaml.ToString());

        var measured = Hostile.Run(folder, "list.yaml");

        Hostile.AssertWellBehaved(measured, size, allocationPerInputByte: 150);
        var error = measured.Run.Diagnostics.Single(d => d.Severity == "error");
        Assert.That((error.Id, error.Line), Is.EqualTo(("NCP2003", 1_000_007)));
    }

    [Test]
    public void EditorConfigGlobBombs_AreBounded_WithAWarning()
    {
        // F7: Roslyn compiles each section name into a backtracking regex, without a time-out: 100,000 brace
        // alternatives took over 120 s and 2.4 GiB, 20 '**' segments 37 s per manifest 32 folders deep.
        var deep = Path.Combine(new[] { folder }.Concat(Enumerable.Repeat("d", 32)).ToArray());
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "s.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  sessionAffinity: Sticky\n");
        var alternatives = string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"a{i}"));
        var size = Write(".editorconfig", $"root = true\n[{{{alternatives},*.yaml}}]\ndotnet_diagnostic.NCP2003.severity = none\n"
            + $"[{string.Concat(Enumerable.Repeat("**/", 20))}x.json]\ndotnet_diagnostic.NCP2003.severity = none\n"
            + "[*.yaml]\ndotnet_diagnostic.NCP2003.severity = warning\n");

        var measured = Hostile.Run(folder, ".");

        Hostile.AssertWellBehaved(measured, size, allocationPerInputByte: 40);
        Assert.That(measured.Run.Stderr, Does.Contain(".editorconfig(2): the section name is over 4,096 characters long; the section was ignored"));
        Assert.That(measured.Run.Stderr, Does.Contain(".editorconfig(4): the section name has 20 '**' wildcards, over the limit of 4; the section was ignored"));
        var finding = measured.Run.Diagnostics.Single(d => d.Id == "NCP2003");
        Assert.That(finding.Severity, Is.EqualTo("warning"), "the sections within the limits still apply");
    }

    [Test]
    public void EditorConfigWithTooManySections_IsNotRead_WithAWarning()
    {
        Write("s.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  sessionAffinity: Sticky\n");
        Write(".editorconfig", "root = true\n" + string.Concat(Enumerable.Range(0, 1_001).Select(i => $"[f{i}.yaml]\ndotnet_diagnostic.NCP2003.severity = none\n")));

        var measured = Hostile.Run(folder, ".");

        Hostile.AssertWellBehaved(measured, 0, 0);
        Assert.That(measured.Run.Stderr, Does.Contain("the file has more than 1,000 sections (the limit), so it was not read"));
        Assert.That(measured.Run.Diagnostics.Single(d => d.Id == "NCP2003").Severity, Is.EqualTo("error"));
    }

    [Test]
    public void HundredThousandConsecutiveSuppressionComments_AreLinear()
    {
        // F7: each disable-next-line comment scanned forward to the next content line: 100,000 took 106 s.
        var yaml = new StringBuilder("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n");
        for (var i = 0; i < 100_000; i++)
        {
            yaml.Append("  # ncp-persistence-disable-next-line NCP2003 -- accepted\n");
        }

        var size = Write("comments.yaml", yaml.Append("  sessionAffinity: Sticky\n").ToString());

        var measured = Hostile.Run(folder, "comments.yaml");

        Hostile.AssertWellBehaved(measured, size, allocationPerInputByte: 40);
        Assert.That(measured.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(measured.Run.Diagnostics.Where(d => d.Severity == "error"), Is.Empty, "suppressed");
    }
}
