using NUnit.Framework;
using System.Text.Json.Nodes;
using NcpPersistence.Plan;
using static NcpPersistence.Tests.PlanTests.PlanTestSupport;

namespace NcpPersistence.Tests.PlanTests;

/// <summary>The plan has one cluster per scope: per NCP configuration, its profiles, virtual servers and conflicts.</summary>
[TestFixture]
public sealed class PlanClusterTests
{
    private string folder = "";

    [SetUp]
    public void CreateFolder() => folder = TempFolder();

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    private void Write(string path, string text)
    {
        var full = Path.Combine(folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text.ReplaceLineEndings("\n"));
    }

    private const string Service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  type: LoadBalancer\n  ports:\n  - port: 80\n";
    private const string Ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  defaultBackend:\n    service:\n      name: shop\n      port:\n        number: 80\n";

    [Test]
    public void Two_clusters_get_two_plans_and_a_shared_app_appears_in_both()
    {
        Write("clusters/prod/ncp.ini", "[nsx_v3]\nl4_persistence = source_ip\nl7_persistence = cookie\n");
        Write("clusters/prod/svc.yaml", Service.Replace("shop", "prod-only"));
        Write("clusters/staging/ncp.ini", "[nsx_v3]\nl7_persistence = none\n");
        Write("apps/app.yaml", Service + "---\n" + Ingress);

        var plan = BuildPlan(folder);
        var json = Node(plan);
        var clusters = json["clusters"]!.AsArray();

        Assert.That(clusters.Select(c => c!["key"]!.GetValue<string>()), Is.EqualTo(new[] { "clusters/prod/ncp.ini", "clusters/staging/ncp.ini" }));
        Assert.That(clusters.Select(c => c!["scope"]!.GetValue<string>()), Is.EqualTo(new[] { "clusters/prod", "clusters/staging" }));
        var prod = clusters[0]!;
        var staging = clusters[1]!;
        Assert.That(Ids(prod["virtualServers"]), Is.EqualTo(new[] { "l4-default/prod-only:80/TCP", "l4-default/shop:80/TCP", "l7-http", "l7-https" }));
        Assert.That(Ids(staging["virtualServers"]), Is.EqualTo(new[] { "l4-default/shop:80/TCP", "l7-http", "l7-https" }), "the shared app, not prod's own Service");
        Assert.That(prod["conflicts"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That(staging["conflicts"]!.AsArray(), Is.Empty);
        Assert.That(Ids(prod["profiles"]), Is.EqualTo(new[] { "l4-source-ip-default", "l7-cookie" }));
        Assert.That(staging["profiles"]!.AsArray(), Is.Empty);
        Assert.That(json["summary"]!["conflicts"]!.GetValue<int>(), Is.EqualTo(1), "totals over the clusters");
        Assert.That(json["summary"]!["virtualServers"]!.GetValue<int>(), Is.EqualTo(7));

        var markdown = PlanWriter.ToMarkdown(plan);
        Assert.That(markdown, Does.Contain("## Cluster clusters/prod/ncp.ini"));
        Assert.That(markdown, Does.Contain("## Cluster clusters/staging/ncp.ini"));
        Assert.That(markdown, Does.Contain("### Conflicts (NCP3001)"));
    }

    [Test]
    public void Settings_file_clusters_name_their_plans()
    {
        Write("platform/prod.ini", "[nsx_v3]\nl4_persistence = source_ip\n");
        Write(".ncp-persistence.yaml", "clusters:\n  - name: prod\n    manifests: [prod]\n    config: platform/prod.ini\n");
        Write("prod/app.yaml", Service);

        var cluster = Cluster(BuildPlan(folder));

        Assert.That(cluster["key"]!.GetValue<string>(), Is.EqualTo("prod"));
        Assert.That(cluster["name"]!.GetValue<string>(), Is.EqualTo("prod"));
        Assert.That(cluster["configuration"]!["file"]!.GetValue<string>(), Is.EqualTo("platform/prod.ini"));
        Assert.That(cluster["scope"], Is.Null);
    }

    [Test]
    public void A_multi_cluster_delta_says_which_cluster_changed()
    {
        Write("clusters/prod/ncp.ini", "[nsx_v3]\nl4_persistence = source_ip\n");
        Write("clusters/staging/ncp.ini", "[nsx_v3]\nl4_persistence = none\n");
        Write("apps/app.yaml", Service);
        var before = Path.Combine(folder, "before.json");
        File.WriteAllText(before, PlanWriter.ToJson(BuildPlan(folder)));

        Write("clusters/staging/ncp.ini", "[nsx_v3]\nl4_persistence = source_ip\n");
        var delta = Node(BuildPlan(folder, baselinePlan: before))["delta"]!;

        var added = delta["profiles"]!["added"]!.AsArray().Single()!;
        Assert.That($"{added["cluster"]}: {added["id"]}", Is.EqualTo("clusters/staging/ncp.ini: l4-source-ip-default"));
        var change = delta["ncpConfig"]!.AsArray().Single()!;
        Assert.That($"{change["cluster"]}: {change["field"]}: {change["before"]} -> {change["after"]}", Is.EqualTo("clusters/staging/ncp.ini: l4Persistence: none -> source_ip"));
    }
}
