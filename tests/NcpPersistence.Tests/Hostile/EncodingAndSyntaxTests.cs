using System.Text;

namespace NcpPersistence.Tests.Hostile;

/// <summary>Bytes that are not UTF-8 YAML, YAML that is subtly broken, and a broken ncp.ini.</summary>
[TestFixture]
[NonParallelizable]
public sealed class EncodingAndSyntaxTests
{
    private const string StickyService = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  sessionAffinity: Sticky\n";

    private string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Hostile.NewFolder();

    [TearDown]
    public void DeleteFolder() => Hostile.DeleteFolder(folder);

    private static byte[] Bytes(params object[] parts) =>
        parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : (byte[])p).ToArray();

    private static IEnumerable<TestCaseData> Unreadable()
    {
        yield return new TestCaseData(Bytes("apiVersion: v1\nkind: Service\nmetadata:\n  name: ", new byte[] { 0xC3, 0x28 }, "\n"), "not valid UTF-8 (bad byte at offset 47)").SetName("InvalidUtf8");
        yield return new TestCaseData(Bytes("a: ", new byte[] { 0xC0, 0xAF }, "\n"), "not valid UTF-8 (bad byte at offset 3)").SetName("OverlongUtf8");
        yield return new TestCaseData(Bytes("a: ", new byte[] { 0xED, 0xA0, 0x80 }, "\n"), "not valid UTF-8 (bad byte at offset 3)").SetName("Utf8EncodedSurrogate");
        yield return new TestCaseData(Bytes("apiVersion: v1\nkind: Ser", new byte[] { 0 }, "vice\n"), "contains NUL bytes").SetName("NulByte");
        yield return new TestCaseData(Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 256)).ToArray(), "contains NUL bytes").SetName("BinaryContent");
        yield return new TestCaseData(Encoding.Unicode.GetBytes(StickyService), "contains NUL bytes").SetName("Utf16WithoutBom");
        yield return new TestCaseData(Bytes(new byte[] { 0xFF, 0xFE }, Encoding.Unicode.GetBytes(StickyService), new byte[] { 0x41 }), "not valid UTF-16").SetName("Utf16OddLength");
        yield return new TestCaseData(Bytes(new byte[] { 0xFF, 0xFE }, Encoding.Unicode.GetBytes("a: "), new byte[] { 0x00, 0xD8, 0x41, 0x00 }), "not valid UTF-16").SetName("Utf16LoneSurrogate");
        yield return new TestCaseData(Bytes(new byte[] { 0xFF, 0xFE, 0, 0 }, new UTF32Encoding(false, false).GetBytes("a: "), new byte[] { 0, 0, 0x11, 0 }), "not valid UTF-32").SetName("Utf32BeyondUnicode");
        yield return new TestCaseData(Bytes("apiVersion: v1\nkind: Service\nmetadata:\n  name: w\u0001b\n"), "control character U+0001 at line 4, column 10").SetName("ControlCharacter");
        yield return new TestCaseData(Bytes("a: \"x\u001b[31m\"\n"), "control character U+001B at line 1, column 6").SetName("EscapeInQuotedScalar");
        yield return new TestCaseData(Bytes("a: \u007f\n"), "control character U+007F at line 1, column 4").SetName("Delete");
        yield return new TestCaseData(Bytes("a: b\n\uffff\n"), "control character U+FFFF at line 2, column 1").SetName("NonCharacter");
    }

    [TestCaseSource(nameof(Unreadable))]
    public void UndecodableBytes_AreNcp9002AtLine1(byte[] content, string message)
    {
        File.WriteAllBytes(Path.Combine(folder, "bad.yaml"), content);

        var measured = Hostile.Run(folder, "bad.yaml");

        Hostile.AssertWellBehaved(measured, content.Length, 0);
        Assert.That(measured.Run.ExitCode, Is.EqualTo(1));
        var error = measured.Run.Diagnostics.Single(d => d.Severity == "error");
        Assert.That((error.Id, error.Line, error.Column), Is.EqualTo(("NCP9002", 1, 1)));
        Assert.That(error.Message, Does.Contain(message));
    }

    private static IEnumerable<TestCaseData> WithBom()
    {
        yield return new TestCaseData(new UTF8Encoding(true)).SetName("Utf8Bom");
        yield return new TestCaseData(new UnicodeEncoding(bigEndian: false, byteOrderMark: true)).SetName("Utf16LittleEndianBom");
        yield return new TestCaseData(new UnicodeEncoding(bigEndian: true, byteOrderMark: true)).SetName("Utf16BigEndianBom");
        yield return new TestCaseData(new UTF32Encoding(bigEndian: false, byteOrderMark: true)).SetName("Utf32LittleEndianBom");
        yield return new TestCaseData(new UTF32Encoding(bigEndian: true, byteOrderMark: true)).SetName("Utf32BigEndianBom");
    }

    [TestCaseSource(nameof(WithBom))]
    public void BomEncodedFiles_AreReadWithPositions(Encoding encoding)
    {
        // CRLF and a non-ASCII name ahead of the finding: positions count characters, not bytes.
        var text = "# Dienst für Straße\r\n" + StickyService.Replace("\n", "\r\n", StringComparison.Ordinal);
        File.WriteAllBytes(Path.Combine(folder, "svc.yaml"), encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray());

        var measured = Hostile.Run(folder, "svc.yaml");

        Hostile.AssertWellBehaved(measured, 0, 0);
        var error = measured.Run.Diagnostics.Single(d => d.Severity == "error");
        Assert.That((error.Id, error.Line, error.Column, error.EndLine, error.EndColumn), Is.EqualTo(("NCP2003", 7, 20, 7, 26)));
    }

    [TestCase("spec:\n\tsessionAffinity: Sticky\n", 6, 1, TestName = "TabIndentedKey")]
    [TestCase("spec:\n  type: ClusterIP\n\t  sessionAffinity: Sticky\n", 7, 1, TestName = "TabBeforeSpaces")]
    [TestCase("spec:\n  type: ClusterIP\n  ports:\n  - port: 80\n  \tprotocol: TCP\n", 9, 3, TestName = "TabAfterSpaces")]
    public void TabsUsedForIndentation_AreNcp9001AtTheTab(string spec, int line, int column)
    {
        File.WriteAllText(Path.Combine(folder, "tabs.yaml"), "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n" + spec);

        var measured = Hostile.Run(folder, "tabs.yaml");

        Hostile.AssertWellBehaved(measured, 0, 0);
        var error = measured.Run.Diagnostics.Single(d => d.Severity == "error");
        Assert.That((error.Id, error.Line, error.Column), Is.EqualTo(("NCP9001", line, column)), measured.Run.ToString());
    }

    // Found by the mutation fuzzer (fuzz/): YamlDotNet throws ArgumentNullException or
    // InvalidOperationException instead of a YamlException for these; they are syntax errors, not NCP0000.
    [TestCase("%TAG !e! \n---\na: 1\n", 1, 1, TestName = "EmptyTagPrefix")]
    [TestCase("a: 1\n---\nb: [x, y\nc: {}\n", 3, 6, TestName = "UnclosedFlowSequenceInLaterDocument")]
    public void ParserExceptionsThatAreNotYamlExceptions_AreNcp9001(string text, int line, int column)
    {
        File.WriteAllText(Path.Combine(folder, "odd.yaml"), text);

        var measured = Hostile.Run(folder, "odd.yaml", "--l4", "none");

        Hostile.AssertWellBehaved(measured, 0, 0);
        var error = measured.Run.Diagnostics.Single();
        Assert.That((error.Id, error.Line, error.Column), Is.EqualTo(("NCP9001", line, column)), measured.Run.ToString());
    }

    [Test]
    public void BrokenNcpIni_EachBadLineIsNcp1012_TheRestIsStillChecked()
    {
        File.WriteAllText(Path.Combine(folder, "ncp.ini"), string.Join('\n',
            "[nsx_v3]",
            "l4_persistence = source_ip",
            "this line is garbage",
            "[broken",
            "l7_persistence = bogus",
            "=novalue",
            "\u00a0\u00a0 = nbsp key",
            "[nsx_v3]]",
            "l7_persistence_timeout = 10",
            ""));
        File.WriteAllText(Path.Combine(folder, "svc.yaml"), StickyService);

        var measured = Hostile.Run(folder, ".");

        Hostile.AssertWellBehaved(measured, 0, 0);
        var findings = measured.Run.Diagnostics.Where(d => d.File.Length > 0).Select(d => $"{d.File}:{d.Line}:{d.Column} {d.Id}");
        Assert.That(findings, Is.EqualTo(new[]
        {
            "ncp.ini:3:1 NCP1012",
            "ncp.ini:4:1 NCP1012",
            "ncp.ini:5:1 NCP1002",
            "ncp.ini:6:1 NCP1012",
            "ncp.ini:7:1 NCP1012",
            "ncp.ini:9:1 NCP1007", // '[nsx_v3]]' is a valid header for a section named 'nsx_v3]', as in oslo.config
            "svc.yaml:6:20 NCP2003",
        }), measured.Run.ToString());
    }
}
