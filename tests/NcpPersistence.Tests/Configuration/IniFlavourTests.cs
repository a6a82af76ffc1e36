using NcpPersistence.Model;

namespace NcpPersistence.Tests.Configuration;

/// <summary>
/// The two ways an ncp.ini text is read, side by side on the same texts: oslo.config (NCP reads
/// nsx-ncp-config and standalone files) and go-ini (the operator reads nsx-ncp-operator-config before it
/// renders NCP's file). Each row gives the text and, per flavour, the [nsx_v3] values NCP ends up with and
/// the lines the parser refuses. Sources: oslo.config iniparser.py / cfg.py, go-ini parser.go.
/// </summary>
[TestFixture]
public sealed class IniFlavourTests
{
    private sealed record Row(string Name, string Text, string Oslo, string GoIni);

    /// <summary>
    /// Expected results are written <c>key=value;key=value</c> for the [nsx_v3] values NCP reads (the last
    /// of each key), then <c>| problem-line,problem-line</c> for the refused lines (1-based). <c>''</c> is an empty value.
    /// </summary>
    private static readonly Row[] Rows =
    {
        new("plain", "[nsx_v3]\nl7_persistence = cookie\n", "l7_persistence=cookie", "l7_persistence=cookie"),
        new("inline # comment", "[nsx_v3]\nl7_persistence = cookie # sticky\n", "l7_persistence=cookie # sticky", "l7_persistence=cookie"),
        new("inline ; comment", "[nsx_v3]\ncookie_name = a;b\n", "cookie_name=a;b", "cookie_name=a"),
        new("# inside quotes", "[nsx_v3]\ncookie_name = \"a#b\"\n", "cookie_name=a#b", "cookie_name=\"a"),
        new("double quotes", "[nsx_v3]\nl7_persistence = \"cookie\"\n", "l7_persistence=cookie", "l7_persistence=cookie"),
        new("single quotes", "[nsx_v3]\nl7_persistence = 'cookie'\n", "l7_persistence=cookie", "l7_persistence=cookie"),
        new("quote inside quotes", "[nsx_v3]\ncookie_name = 'a'b'\n", "cookie_name=a'b", "cookie_name='a'b'"),
        new("lone quote", "[nsx_v3]\ncookie_name = \"\n", "cookie_name=''", "cookie_name=\""),
        new("empty value", "[nsx_v3]\nl4_persistence =\n", "l4_persistence=''", "l4_persistence=''"),
        new("colon separator", "[nsx_v3]\ncookie_name: a=b\n", "cookie_name=a=b", "cookie_name=a=b"),
        new("upper-case section", "[NSX_V3]\nl7_persistence = cookie\n", "l7_persistence=cookie", ""),
        new("mixed-case section", "[Nsx_V3]\nl7_persistence = cookie\n", "l7_persistence=cookie", ""),
        new("repeated section, last wins", "[nsx_v3]\nl7_persistence = cookie\n[NSX_V3]\nl7_persistence = source_ip\n", "l7_persistence=source_ip", "l7_persistence=cookie"),
        new("key before any section", "l7_persistence = cookie\n[nsx_v3]\n", "| 1", ""),
        new("indented key", "[nsx_v3]\n  l7_persistence = cookie\n", "| 2", "l7_persistence=cookie"),
        new("continuation line", "[nsx_v3]\nl7_persistence = cookie\n  # sticky\n", "l7_persistence=cookie\n# sticky", "l7_persistence=cookie"),
        new("continuation after a blank line", "[nsx_v3]\nl7_persistence = cookie\n\n  source_ip\n", "l7_persistence=cookie | 4", "l7_persistence=cookie | 4"),
        new("backslash continuation", "[nsx_v3]\ncookie_name = SHOP\\\n  ID\n", "cookie_name=SHOP\\\nID", "cookie_name=SHOPID"),
        new("unterminated section", "[nsx_v3\nl7_persistence = cookie\n", "| 1,2", "| 1"),
        new("section with a comment after it", "[nsx_v3] # persistence\nl7_persistence = cookie\n", "| 1,2", "l7_persistence=cookie"),
        new("empty section name", "[]\n", "| 1", "| 1"),
        new("empty key", "[nsx_v3]\n= cookie\n", "| 2", "| 2"),
        new("no separator", "[nsx_v3]\nl7_persistence cookie\n", "| 2", "| 2"),
        new("lower-case default is not DEFAULT", "[default]\nl7_persistence = cookie\n[nsx_v3]\n", "", ""),
    };

    private static IEnumerable<TestCaseData> Cases() =>
        Rows.SelectMany(r => new[]
        {
            new TestCaseData(r.Text, IniFlavour.OsloConfig, r.Oslo).SetName($"oslo.config: {r.Name}"),
            new TestCaseData(r.Text, IniFlavour.GoIni, r.GoIni).SetName($"go-ini (operator): {r.Name}"),
        });

    [TestCaseSource(nameof(Cases))]
    public void SameText_BothFlavours(string text, IniFlavour flavour, string expected)
    {
        var document = NcpIniDocument.Parse(text, IniPositionMap.Standalone("ncp.ini"), flavour);
        Assert.That(Describe(document), Is.EqualTo(expected), string.Join("\n", document.Problems.Select(p => $"{p.LineSpan.StartLine}: {p.Message}")));
    }

    [Test]
    public void Oslo_LowerCasesSectionNames_ExceptDefault_AndKeepsWhatWasWritten()
    {
        var document = NcpIniDocument.Parse("[DEFAULT]\n[NSX_V3]\nl4_persistence = source_ip\n[K8S]\n", IniPositionMap.Standalone("ncp.ini"));

        Assert.That(document.Sections, Is.EquivalentTo(new[] { "DEFAULT", "nsx_v3", "k8s" }));
        Assert.That(document.WrittenSections, Is.EquivalentTo(new[] { "DEFAULT", "NSX_V3", "K8S" }));
        Assert.That(document.Entries.Single().WrittenSection, Is.EqualTo("NSX_V3"));
    }

    [Test]
    public void GoIni_KeysBeforeAnyHeader_AreInDefault_AndSectionsAreExact()
    {
        var document = NcpIniDocument.Parse("debug = True\n[NSX_V3]\nl4_persistence = source_ip\n", IniPositionMap.Standalone("ncp.ini"), IniFlavour.GoIni);

        Assert.That(document.Entries.Select(e => e.Section), Is.EqualTo(new[] { "DEFAULT", "NSX_V3" }));
        Assert.That(document.Problems, Is.Empty);
    }

    [Test]
    public void GoIni_KeyPositions_SkipIndentation()
    {
        var document = NcpIniDocument.Parse("[nsx_v3]\n    l7_persistence = cookie\n", IniPositionMap.Standalone("ncp.ini"), IniFlavour.GoIni);
        var key = document.Entries.Single().KeySpan;

        Assert.That((key.StartLine, key.StartColumn, key.EndColumn), Is.EqualTo((2, 5, 19)));
    }

    private static string Describe(NcpIniDocument document)
    {
        var values = document.Entries
            .Where(e => e.Section == NcpIniDocument.PersistenceSection)
            .GroupBy(e => e.Key)
            .Select(g => $"{g.Key}={(g.Last().Value.Length == 0 ? "''" : g.Last().Value)}");
        var text = string.Join(";", values);
        if (document.Problems.Count > 0)
        {
            text += (text.Length > 0 ? " " : "") + "| " + string.Join(",", document.Problems.Select(p => p.LineSpan.StartLine));
        }

        return text;
    }
}
