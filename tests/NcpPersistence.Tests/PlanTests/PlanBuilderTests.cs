using NUnit.Framework;
using System.Text.Json.Nodes;
using NcpPersistence.Plan;
using static NcpPersistence.Tests.PlanTests.PlanTestSupport;

namespace NcpPersistence.Tests.PlanTests;

/// <summary>Expected plans computed by hand from semantics.md sections 2-4 (not copied from the output).</summary>
[TestFixture]
public sealed class PlanBuilderTests
{
    [Test]
    public void Cafe_example_matches_the_hand_written_plan()
    {
        // Ingress cafe-ingress (no class -> NCP, no TLS -> HTTP) routes to LoadBalancer tea-svc;
        // l4_persistence = source_ip puts tea-svc on the shared default profile, l7_persistence = cookie
        // gives the l7-cookie profile, and the two differ: one NCP3001 conflict.
        var actual = Node(BuildPlan(CafeRoot));
        var expected = JsonNode.Parse(File.ReadAllText(Fixture("cafe.expected.json")))!;
        Assert.That(JsonNode.DeepEquals(expected, actual), Is.True, actual.ToJsonString());
    }

    [Test]
    public void Default_timeouts_share_one_profile_and_each_non_default_timeout_gets_its_own()
    {
        var plan = Cluster(BuildPlan(Fixture("timeouts")));

        Assert.That(Ids(plan["profiles"]), Is.EqualTo(new[] { "l4-source-ip-default", "l4-source-ip-shop-b", "l4-source-ip-shop-c" }));
        var shared = ById(plan, "profiles", "l4-source-ip-default");
        Assert.That(shared["shared"]!.GetValue<bool>(), Is.True);
        Assert.That(shared["timeoutSeconds"]!.GetValue<long>(), Is.EqualTo(10800));
        // a: no affinity; d: 10800 written out; e: ClientIP without timeout; g: last definition has no affinity.
        Assert.That(Strings(shared["services"]), Is.EqualTo(new[] { "shop/a", "shop/d", "shop/e", "shop/g" }));

        foreach (var name in new[] { "b", "c" })
        {
            var dedicated = ById(plan, "profiles", "l4-source-ip-shop-" + name);
            Assert.That(dedicated["shared"]!.GetValue<bool>(), Is.False);
            Assert.That(dedicated["timeoutSeconds"]!.GetValue<long>(), Is.EqualTo(600));
            Assert.That(Strings(dedicated["services"]), Is.EqualTo(new[] { "shop/" + name }));
            Assert.That(dedicated["cookieName"], Is.Null);
        }

        // f is ClusterIP: no virtual server. g counts once.
        Assert.That(Ids(plan["virtualServers"]), Is.EqualTo(new[]
        {
            "l4-shop/a:80/TCP", "l4-shop/b:80/TCP", "l4-shop/c:80/TCP", "l4-shop/d:80/TCP", "l4-shop/e:80/TCP", "l4-shop/g:80/TCP", "l7-http", "l7-https",
        }));
        Assert.That(ById(plan, "virtualServers", "l4-shop/b:80/TCP")["profile"]!.GetValue<string>(), Is.EqualTo("l4-source-ip-shop-b"));
        Assert.That(ById(plan, "virtualServers", "l4-shop/g:80/TCP")["profile"]!.GetValue<string>(), Is.EqualTo("l4-source-ip-default"));
        Assert.That(ById(plan, "virtualServers", "l7-http")["profile"], Is.Null, "l7_persistence is unset");

        var summary = plan["summary"]!;
        Assert.That(summary["sharedProfiles"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(summary["dedicatedProfiles"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(summary["layer7Profiles"]!.GetValue<int>(), Is.EqualTo(0));
        Assert.That(summary["virtualServers"]!.GetValue<int>(), Is.EqualTo(8));
        Assert.That(summary["loadBalancerServices"]!.GetValue<int>(), Is.EqualTo(6));
        Assert.That(plan["conflicts"]!.AsArray(), Is.Empty);
    }

    [Test]
    public void A_service_with_several_ports_gets_one_virtual_server_per_port_on_one_profile()
    {
        var plan = Cluster(BuildPlan(Fixture("multiport")));

        var layer4 = plan["virtualServers"]!.AsArray().Where(v => v!["layer"]!.GetValue<int>() == 4).ToList();
        Assert.That(layer4.Select(v => $"{v!["port"]}/{v["protocol"]}/{v["portName"]}"), Is.EqualTo(new[] { "53/TCP/dns-tcp", "53/UDP/dns", "80/TCP/http", "443/TCP/https" }));
        Assert.That(layer4.Select(v => v!["service"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "default/web" }));
        Assert.That(layer4.Select(v => v!["profile"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "l4-source-ip-default" }));
        Assert.That(Ids(plan["profiles"]), Is.EqualTo(new[] { "l4-source-ip-default" }));
        Assert.That(Strings(plan["profiles"]![0]!["services"]), Is.EqualTo(new[] { "default/web" }), "one profile binding per Service, not per port");
    }

    [Test]
    public void Without_l4_persistence_only_services_with_ClientIP_affinity_get_source_ip()
    {
        var plan = Cluster(BuildPlan(Fixture("l4-affinity")));

        Assert.That(plan["ncpConfig"]!["l4Persistence"]!["effective"]!.GetValue<string>(), Is.EqualTo("none"));
        Assert.That(plan["ncpConfig"]!["l4Persistence"]!["origin"]!["kind"]!.GetValue<string>(), Is.EqualTo("default"));
        Assert.That(Ids(plan["profiles"]), Is.EqualTo(new[] { "l4-source-ip-default", "l4-source-ip-default-x", "l7-cookie" }));
        Assert.That(Strings(ById(plan, "profiles", "l4-source-ip-default")["services"]), Is.EqualTo(new[] { "default/y" }));
        Assert.That(ById(plan, "profiles", "l4-source-ip-default-x")["timeoutSeconds"]!.GetValue<long>(), Is.EqualTo(900));
        Assert.That(ById(plan, "virtualServers", "l4-default/z:8080/TCP")["profile"], Is.Null, "z has no affinity and l4_persistence is none");

        // x gets source IP from its own sessionAffinity; z has none, so only x conflicts with the cookie.
        var conflict = plan["conflicts"]!.AsArray().Single()!;
        Assert.That(conflict["ingress"]!.GetValue<string>(), Is.EqualTo("default/shop"));
        Assert.That(conflict["service"]!.GetValue<string>(), Is.EqualTo("default/x"));
        Assert.That(conflict["l4Source"]!.GetValue<string>(), Is.EqualTo("sessionAffinity"));
        Assert.That(conflict["path"]!.GetValue<string>(), Is.EqualTo("/x"));
        Assert.That(conflict["file"]!.GetValue<string>(), Is.EqualTo("app.yaml"));
        Assert.That(conflict["line"]!.GetValue<int>(), Is.EqualTo(36));
    }

    [Test]
    public void With_l4_persistence_source_ip_every_load_balancer_has_source_ip_and_affinity_only_sets_the_timeout()
    {
        var plan = Cluster(BuildPlan(Fixture("l4-affinity"), o => o.L4PersistenceOverride = "source_ip"));

        var l4 = plan["ncpConfig"]!["l4Persistence"]!;
        Assert.That(l4["effective"]!.GetValue<string>(), Is.EqualTo("source_ip"));
        Assert.That(l4["origin"]!["kind"]!.GetValue<string>(), Is.EqualTo("override"));
        Assert.That(l4["origin"]!["name"]!.GetValue<string>(), Is.EqualTo("--l4"));
        Assert.That(Strings(ById(plan, "profiles", "l4-source-ip-default")["services"]), Is.EqualTo(new[] { "default/y", "default/z" }));
        Assert.That(ById(plan, "profiles", "l4-source-ip-default-x")["timeoutSeconds"]!.GetValue<long>(), Is.EqualTo(900));
        var conflicts = plan["conflicts"]!.AsArray();
        Assert.That(conflicts.Select(c => c!["service"]!.GetValue<string>()), Is.EqualTo(new[] { "default/x", "default/z" }));
        Assert.That(conflicts.Select(c => c!["l4Source"]!.GetValue<string>()).Distinct(), Is.EqualTo(new[] { "l4_persistence" }));
    }

    [Test]
    public void Layer_7_source_ip_gets_an_l7_source_ip_profile_with_the_configured_timeout_and_no_conflict()
    {
        var plan = Cluster(BuildPlan(Fixture("l7-source-ip")));

        var profile = ById(plan, "profiles", "l7-source-ip");
        Assert.That(profile["layer"]!.GetValue<int>(), Is.EqualTo(7));
        Assert.That(profile["type"]!.GetValue<string>(), Is.EqualTo("source_ip"));
        Assert.That(profile["timeoutSeconds"]!.GetValue<long>(), Is.EqualTo(600));
        Assert.That(profile.AsObject().ContainsKey("cookieName"), Is.False, "cookieName belongs to cookie profiles only");
        Assert.That(Strings(profile["ingresses"]), Is.EqualTo(new[] { "web/api" }));
        Assert.That(plan["conflicts"]!.AsArray(), Is.Empty, "source IP on both layers is no conflict");

        var timeout = plan["ncpConfig"]!["l7PersistenceTimeout"]!;
        Assert.That(timeout["effective"]!.GetValue<long>(), Is.EqualTo(600));
        Assert.That(timeout["origin"]!["file"]!.GetValue<string>(), Is.EqualTo("ncp.ini"));
        Assert.That(timeout["origin"]!["line"]!.GetValue<int>(), Is.EqualTo(4));
        var cookie = plan["ncpConfig"]!["cookieName"]!;
        Assert.That(cookie["value"]!.GetValue<string>(), Is.EqualTo("sticky"));
        Assert.That(cookie["effective"], Is.Null, "cookie_name has no effect unless l7_persistence = cookie");
    }

    [Test]
    public void Layer_7_cookie_gets_an_l7_cookie_profile_with_the_cookie_name()
    {
        var plan = Cluster(BuildPlan(Fixture("l7-source-ip"), o => o.L7PersistenceOverride = "cookie"));

        Assert.That(Ids(plan["profiles"]), Is.EqualTo(new[] { "l4-source-ip-default", "l7-cookie" }));
        var profile = ById(plan, "profiles", "l7-cookie");
        Assert.That(profile["type"]!.GetValue<string>(), Is.EqualTo("cookie"));
        Assert.That(profile["cookieName"]!.GetValue<string>(), Is.EqualTo("sticky"));
        Assert.That(profile["timeoutSeconds"]!.GetValue<long>(), Is.EqualTo(600));
        Assert.That(ById(plan, "virtualServers", "l7-http")["profile"]!.GetValue<string>(), Is.EqualTo("l7-cookie"));
        Assert.That(plan["conflicts"]!.AsArray().Single()!["service"]!.GetValue<string>(), Is.EqualTo("web/api"));
    }

    [Test]
    public void Tls_decides_between_the_http_and_the_https_virtual_server()
    {
        var plan = Cluster(BuildPlan(Fixture("tls")));

        Assert.That(Strings(ById(plan, "virtualServers", "l7-http")["ingresses"]), Is.EqualTo(new[] { "web/plain" }));
        Assert.That(Strings(ById(plan, "virtualServers", "l7-https")["ingresses"]), Is.EqualTo(new[] { "web/secure" }));
        Assert.That(ById(plan, "virtualServers", "l7-https")["port"]!.GetValue<int>(), Is.EqualTo(443));
        var ingresses = plan["ingresses"]!.AsArray();
        Assert.That(ingresses.Select(i => $"{i!["ingress"]}:{i["tls"]}:{i["virtualServer"]}"), Is.EqualTo(new[] { "web/plain:false:l7-http", "web/secure:true:l7-https" }));
        Assert.That(ingresses[0]!["backends"]![0]!["serviceType"]!.GetValue<string>(), Is.EqualTo("ClusterIP"));
        Assert.That(Strings(ById(plan, "profiles", "l7-cookie")["ingresses"]), Is.EqualTo(new[] { "web/plain", "web/secure" }));
        Assert.That(ById(plan, "profiles", "l7-cookie")["cookieName"]!.GetValue<string>(), Is.EqualTo("JSESSIONID"));
        Assert.That(plan["virtualServers"]!.AsArray().Count(v => v!["layer"]!.GetValue<int>() == 4), Is.Zero, "ClusterIP Services get no layer-4 virtual server");
    }

    [Test]
    public void Ingresses_of_another_class_are_skipped_with_the_reason()
    {
        var plan = Cluster(BuildPlan(Fixture("other-class")));

        var skipped = plan["skipped"]!.AsArray();
        Assert.That(skipped.Select(s => s!["ingress"]!.GetValue<string>()), Is.EqualTo(new[] { "default/by-annotation", "default/by-class-name" }));
        Assert.That(skipped.Select(s => s!["ingressClass"]!.GetValue<string>()), Is.EqualTo(new[] { "nginx", "traefik" }));
        Assert.That(skipped[0]!["reason"]!.GetValue<string>(), Does.Contain("'nginx'").And.Contain("'nsx'"));
        Assert.That(Strings(ById(plan, "profiles", "l7-cookie")["ingresses"]), Is.EqualTo(new[] { "default/unclassed" }));
        Assert.That(plan["summary"]!["skippedIngresses"]!.GetValue<int>(), Is.EqualTo(2));

        var strict = Cluster(BuildPlan(Fixture("other-class"), o => o.UnclassedIngressIsNcp = false));
        Assert.That(strict["skipped"]!.AsArray().Select(s => s!["ingress"]!.GetValue<string>()), Does.Contain("default/unclassed"));
        Assert.That(strict["skipped"]!.AsArray().Single(s => s!["ingress"]!.GetValue<string>() == "default/unclassed")!["ingressClass"], Is.Null);
        Assert.That(Strings(ById(strict, "profiles", "l7-cookie")["ingresses"]), Is.Empty);
    }

    [Test]
    public void An_empty_folder_gives_the_two_layer_7_virtual_servers_and_nothing_else()
    {
        var folder = TempFolder();
        try
        {
            var plan = Cluster(BuildPlan(folder));

            Assert.That(plan["profiles"]!.AsArray(), Is.Empty);
            Assert.That(Ids(plan["virtualServers"]), Is.EqualTo(new[] { "l7-http", "l7-https" }));
            Assert.That(plan["virtualServers"]!.AsArray().Select(v => v!["profile"]), Is.All.Null);
            Assert.That(plan["conflicts"]!.AsArray(), Is.Empty);
            Assert.That(plan["skipped"]!.AsArray(), Is.Empty);
            foreach (var setting in new[] { "l4Persistence", "l7Persistence", "cookieName", "l7PersistenceTimeout" })
            {
                Assert.That(plan["ncpConfig"]![setting]!["origin"]!["kind"]!.GetValue<string>(), Is.EqualTo("default"), setting);
            }

            Assert.That(plan["ncpConfig"]!["l7PersistenceTimeout"]!["effective"]!.GetValue<long>(), Is.EqualTo(10800));
            Assert.That(plan.AsObject().ContainsKey("delta"), Is.False);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Dedicated_profile_ids_stay_unique_when_namespace_and_name_run_together()
    {
        var folder = TempFolder();
        try
        {
            File.WriteAllText(Path.Combine(folder, "ncp.ini"), "[nsx_v3]\nl4_persistence = source_ip\n");
            string Service(string ns, string name) =>
                $"apiVersion: v1\nkind: Service\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  type: LoadBalancer\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {{clientIP: {{timeoutSeconds: 60}}}}\n  ports: [{{port: 80}}]\n";
            File.WriteAllText(Path.Combine(folder, "svc.yaml"), Service("a-b", "c") + "---\n" + Service("a", "b-c") + "---\n" + Service("shop", "cart"));

            var plan = Cluster(BuildPlan(folder));
            var ids = Ids(plan["profiles"]);

            Assert.That(ids, Is.Unique);
            Assert.That(ids, Has.Length.EqualTo(3));
            Assert.That(ids, Does.Contain("l4-source-ip-shop-cart"), "ids without a collision keep the readable form");
            Assert.That(ids.Count(id => id.StartsWith("l4-source-ip-a-b-c-", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(Cluster(BuildPlan(folder))["profiles"]!.ToJsonString(), Is.EqualTo(plan["profiles"]!.ToJsonString()), "the disambiguated ids are stable");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void The_plan_is_byte_identical_across_runs_and_degrees_of_parallelism()
    {
        foreach (var fixture in new[] { "timeouts", "multiport", "l4-affinity", "tls", "other-class", "escaping" })
        {
            var first = PlanWriter.ToJson(BuildPlan(Fixture(fixture)));
            var second = PlanWriter.ToJson(BuildPlan(Fixture(fixture), parallelism: 4));
            Assert.That(second, Is.EqualTo(first), fixture);
            Assert.That(PlanWriter.ToMarkdown(BuildPlan(Fixture(fixture), parallelism: 4)), Is.EqualTo(PlanWriter.ToMarkdown(BuildPlan(Fixture(fixture)))), fixture);
            Assert.That(first, Does.Not.Contain(Fixture(fixture)), "no absolute path");
            Assert.That(first, Does.Not.Contain("\r"));
            AssertValid(first);
        }
    }

    [Test]
    public void Writing_through_AtomicFile_leaves_an_unchanged_plan_untouched()
    {
        var folder = TempFolder();
        try
        {
            var plan = BuildPlan(CafeRoot);
            var json = Path.Combine(folder, "out", "nsx-profile-plan.json");
            var markdown = Path.Combine(folder, "out", "nsx-profile-plan.md");

            Assert.That(PlanWriter.Write(plan, json, markdown), Has.Count.EqualTo(2));
            Assert.That(PlanWriter.Write(BuildPlan(CafeRoot), json, markdown), Is.Empty, "same input, same bytes: nothing rewritten");
            Assert.That(File.ReadAllText(json), Is.EqualTo(PlanWriter.ToJson(plan)));
            AssertValid(File.ReadAllText(json));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void A_written_plan_reads_back_to_the_same_json()
    {
        foreach (var fixture in new[] { "timeouts", "l4-affinity", "tls", "other-class", "escaping", "l7-source-ip" })
        {
            var json = PlanJson(BuildPlan(Fixture(fixture)));
            Assert.That(PlanReader.TryRead(json, out var read, out var error), Is.True, error);
            Assert.That(PlanWriter.ToJson(read!), Is.EqualTo(json), fixture);
        }
    }
}
