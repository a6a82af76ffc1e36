using NUnit.Framework;
using System.Text.RegularExpressions;
using NcpPersistence.Plan;
using static NcpPersistence.Tests.PlanTests.PlanTestSupport;

namespace NcpPersistence.Tests.PlanTests;

[TestFixture]
public sealed class PlanMarkdownTests
{
    [Test]
    public void Cafe_markdown_has_the_summary_line_tables_and_diagram()
    {
        var markdown = PlanWriter.ToMarkdown(BuildPlan(CafeRoot));
        var lines = markdown.Split('\n');

        Assert.That(lines[0], Is.EqualTo("# NSX profile plan"));
        Assert.That(lines[2], Is.EqualTo("**1 shared and 0 dedicated layer-4 persistence profiles, 1 layer-7 persistence profile, 3 virtual servers, 1 conflict, 0 skipped Ingresses.**"));
        Assert.That(lines, Does.Contain("| l4_persistence | source_ip | source_ip | manifests/ncp-config.yaml:22 |"));
        Assert.That(lines, Does.Contain("| l7_persistence | cookie | cookie | manifests/ncp-config.yaml:17 |"));
        Assert.That(lines, Does.Contain("| cookie_name | (unset) | (NSX default) | default |"));
        Assert.That(lines, Does.Contain("| l4-source-ip-default | 4 | source_ip | 10800 | yes |  | default/tea-svc |"));
        Assert.That(lines, Does.Contain("| l7-cookie | 7 | cookie | 10800 | no | (NSX default) | default/cafe-ingress |"));
        Assert.That(lines, Does.Contain("| l4-default/tea-svc:80/TCP | 4 | 80 | TCP | Service default/tea-svc | l4-source-ip-default |"));
        Assert.That(lines, Does.Contain("| l7-https | 7 | 443 | HTTPS |  | l7-cookie |"));
        Assert.That(lines, Does.Contain("| default/cafe-ingress | default/tea-svc | cafe.example.com | /tea | source_ip (from l4_persistence) | cookie | manifests/cafe.yaml:12 |"));
        Assert.That(markdown, Does.Contain("```mermaid\nflowchart LR\n"));
        Assert.That(markdown, Does.Contain("i1 -->|\"NCP3001 conflict\"| s1"));
        Assert.That(markdown, Does.Contain("s1 --> v2").And.Contain("v2 --> p1"));
        Assert.That(markdown, Does.Contain("p1{{\"profile l4-source-ip-default: source_ip, 10800 s, shared\"}}"));
        Assert.That(markdown, Does.Not.Contain("## What this change does"), "no baseline, no delta");
        AssertTablesAreWellFormed(markdown);
    }

    [Test]
    public void Hosts_paths_and_cookie_names_cannot_break_a_table_or_inject_html()
    {
        var cookie = "sid|<b>bold</b>`code`\"q\" & [x](javascript:y)\nnext";
        var plan = BuildPlan(Fixture("escaping"), o => o.CookieNameOverride = cookie);
        PlanJson(plan);
        var markdown = PlanWriter.ToMarkdown(plan);

        Assert.That(markdown, Does.Not.Contain("<script"));
        Assert.That(markdown, Does.Not.Contain("<b>"));
        Assert.That(markdown, Does.Not.Contain("<img"));
        Assert.That(markdown, Does.Not.Contain("](javascript"));
        Assert.That(markdown, Does.Contain("sid&#124;&lt;b&gt;bold&lt;/b&gt;&#96;code&#96;&quot;q&quot; &amp; &#91;x&#93;(javascript:y) next"));
        Assert.That(markdown, Does.Contain("a&#124;b&lt;script&gt;alert(1)&lt;/script&gt;&#96;x&#96;"));
        Assert.That(markdown.Count(c => c == '`'), Is.EqualTo(6), "only the two mermaid fences hold backticks");
        AssertTablesAreWellFormed(markdown);

        var mermaid = Regex.Match(markdown, "```mermaid\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.That(mermaid, Is.Not.Empty);
        foreach (var line in mermaid.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            // Node ids are generated; every label is a single quoted string without raw quotes, brackets or '<'.
            Assert.That(line, Does.Match("^    ([ispv][0-9]+(\\(\\[|\\[|\\{\\{)\"[^\"<>\\[\\]{}`|]*\"(\\]\\)|\\]|\\}\\})|[ispv][0-9]+ -->(\\|\"[^\"<>\\[\\]{}`|]*\"\\|)? [ispv][0-9]+|classDef .*|class [ispv0-9,]+ conflict|linkStyle [0-9,]+ .*)$"), line);
        }
    }

    [Test]
    public void Cell_and_mermaid_escaping()
    {
        Assert.That(PlanMarkdown.Cell("a|b"), Is.EqualTo("a&#124;b"));
        Assert.That(PlanMarkdown.Cell("<script>"), Is.EqualTo("&lt;script&gt;"));
        Assert.That(PlanMarkdown.Cell("`x` & y"), Is.EqualTo("&#96;x&#96; &amp; y"));
        Assert.That(PlanMarkdown.Cell("line\r\nbreak"), Is.EqualTo("line  break"));
        Assert.That(PlanMarkdown.Cell("source_ip _em_ *b*"), Is.EqualTo("source_ip &#95;em&#95; &#42;b&#42;"));
        Assert.That(PlanMarkdown.Cell("back\\|slash"), Is.EqualTo("back&#92;&#124;slash"));
        Assert.That(PlanMarkdown.Cell("café/ünïcode"), Is.EqualTo("café/ünïcode"));

        Assert.That(PlanMarkdown.MermaidLabel("say \"hi\""), Is.EqualTo("say #quot;hi#quot;"));
        Assert.That(PlanMarkdown.MermaidLabel("a[b](c){d}<e>"), Is.EqualTo("a#91;b#93;#40;c#41;#123;d#125;#60;e#62;"));
        Assert.That(PlanMarkdown.MermaidLabel("#quot; |x| `y`\nz"), Is.EqualTo("#35;quot#59; #124;x#124; #96;y#96; z"));
    }

    [Test]
    public void Empty_plan_says_so_instead_of_empty_tables()
    {
        var folder = TempFolder();
        try
        {
            var markdown = PlanWriter.ToMarkdown(BuildPlan(folder));
            Assert.That(markdown, Does.Contain("**0 shared and 0 dedicated layer-4 persistence profiles, 0 layer-7 persistence profiles, 2 virtual servers, 0 conflicts, 0 skipped Ingresses.**"));
            Assert.That(markdown, Does.Contain("NCP creates no persistence profile."));
            Assert.That(markdown, Does.Contain("Nothing to draw"));
            AssertTablesAreWellFormed(markdown);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Skipped_ingresses_have_their_own_table()
    {
        var markdown = PlanWriter.ToMarkdown(BuildPlan(Fixture("other-class")));
        Assert.That(markdown, Does.Contain("| default/by-annotation | nginx | ingress class 'nginx' is not 'nsx' |"));
        AssertTablesAreWellFormed(markdown);
    }

    /// <summary>Every table row has exactly as many cell separators as its header: no user text added a column.</summary>
    private static void AssertTablesAreWellFormed(string markdown)
    {
        var expected = -1;
        foreach (var line in markdown.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                expected = -1;
                continue;
            }

            var pipes = line.Count(c => c == '|');
            if (expected < 0)
            {
                expected = pipes;
            }

            Assert.That(pipes, Is.EqualTo(expected), line);
            Assert.That(line, Does.EndWith("|"), line);
        }
    }
}
