using NUnit.Framework;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Sarif;
using NcpPersistence.Cli;
using NcpPersistence.Diagnostics;
using NcpPersistence.Output;
using NcpPersistence.Rules;
using static NcpPersistence.Tests.Sarif.SarifTestSupport;

namespace NcpPersistence.Tests.Sarif;

[TestFixture]
public sealed class SarifLogWriterTests
{
    private static string Cafe => Path.Combine(RepositoryRoot, "examples", "cafe", "manifests");

    private static IEnumerable<TestCaseData> Scenarios()
    {
        yield return new TestCaseData("cafe", new[] { "CAFE" }).SetName("Cafe example");
        yield return new TestCaseData("clean", new[] { "clean" }).SetName("Clean run");
        yield return new TestCaseData("syntax-error", new[] { "syntax-error" }).SetName("YAML syntax errors");
        yield return new TestCaseData("mixed", new[] { "mixed", "--l4", "source_ip", "--l7", "cookie" }).SetName("Suppressed conflict and a warning");
        yield return new TestCaseData("project-level", new[] { "clean/shop.yaml" }).SetName("Project-level note (no NCP configuration)");
    }

    private static string[] Arguments(string[] spec) =>
        spec.Select((a, i) => i == 0 ? (a == "CAFE" ? Cafe : Fixture(a)) : a).ToArray();

    [TestCaseSource(nameof(Scenarios))]
    public void Log_is_valid_SARIF_and_has_one_result_per_console_diagnostic(string name, string[] spec)
    {
        var run = RunCli("scenario-" + name, Arguments(spec));
        AssertValidAgainstSchema(run.Json);

        var log = SarifLogWriter.Read(run.Json);
        Assert.That(log.Runs, Has.Count.EqualTo(1));
        var sarifRun = log.Runs[0];
        var root = sarifRun.OriginalUriBaseIds[SarifLogWriter.SourceRootBaseId].Uri;
        Assert.That(root.IsAbsoluteUri && root.Scheme == "file" && root.AbsoluteUri.EndsWith('/'), Is.True, root.ToString());

        var active = sarifRun.Results.Where(r => r.Suppressions is null or { Count: 0 }).ToList();
        var console = ConsoleDiagnostics(run);
        Assert.That(active, Has.Count.EqualTo(console.Count), "one SARIF result per console diagnostic");
        for (var i = 0; i < console.Count; i++)
        {
            var expected = console[i];
            var result = active[i];
            Assert.That(result.RuleId, Is.EqualTo(expected.RuleId));
            Assert.That(sarifRun.Tool.Driver.Rules[result.RuleIndex].Id, Is.EqualTo(expected.RuleId), "ruleIndex points at the rule");
            Assert.That(result.Level.ToString().ToLowerInvariant(), Is.EqualTo(expected.Level));
            Assert.That(result.PartialFingerprints, Does.ContainKey(Diagnostic.SemanticFingerprintKey));
            Assert.That(result.Message.Text, Does.Match(@"(?s)^[A-Z].*[.]$"));
            if (expected.File is null)
            {
                Assert.That(result.GetProperty<bool>("projectLevel"), Is.True, "project-level results are marked");
                continue;
            }

            var location = result.Locations.Single().PhysicalLocation;
            Assert.That(location.ArtifactLocation.UriBaseId, Is.EqualTo(SarifLogWriter.SourceRootBaseId));
            Assert.That(location.ArtifactLocation.Uri.IsAbsoluteUri, Is.False);
            var file = new Uri(root, location.ArtifactLocation.Uri).LocalPath;
            Assert.That(file, Is.EqualTo(expected.File));
            Assert.That(location.Region.StartLine, Is.EqualTo(expected.Line));
            Assert.That(location.Region.StartColumn, Is.EqualTo(expected.Column));
            Assert.That(result.PartialFingerprints, Does.ContainKey(SarifLogWriter.PrimaryLocationLineHashKey));
        }

        // The artifacts are the analysed files that results point at, each once, and every location's index points at its artifact.
        var physical = sarifRun.Results
            .SelectMany(r => (r.Locations ?? new List<Location>()).Concat(r.RelatedLocations ?? new List<Location>()).Concat((r.Suppressions ?? new List<Microsoft.CodeAnalysis.Sarif.Suppression>()).Select(s => s.Location)))
            .Where(l => l?.PhysicalLocation is not null)
            .Select(l => l.PhysicalLocation.ArtifactLocation)
            .ToList();
        foreach (var artifactLocation in physical.Where(a => a.Index >= 0))
        {
            Assert.That(sarifRun.Artifacts[artifactLocation.Index].Location.Uri, Is.EqualTo(artifactLocation.Uri));
        }

        var artifactUris = (sarifRun.Artifacts ?? new List<Artifact>()).Select(a => a.Location.Uri.OriginalString).ToList();
        Assert.That(artifactUris, Is.Unique);
        Assert.That(artifactUris, Is.SubsetOf(physical.Select(a => a.Uri.OriginalString)), "no artifact without a result");

        // The rules are those with results, in ID order, and every result carries its level explicitly.
        Assert.That(run.Json, Does.Contain("\"rules\": ["), "GitHub requires tool.driver.rules, also when it is empty");
        Assert.That((sarifRun.Tool.Driver.Rules ?? new List<ReportingDescriptor>()).Select(r => r.Id), Is.EqualTo(sarifRun.Results.Select(r => r.RuleId).Distinct().Order(StringComparer.Ordinal)));
        AssertEveryResultHasALevel(run.Json);
    }

    private static void AssertEveryResultHasALevel(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        foreach (var result in document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
        {
            Assert.That(result.TryGetProperty("level", out _), Is.True, result.ToString());
        }
    }

    [Test]
    public void Rules_and_artifacts_are_only_those_with_results_and_each_page_is_there_once()
    {
        // syntax-error has three files, one of them without a finding.
        var run = RunCli("only-used", Fixture("syntax-error"));
        var sarifRun = SarifLogWriter.Read(run.Json).Runs[0];
        Assert.That(sarifRun.Tool.Driver.Rules.Select(r => r.Id), Is.EqualTo(new[] { "NCP9001" }));
        Assert.That(sarifRun.Results.Select(r => r.RuleIndex).Distinct(), Is.EqualTo(new[] { 0 }));
        Assert.That(sarifRun.Artifacts.Select(a => a.Location.Uri.OriginalString.Split('/')[^1]), Is.EqualTo(new[] { "bad-indent.yml", "broken.yaml" }));

        var rule = sarifRun.Tool.Driver.Rules.Single();
        var page = RuleCatalog.Find("NCP9001")!.Documentation.Markdown;
        Assert.That(rule.Help.Markdown, Is.EqualTo(page));
        Assert.That(rule.Help.Text, Does.Not.Contain("\n"), "help.text is one line; the page is in help.markdown only");
        var howToFix = System.Text.Json.JsonSerializer.Serialize("## How to fix").Trim('"');
        Assert.That(Regex.Matches(run.Json, Regex.Escape(howToFix)).Count, Is.EqualTo(1), "the page is in the log once");
    }

    /// <summary>
    /// What GitHub needs and no more: a clean run's log is the run's frame only, and the cafe log holds one page.
    /// Before, every rule's page was in every log twice (help.text and help.markdown): 245 KB for a clean run.
    /// </summary>
    [Test]
    public void The_logs_stay_small()
    {
        var clean = RunCli("size-clean", Fixture("clean"));
        var cafe = RunCli("size-cafe", Cafe);
        var longestPage = RuleCatalog.Descriptors.Max(d => d.Documentation.Markdown.Length);
        Assert.That(new FileInfo(clean.LogPath).Length, Is.LessThan(4 * 1024), "a clean run has no rules, no artifacts and no results");
        Assert.That(new FileInfo(cafe.LogPath).Length, Is.LessThan(longestPage + 12 * 1024), "one page and one result");
    }

    [Test]
    public void Cafe_example_has_the_conflict_with_a_full_region_related_locations_and_rules()
    {
        var run = RunCli("cafe", Cafe);
        Assert.That(run.ExitCode, Is.EqualTo(CommandLine.ExitFindings));
        AssertValidAgainstSchema(run.Json);
        var sarifRun = SarifLogWriter.Read(run.Json).Runs[0];

        var driver = sarifRun.Tool.Driver;
        Assert.That(driver.Name, Is.EqualTo("NcpPersistence"));
        Assert.That(driver.SemanticVersion, Is.EqualTo(ReportOptions.ToolVersion));
        Assert.That(driver.InformationUri, Is.Not.Null);
        Assert.That(driver.Organization, Is.Not.Empty);
        Assert.That(driver.Rules.Select(r => r.Id), Is.EqualTo(new[] { "NCP3001" }), "only the rules with results");
        foreach (var rule in driver.Rules)
        {
            var descriptor = RuleCatalog.Find(rule.Id)!;
            Assert.That(rule.Name, Is.EqualTo(descriptor.Name));
            Assert.That(rule.ShortDescription.Text, Is.EqualTo(descriptor.Documentation.Summary));
            Assert.That(rule.FullDescription.Text, Is.Not.Empty);
            Assert.That(rule.Help.Text, Is.EqualTo(SarifLogWriter.HelpText(descriptor)));
            Assert.That(rule.Help.Markdown, Is.EqualTo(descriptor.Documentation.Markdown));
            Assert.That(rule.HelpUri, Is.Null, "no helpUri without ReportOptions.HelpUriBase");
            Assert.That(rule.DefaultConfiguration.Level, Is.EqualTo(SarifLogWriter.ToLevel(descriptor.DefaultSeverity)));
            Assert.That(rule.GetProperty<List<string>>("tags"), Is.EqualTo(descriptor.Tags.ToList()));
            Assert.That(rule.GetProperty<string>("precision"), Is.EqualTo("high"));
            Assert.That(rule.GetProperty<string>("problem.severity"), Is.AnyOf("error", "warning", "recommendation"));
        }

        var result = sarifRun.Results.Single();
        Assert.That(result.RuleId, Is.EqualTo("NCP3001"));
        Assert.That(result.Level, Is.EqualTo(FailureLevel.Error));
        var location = result.Locations.Single();
        Assert.That(location.PhysicalLocation.ArtifactLocation.Uri.OriginalString, Is.EqualTo("examples/cafe/manifests/cafe.yaml"));
        var region = location.PhysicalLocation.Region;
        Assert.That((region.StartLine, region.StartColumn, region.EndLine, region.EndColumn), Is.EqualTo((12, 24, 12, 31)));
        Assert.That(region.Snippet.Text, Is.EqualTo("tea-svc"));
        Assert.That(location.PhysicalLocation.ContextRegion.Snippet.Text, Is.EqualTo("          serviceName: tea-svc"));
        Assert.That(location.LogicalLocations.Select(l => (l.FullyQualifiedName, l.Kind)),
            Is.EqualTo(new[] { ("Ingress/default/cafe-ingress", "object"), ("Service/default/tea-svc", "object") }));

        Assert.That(result.RelatedLocations.Select(l => (int)l.Id), Is.EqualTo(new[] { 1, 2, 3 }));
        foreach (var related in result.RelatedLocations)
        {
            Assert.That(result.Message.Text, Does.Contain($"[{related.Message.Text}]({related.Id})"), "each related location is linked from the message");
        }

        Assert.That(result.Message.Text, Does.EndWith(" Related: [type: LoadBalancer of Service tea-svc](1), [l4_persistence = source_ip](2), [l7_persistence = cookie](3)."));
        var firstSentence = result.Message.Text.Substring(0, result.Message.Text.IndexOf(". ", StringComparison.Ordinal) + 1);
        Assert.That(firstSentence, Does.StartWith("Ingress default/cafe-ingress routes to LoadBalancer Service default/tea-svc"));
        var typeRegion = result.RelatedLocations[0].PhysicalLocation.Region;
        Assert.That((typeRegion.StartLine, typeRegion.Snippet.Text), Is.EqualTo((29, "LoadBalancer")));

        // Pinned (FingerprintV2Tests.Fingerprints_AreSha256OfTheSemanticKey_PinnedBytes has their keys): baselines hold these bytes.
        Assert.That(result.PartialFingerprints[Diagnostic.SemanticFingerprintKey], Is.EqualTo("8f0076fd3da128822bfbc1dd875cbe70"));
        Assert.That(result.PartialFingerprints[Diagnostic.SemanticFingerprintV2Key], Is.EqualTo("6c22615242c4b1345610f9af93a91ed7"));
        Assert.That(result.PartialFingerprints[SarifLogWriter.PrimaryLocationLineHashKey], Does.Match("^[0-9a-f]+:1$"));
        Assert.That(result.Suppressions, Is.Null.Or.Empty);
        Assert.That(result.BaselineState, Is.EqualTo(BaselineState.None));

        Assert.That(sarifRun.AutomationDetails.Id, Is.EqualTo("ncp-persistence/"));
        Assert.That(sarifRun.ColumnKind, Is.EqualTo(ColumnKind.Utf16CodeUnits));
        Assert.That(sarifRun.Artifacts.Select(a => a.Location.Uri.OriginalString),
            Is.EqualTo(new[] { "examples/cafe/manifests/cafe.yaml", "examples/cafe/manifests/ncp-config.yaml" }));
        var invocation = sarifRun.Invocations.Single();
        Assert.That(invocation.ExecutionSuccessful, Is.True);
        Assert.That(invocation.EndTimeUtc, Is.GreaterThanOrEqualTo(invocation.StartTimeUtc));
        Assert.That(invocation.WorkingDirectory.Uri.IsAbsoluteUri, Is.True);
        Assert.That(invocation.ToolExecutionNotifications, Is.Null.Or.Empty);
    }

    /// <summary>
    /// Snippets and context regions are the file's own text whatever ends its lines: CRLF, a lone CR and LF each end a
    /// line (as YAML has it), and a region's snippet never carries a line break of the file.
    /// </summary>
    [TestCase("\n", "lf")]
    [TestCase("\r\n", "crlf")]
    [TestCase("\r", "cr")]
    public void Snippets_are_the_same_text_whatever_ends_the_lines(string lineBreak, string name)
    {
        var folder = Path.Combine(LogDirectory, "line-breaks-" + name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Cafe))
        {
            var lines = File.ReadAllText(file).Replace("\r\n", "\n").Split('\n');
            File.WriteAllText(Path.Combine(folder, Path.GetFileName(file)), string.Join(lineBreak, lines));
        }

        var run = RunCli("line-breaks-" + name, folder);
        var result = SarifLogWriter.Read(run.Json).Runs[0].Results.Single();
        var physical = result.Locations.Single().PhysicalLocation;
        Assert.Multiple(() =>
        {
            Assert.That((physical.Region.StartLine, physical.Region.StartColumn, physical.Region.EndColumn, physical.Region.Snippet.Text), Is.EqualTo((12, 24, 31, "tea-svc")));
            Assert.That(physical.ContextRegion.Snippet.Text, Is.EqualTo("          serviceName: tea-svc"));
            var type = result.RelatedLocations[0].PhysicalLocation;
            Assert.That((type.Region.StartLine, type.Region.Snippet.Text, type.ContextRegion.Snippet.Text), Is.EqualTo((29, "LoadBalancer", "  type: LoadBalancer")));
            Assert.That(result.RelatedLocations.Select(l => l.PhysicalLocation.ContextRegion.Snippet.Text), Has.None.Contain("\r").And.None.Contain("\n"));
        });
    }

    [Test]
    public void Clean_run_writes_an_empty_results_array()
    {
        var run = RunCli("clean", Fixture("clean"));
        Assert.That(run.ExitCode, Is.EqualTo(CommandLine.ExitClean));
        Assert.That(run.Json, Does.Contain("\"results\": []"));
        Assert.That(SarifLogWriter.Read(run.Json).Runs[0].Results, Is.Empty);
    }

    [Test]
    public void Syntax_errors_are_error_results_at_the_parser_position()
    {
        var run = RunCli("syntax-error", Fixture("syntax-error"));
        Assert.That(run.ExitCode, Is.EqualTo(CommandLine.ExitFindings));
        var results = SarifLogWriter.Read(run.Json).Runs[0].Results;
        Assert.That(results.Select(r => (r.RuleId, r.Level, r.Locations[0].PhysicalLocation.ArtifactLocation.Uri.OriginalString.Split('/')[^1], r.Locations[0].PhysicalLocation.Region.StartLine)),
            Is.EqualTo(new[] { ("NCP9001", FailureLevel.Error, "bad-indent.yml", 5), ("NCP9001", FailureLevel.Error, "broken.yaml", 13) }));
    }

    [Test]
    public void Suppressed_findings_stay_in_the_log_with_their_justification_and_levels_are_always_written()
    {
        var run = RunCli("mixed", Fixture("mixed"), "--l4", "source_ip", "--l7", "cookie");
        Assert.That(run.Lines.Any(l => l.Contains("NCP3001", StringComparison.Ordinal)), Is.False, "the console does not print suppressed findings");
        var results = SarifLogWriter.Read(run.Json).Runs[0].Results;
        var suppressed = results.Single(r => r.RuleId == "NCP3001");
        var suppression = suppressed.Suppressions.Single();
        Assert.That(suppression.Kind, Is.EqualTo(SuppressionKind.InSource));
        Assert.That(suppression.Justification, Is.EqualTo("the layer-4 address is only used by the health checker"));
        Assert.That(suppression.Location.PhysicalLocation.Region.StartLine, Is.EqualTo(17));

        // SARIF's default level is "warning": it is written anyway, so that no reader falls back to the rule's level.
        // (The rules are NCP3001 and NCP3002, the two with results.)
        Assert.That(run.Json, Does.Contain("\"ruleId\": \"NCP3002\",\n          \"ruleIndex\": 1,\n          \"level\": \"warning\""));
    }

    [Test]
    public void Level_is_the_one_the_run_enforced()
    {
        var run = RunCli("warnaserror", Fixture("mixed"), "--l4", "source_ip", "--l7", "cookie", "--warnaserror");
        AssertValidAgainstSchema(run.Json);
        var sarifRun = SarifLogWriter.Read(run.Json).Runs[0];
        var unresolved = sarifRun.Results.Single(r => r.RuleId == "NCP3002");
        Assert.That(unresolved.Level, Is.EqualTo(FailureLevel.Error));
        Assert.That(sarifRun.Tool.Driver.Rules[unresolved.RuleIndex].DefaultConfiguration.Level, Is.EqualTo(FailureLevel.Warning));
    }

    [Test]
    public void Project_level_results_are_anchored_to_a_file_for_GitHub()
    {
        var run = RunCli("project-level", Fixture("clean/shop.yaml"));
        var result = SarifLogWriter.Read(run.Json).Runs[0].Results.Single(r => r.RuleId == "NCP1010");
        Assert.That(result.Level, Is.EqualTo(FailureLevel.Note));
        var location = result.Locations.Single();
        Assert.That(location.PhysicalLocation.ArtifactLocation.Uri.OriginalString, Does.EndWith("Fixtures/sarif/clean/shop.yaml"));
        Assert.That(location.PhysicalLocation.Region.StartLine, Is.EqualTo(1));
        Assert.That(location.PhysicalLocation.Region.StartColumn, Is.EqualTo(0), "no column: the whole line");
        Assert.That(location.LogicalLocations.Single().FullyQualifiedName, Is.EqualTo("project"));
        Assert.That(result.GetProperty<bool>("projectLevel"), Is.True);
    }

    [Test]
    public void Category_option_sets_automation_details()
    {
        var run = RunCli("category", Cafe, "--sarif-category", "k8s/cafe/");
        Assert.That(SarifLogWriter.Read(run.Json).Runs[0].AutomationDetails.Id, Is.EqualTo("k8s/cafe/"));
    }

    [Test]
    public void Same_input_gives_the_same_bytes_apart_from_timestamps()
    {
        var first = RunCli("determinism-1", Cafe, "--jobs", "1");
        var second = RunCli("determinism-2", Cafe, "--jobs", "2");
        static string WithoutTimes(string json) => Regex.Replace(json, "\"(start|end)TimeUtc\": \"[^\"]*\"", "\"$1TimeUtc\": \"\"");
        Assert.That(WithoutTimes(second.Json), Is.EqualTo(WithoutTimes(first.Json)));
        Assert.That(first.Json, Does.Not.Contain("\r"));
        Assert.That(File.ReadAllBytes(first.LogPath).Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "no byte order mark");
    }

    private static IEnumerable<TestCaseData> SerializationCases()
    {
        yield return new TestCaseData(Path.Combine("examples", "cafe", "manifests"), null, null).SetName("Hand-written results: cafe");
        yield return new TestCaseData(Path.Combine("tests", "NcpPersistence.Tests", "Fixtures", "sarif", "mixed"), "source_ip", "cookie").SetName("Hand-written results: suppressed conflict and a warning");
        yield return new TestCaseData(Path.Combine("tests", "NcpPersistence.Tests", "Fixtures", "sarif", "syntax-error"), null, null).SetName("Hand-written results: syntax errors");
        yield return new TestCaseData(Path.Combine("tests", "NcpPersistence.Tests", "Fixtures", "sarif", "clean", "shop.yaml"), null, null).SetName("Hand-written results: project level");
        yield return new TestCaseData(Path.Combine("tests", "NcpPersistence.Tests", "Fixtures", "Rules"), null, null).SetName("Hand-written results: every rule fixture");
    }

    /// <summary>
    /// The results are written without the SDK's serializer (it cost about 150 us a result); the SDK stays the
    /// reference: the same log serialized through its contracts must give the same bytes.
    /// </summary>
    [TestCaseSource(nameof(SerializationCases))]
    public void Hand_written_results_are_byte_identical_to_the_SDK_serializer(string relative, string? l4, string? l7)
    {
        var path = Path.Combine(RepositoryRoot, relative);
        var options = new NcpPersistence.Analysis.AnalysisOptions { BaseDirectory = RepositoryRoot, Paths = { path }, L4PersistenceOverride = l4, L7PersistenceOverride = l7 };
        var result = NcpPersistence.Analysis.Analyzer.Run(options);
        var report = new ReportOptions { SourceRoot = RepositoryRoot };
        Assert.That(result.Diagnostics, Is.Not.Empty);

        static string Serialize(Microsoft.CodeAnalysis.Sarif.SarifLog log, bool handWritten)
        {
            using var stream = new MemoryStream();
            SarifLogWriter.Serialize(log, stream, handWritten);
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        var log = SarifLogWriter.Build(result, report);
        Assert.That(Serialize(log, handWritten: true), Is.EqualTo(Serialize(log, handWritten: false)));
    }

    /// <summary>
    /// The parts of the log the scenarios above do not have: help URIs, tool execution notifications (NCP9002 for a
    /// file not read, NCP0000 with its exception), an artifact that was not analysed, and a baseline's absent result.
    /// </summary>
    [Test]
    public void Hand_written_log_is_byte_identical_to_the_SDK_serializer_for_notifications_help_uris_and_absent_results()
    {
        var options = new NcpPersistence.Analysis.AnalysisOptions { BaseDirectory = RepositoryRoot, Paths = { Cafe }, MaxFileSize = 200 };
        var analysed = NcpPersistence.Analysis.Analyzer.Run(options);
        var diagnostics = analysed.Diagnostics.ToList();
        diagnostics.Add(NcpPersistence.Rules.Analyzer.AnalyzerFailureRule.ForRule(RuleCatalog.Descriptors[0], new InvalidOperationException("injected")));
        var result = new NcpPersistence.Analysis.AnalysisResult(analysed.Model, diagnostics, analysed.StartTime, analysed.EndTime);
        var baseline = NcpPersistence.Analysis.Baseline.Parse("""
            {"runs": [{"results": [{"ruleId": "NCP3001", "level": "error", "message": {"text": "gone"}, "partialFingerprints": {"ncpSemantic/v2": "0123"},
              "locations": [{"physicalLocation": {"artifactLocation": {"uri": "examples/cafe/manifests/cafe.yaml", "uriBaseId": "%SRCROOT%", "index": 7}, "region": {"startLine": 3}}}]}]}]}
            """, "b.sarif");
        baseline.ApplyTo(result);
        var report = new ReportOptions { SourceRoot = RepositoryRoot, HelpUriBase = "https://example.com/repo/blob/main/" };

        static string Serialize(Microsoft.CodeAnalysis.Sarif.SarifLog log, bool handWritten)
        {
            using var stream = new MemoryStream();
            SarifLogWriter.Serialize(log, stream, handWritten);
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }

        var log = SarifLogWriter.Build(result, report);
        var json = Serialize(log, handWritten: true);
        Assert.That(json, Is.EqualTo(Serialize(log, handWritten: false)));
        Assert.That(json, Does.Contain("\"toolExecutionNotifications\"").And.Contain("\"exception\"").And.Contain("\"helpUri\"")
            .And.Contain("\"analysed\": false").And.Contain("\"baselineState\": \"absent\""));
    }

    [Test]
    public void Help_uri_is_written_only_when_a_base_is_given()
    {
        var result = NcpPersistence.Analysis.Analyzer.Run(new NcpPersistence.Analysis.AnalysisOptions { BaseDirectory = Cafe, Paths = { Cafe } });
        var json = SarifLogWriter.ToJson(result, new ReportOptions { SourceRoot = RepositoryRoot, HelpUriBase = "https://example.com/repo/blob/main/" });
        var path = Path.Combine(LogDirectory, "help-uri.sarif");
        File.WriteAllText(path, json);
        AssertValidAgainstSchema(json);
        var rules = SarifLogWriter.Read(json).Runs[0].Tool.Driver.Rules;
        Assert.That(rules.Single(r => r.Id == "NCP3001").HelpUri, Is.EqualTo(new Uri("https://example.com/repo/blob/main/docs/rules/NCP3001.md")));
    }
}

[TestFixture]
public sealed class SarifSchemaCheckTests
{
    [Test]
    public void The_schema_check_rejects_an_invalid_level()
    {
        var run = RunCli("schema-check", Path.Combine(RepositoryRoot, "examples", "cafe", "manifests"));
        var broken = run.Json.Replace("\"level\": \"error\"", "\"level\": \"fatal\"", StringComparison.Ordinal);
        Assert.Throws<AssertionException>(() => AssertValidAgainstSchema(broken));
    }
}
