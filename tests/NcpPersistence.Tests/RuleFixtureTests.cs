using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests;

/// <summary>
/// Every folder under Fixtures/Rules/&lt;ID&gt;/&lt;case&gt; is analysed by the real command line; the
/// printed diagnostics must equal the case's expectations exactly (missing and unexpected both
/// fail). Cases with several files run a second time with the file order reversed.
/// </summary>
[TestFixture]
public sealed class RuleFixtureTests
{
    private static IEnumerable<TestCaseData> Cases() =>
        FixtureCase.All().Select(c => new TestCaseData(c.Name).SetName("Fixture " + c.Name));

    [TestCaseSource(nameof(Cases))]
    public void Fixture_DiagnosticsMatchExpectations(string name)
    {
        var fixture = new FixtureCase(Path.Combine(FixtureCase.Root, name));
        var expected = Expectation.Read(fixture.Directory);
        if (fixture.NeedsKustomize && !KustomizeBinary.Available)
        {
            Assert.Ignore(KustomizeBinary.SkipReason);
        }

        using var environment = new EnvironmentOverride(fixture.Environment);

        AssertRun(fixture.Directory, fixture.Arguments, expected, n => n, "path order");

        if (fixture.CanReverse)
        {
            var (reversed, originalName) = fixture.CopyReversed();
            try
            {
                AssertRun(reversed, fixture.Arguments, expected, originalName, "reversed path order (in every folder)");
            }
            finally
            {
                Directory.Delete(reversed, recursive: true);
            }
        }
    }

    [Test]
    public void EveryRuleHasTriggeringAndCleanFixtures()
    {
        var ruleFolders = Directory.EnumerateDirectories(FixtureCase.Root).Select(Path.GetFileName).ToHashSet();
        // NCP0000 (analyzer failure) cannot be caused by input; AnalyzerFailureTests injects the failure instead.
        var descriptors = NcpPersistence.Rules.RuleCatalog.Descriptors.Where(d => d.Id != "NCP0000").ToList();
        var missing = descriptors.Select(d => d.Id).Where(id => !ruleFolders.Contains(id)).ToList();
        Assert.That(missing, Is.Empty, "rules without a fixture folder");

        foreach (var descriptor in descriptors)
        {
            var cases = FixtureCase.All().Where(c => c.Name.StartsWith(descriptor.Id + "/", StringComparison.Ordinal)).ToList();
            var triggering = cases.Count(c => Expectation.Read(c.Directory).Any(f => f.Id == descriptor.Id));
            Assert.That(triggering, Is.GreaterThan(0), $"{descriptor.Id} has no fixture that triggers it");
            Assert.That(cases.Any(c => (c.Name.Contains("/no-", StringComparison.Ordinal) || c.Name.Contains("clean", StringComparison.Ordinal)) && c.ManifestFiles.Count > 0), Is.True,
                $"{descriptor.Id} has no fixture that must not trigger it (name it no-... or ...clean..., with at least one manifest)");
        }
    }

    /// <summary>As analysistest's <c>// want "regexp"</c>: a message that names the wrong object or file must fail a test.</summary>
    [Test]
    public void EveryRuleHasAFixtureThatPinsItsMessage()
    {
        var pinned = FixtureCase.All().SelectMany(c => Expectation.Read(c.Directory)).Where(f => f.MessagePattern is not null).Select(f => f.Id).ToHashSet();
        var unpinned = NcpPersistence.Rules.RuleCatalog.Descriptors.Select(d => d.Id).Where(id => id != "NCP0000" && !pinned.Contains(id)).ToList();
        Assert.That(unpinned, Is.Empty, "rules without an expectation that pins the message (# want NCPxxxx \"regex\")");
    }

    private static IEnumerable<string> RenamedFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'));

    private static void AssertRun(string directory, string[] arguments, List<Finding> expected, Func<string, string> originalName, string order)
    {
        var run = CliRun.Run(directory, arguments.Prepend(".").ToArray());
        Assert.That(run.Stderr, Is.Empty, $"stderr ({order})");

        var printedFiles = run.Diagnostics.Select(d => d.File).Where(f => f.Length > 0).Distinct().ToList();
        var actual = run.Diagnostics
            .Select(d => d.ToFinding() with
            {
                File = d.File.Length == 0 ? "" : originalName(d.File),
                Message = FixtureCase.RestoreNames(d.Message, originalName, printedFiles.Concat(RenamedFiles(directory))),
            })
            .ToList();
        var unexpected = actual.Where(a => !expected.Any(e => e.Matches(a))).ToList();
        var missing = expected.Where(e => !actual.Any(e.Matches)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Empty, $"expected diagnostics that were not reported ({order}):\n{run}");
            Assert.That(unexpected, Is.Empty, $"diagnostics reported but not expected ({order}):\n{run}");
            Assert.That(actual, Has.Count.EqualTo(expected.Count), $"diagnostic count ({order}):\n{run}");
        });

        var errors = run.Diagnostics.Any(d => d.Severity == "error");
        Assert.That(run.ExitCode, Is.EqualTo(errors ? 1 : 0), $"exit code ({order})");
        Assert.That(run.SummaryLine, Does.Match(@"^\d+ error\(s\), \d+ warning\(s\), \d+ note\(s\) in \d+ files$"));
    }
}
