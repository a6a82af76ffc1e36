using NUnit.Framework;
using System.Text.Json.Nodes;
using NcpPersistence.Plan;
using static NcpPersistence.Tests.PlanTests.PlanTestSupport;

namespace NcpPersistence.Tests.PlanTests;

/// <summary>
/// delta-before -> delta-after, by hand: cart's timeout 600 -> 900 (its dedicated profile changes),
/// web becomes ClusterIP (its virtual server goes, the front -> web conflict is resolved, it leaves
/// the shared profile), old is deleted (its dedicated profile and virtual server go), new1 and new2
/// arrive with the same 120 s timeout (two dedicated profiles), api arrives with two ports on the
/// shared profile (two virtual servers).
/// </summary>
[TestFixture]
public sealed class PlanDeltaTests
{
    private string folder = "";

    [SetUp]
    public void SetUp() => folder = TempFolder();

    [TearDown]
    public void TearDown() => Directory.Delete(folder, recursive: true);

    private string BaselineOf(string fixture)
    {
        var path = Path.Combine(folder, "base-plan.json");
        File.WriteAllText(path, PlanJson(BuildPlan(Fixture(fixture))));
        return path;
    }

    [Test]
    public void The_json_delta_lists_what_is_added_removed_and_changed()
    {
        var plan = Node(BuildPlan(Fixture("delta-after"), baselinePlan: BaselineOf("delta-before")));
        var delta = plan["delta"]!;

        Assert.That(delta["status"]!.GetValue<string>(), Is.EqualTo("compared"));
        Assert.That(delta["message"], Is.Null);
        Assert.That(Ids(delta["profiles"]!["added"]), Is.EqualTo(new[] { "l4-source-ip-shop-new1", "l4-source-ip-shop-new2" }));
        Assert.That(Ids(delta["profiles"]!["removed"]), Is.EqualTo(new[] { "l4-source-ip-shop-old" }));

        var changed = delta["profiles"]!["changed"]!.AsArray();
        Assert.That(Ids(changed), Is.EqualTo(new[] { "l4-source-ip-default", "l4-source-ip-shop-cart" }));
        Assert.That(Strings(changed[0]!["bound"]), Is.EqualTo(new[] { "shop/api" }));
        Assert.That(Strings(changed[0]!["unbound"]), Is.EqualTo(new[] { "shop/web" }));
        var timeout = changed[1]!["changes"]!.AsArray().Single()!;
        Assert.That(timeout["field"]!.GetValue<string>(), Is.EqualTo("timeoutSeconds"));
        Assert.That(timeout["before"]!.GetValue<string>(), Is.EqualTo("600"));
        Assert.That(timeout["after"]!.GetValue<string>(), Is.EqualTo("900"));

        Assert.That(Ids(delta["virtualServers"]!["added"]), Is.EqualTo(new[] { "l4-shop/api:80/TCP", "l4-shop/api:8080/TCP", "l4-shop/new1:80/TCP", "l4-shop/new2:80/TCP" }));
        Assert.That(Ids(delta["virtualServers"]!["removed"]), Is.EqualTo(new[] { "l4-shop/old:80/TCP", "l4-shop/web:80/TCP" }));
        Assert.That(delta["virtualServers"]!["changed"]!.AsArray(), Is.Empty, "cart keeps its profile id; the layer-7 servers still host front");

        Assert.That(delta["conflicts"]!["added"]!.AsArray(), Is.Empty);
        var resolved = delta["conflicts"]!["resolved"]!.AsArray().Single()!;
        Assert.That($"{resolved["ingress"]} -> {resolved["service"]}", Is.EqualTo("shop/front -> shop/web"));
        Assert.That(delta["ncpConfig"]!.AsArray(), Is.Empty);

        var summary = delta["summary"]!;
        Assert.That(summary["dedicatedProfilesAdded"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(summary["dedicatedProfilesRemoved"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(summary["virtualServersAdded"]!.GetValue<int>(), Is.EqualTo(4));
        Assert.That(summary["virtualServersRemoved"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(summary["conflictsResolved"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public void The_markdown_leads_with_the_delta()
    {
        var markdown = PlanWriter.ToMarkdown(BuildPlan(Fixture("delta-after"), baselinePlan: BaselineOf("delta-before")));
        var lines = markdown.Split('\n');

        Assert.That(lines[2], Is.EqualTo("## What this change does"));
        Assert.That(lines[4], Is.EqualTo("This change creates 2 dedicated persistence profiles, removes 1; changes 2 persistence profiles; adds 4 virtual servers, removes 2; introduces 0 new conflicts, resolves 1."));
        Assert.That(lines, Does.Contain("- Creates dedicated layer-4 profile l4-source-ip-shop-new1 (120 s) for shop/new1"));
        Assert.That(lines, Does.Contain("- Removes dedicated layer-4 profile l4-source-ip-shop-old"));
        Assert.That(lines, Does.Contain("- Changes profile l4-source-ip-shop-cart: timeoutSeconds 600 → 900"));
        Assert.That(lines, Does.Contain("- Changes profile l4-source-ip-default: now also shop/api; no longer shop/web"));
        Assert.That(lines, Does.Contain("- Removes virtual server l4-shop/web:80/TCP"));
        Assert.That(lines, Does.Contain("- Resolves conflict: Ingress shop/front → Service shop/web"));
        Assert.That(markdown.IndexOf("What this change does", StringComparison.Ordinal), Is.LessThan(markdown.IndexOf("**", StringComparison.Ordinal)), "the delta comes before the summary line");
    }

    [Test]
    public void The_reverse_change_introduces_the_conflict_and_creates_the_removed_profile()
    {
        var plan = BuildPlan(Fixture("delta-before"), baselinePlan: BaselineOf("delta-after"));
        var delta = Node(plan)["delta"]!;

        Assert.That(Ids(delta["profiles"]!["added"]), Is.EqualTo(new[] { "l4-source-ip-shop-old" }));
        Assert.That(delta["conflicts"]!["added"]!.AsArray().Single()!["service"]!.GetValue<string>(), Is.EqualTo("shop/web"));
        Assert.That(PlanWriter.ToMarkdown(plan), Does.Contain("This change creates 1 dedicated persistence profile, removes 2; changes 2 persistence profiles; adds 2 virtual servers, removes 4; introduces 1 new conflict, resolves 0.")
            .And.Contain("- **New conflict** (NCP3001): Ingress shop/front → LoadBalancer Service shop/web (source_ip on layer 4, cookie on layer 7)"));
    }

    [Test]
    public void The_same_plan_as_baseline_is_no_change()
    {
        var plan = BuildPlan(Fixture("delta-after"), baselinePlan: BaselineOf("delta-after"));
        var delta = Node(plan)["delta"]!;

        Assert.That(delta["status"]!.GetValue<string>(), Is.EqualTo("compared"));
        Assert.That(plan.Delta!.IsEmpty, Is.True);
        Assert.That(PlanWriter.ToMarkdown(plan), Does.Contain("This change does not alter the NSX plan of the base branch."));
    }

    [Test]
    public void A_configuration_change_is_reported_by_its_effective_value()
    {
        var plan = BuildPlan(Fixture("delta-after"), o => o.L7PersistenceOverride = "none", BaselineOf("delta-after"));
        var delta = Node(plan)["delta"]!;

        var change = delta["ncpConfig"]!.AsArray().Single()!;
        Assert.That($"{change["field"]}: {change["before"]} -> {change["after"]}", Is.EqualTo("l7Persistence: cookie -> none"));
        Assert.That(Ids(delta["profiles"]!["removed"]), Is.EqualTo(new[] { "l7-cookie" }));
        Assert.That(delta["virtualServers"]!["changed"]!.AsArray().Select(c => c!["changes"]![0]!["after"]), Is.All.Null);
        Assert.That(PlanWriter.ToMarkdown(plan), Does.Contain("removes profile l7-cookie").And.Contain("- NCP configuration: l7Persistence cookie → none"));
    }

    [TestCase(null, "does not exist")]
    [TestCase("", "invalid JSON")]
    [TestCase("{ not json", "invalid JSON")]
    [TestCase("[1, 2]", "not a JSON object")]
    [TestCase("{\"schemaVersion\": \"3.0\"}", "schemaVersion 3.0 is not supported")]
    [TestCase("{\"schemaVersion\": \"2.0\"}", "'clusters' is missing or empty")]
    [TestCase("{\"schemaVersion\": \"2.0\", \"clusters\": [{\"key\": \"k\", \"ncpConfig\": {\"l4Persistence\": {}, \"l7Persistence\": {}, \"cookieName\": {}, \"l7PersistenceTimeout\": {}}, \"conflicts\": [{\"ingress\": \"a\", \"service\": \"b\", \"line\": 1.5}]}]}", "'line' is not an integer")]
    [TestCase("{\"schemaVersion\": \"1.0\", \"ncpConfig\": {}}", "'l4Persistence' is missing")]
    [TestCase("{\"schemaVersion\": \"1.0\", \"ncpConfig\": 3}", "'ncpConfig' is missing or not an object")]
    public void A_missing_or_corrupt_baseline_gives_a_note_not_an_exception(string? content, string reason)
    {
        var path = Path.Combine(folder, "broken-plan.json");
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        var plan = BuildPlan(CafeRoot, baselinePlan: path);
        var delta = Node(plan)["delta"]!;

        Assert.That(delta["status"]!.GetValue<string>(), Is.EqualTo("unavailable"));
        Assert.That(delta["message"]!.GetValue<string>(), Does.Contain("'broken-plan.json'").And.Contain(reason));
        Assert.That(delta["message"]!.GetValue<string>(), Does.Not.Contain(folder), "no absolute path in the artifact");
        var markdown = PlanWriter.ToMarkdown(plan);
        Assert.That(markdown, Does.Contain("> **Note:** no comparison with the base branch: the baseline plan 'broken-plan.json'"));
        Assert.That(markdown, Does.Contain("**1 shared and 0 dedicated"), "the plan itself is still complete");
    }
}
