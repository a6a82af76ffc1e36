using NcpPersistence.Diagnostics;
using NcpPersistence.Rules;

namespace NcpPersistence.Tests;

/// <summary>Every rule has its page (docs/rules/ID.md, embedded in the engine), and the page agrees with the rule.</summary>
[TestFixture]
public sealed class RuleDocumentationTests
{
    private static IEnumerable<TestCaseData> Descriptors() =>
        RuleCatalog.Descriptors.Select(d => new TestCaseData(d).SetName("Page " + d.Id));

    [TestCaseSource(nameof(Descriptors))]
    public void ThePageIsEmbedded_AndNamesTheRule(RuleDescriptor rule)
    {
        var page = rule.Documentation.Markdown;
        Assert.Multiple(() =>
        {
            Assert.That(page, Does.StartWith($"# {rule.Id}: {rule.Name}\n"), "title");
            Assert.That(page, Does.Contain($"| Name | {rule.Name} |"));
            Assert.That(page, Does.Contain($"| Category | {rule.Category} |"));
            Assert.That(page, Does.Contain($"| Default severity | {rule.DefaultSeverity.ToDisplayString()}"));
            foreach (var section in new[] { "## Summary", "## Cause", "## How to fix", "## How to suppress", "## Example" })
            {
                Assert.That(page, Does.Contain("\n" + section + "\n"), section);
            }
        });
    }
}
