using System.Text.Json.Nodes;
using NcpPersistence.Tests.Harness;
using static NcpPersistence.Tests.PlanTests.PlanTestSupport;

namespace NcpPersistence.Tests.PlanTests;

/// <summary>The plan for the NCP fidelity additions: LoadBalancer resources, Routes, the native-LB gate, network profiles, capacity, the NCP release.</summary>
[TestFixture]
public sealed class PlanFidelityTests
{
    private const string LoadBalancerApp = """
        apiVersion: vmware.com/v1alpha1
        kind: LoadBalancer
        metadata:
          name: shop-lb
          namespace: shop
        spec:
          size: MEDIUM
          httpConfig:
            virtualIP: 10.0.0.5
            port: 8080
            affinity:
              type: cookie
              timeout: 600
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: shop
          annotations:
            nsx/loadbalancer: shop-lb
        spec:
          defaultBackend:
            service:
              name: cart
              port:
                number: 80
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: other
          namespace: shop
        spec:
          defaultBackend:
            service:
              name: cart
              port:
                number: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: cart
          namespace: shop
        spec:
          type: LoadBalancer
          ports:
          - port: 80
        """;

    [Test]
    public void ALoadBalancerResource_HasItsOwnVirtualServersAndProfile_AndHostsItsIngresses()
    {
        using var project = new TempProject();
        project.Write("ncp.ini", "[nsx_v3]\nl4_persistence = source_ip\nl7_persistence = source_ip\n[k8s]\nenable_lb_crd = True\n").Write("app.yaml", LoadBalancerApp);

        var cluster = Cluster(BuildPlan(project.Root));

        var lb = cluster["loadBalancers"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(lb["loadBalancer"]!.GetValue<string>(), Is.EqualTo("shop/shop-lb"));
            Assert.That(lb["size"]!.GetValue<string>(), Is.EqualTo("MEDIUM"));
            Assert.That(lb["active"]!.GetValue<bool>(), Is.True);
            Assert.That(lb["affinity"]!.GetValue<string>(), Is.EqualTo("cookie"));
            Assert.That(lb["timeoutSeconds"]!.GetValue<long>(), Is.EqualTo(600));
            Assert.That(lb["profile"]!.GetValue<string>(), Is.EqualTo("l7-cookie-lb-shop-shop-lb"));
            Assert.That(Strings(lb["ingresses"]), Is.EqualTo(new[] { "shop/web" }));
            Assert.That(Strings(lb["virtualServers"]), Is.EqualTo(new[] { "l7-lb-shop/shop-lb-http", "l7-lb-shop/shop-lb-https" }));
        });

        var http = ById(cluster, "virtualServers", "l7-lb-shop/shop-lb-http");
        Assert.That(http["port"]!.GetValue<int>(), Is.EqualTo(8080));
        Assert.That(http["loadBalancer"]!.GetValue<string>(), Is.EqualTo("shop/shop-lb"));
        Assert.That(Strings(http["ingresses"]), Is.EqualTo(new[] { "shop/web" }));
        Assert.That(Strings(ById(cluster, "virtualServers", "l7-http")["ingresses"]), Is.EqualTo(new[] { "shop/other" }), "the other Ingress stays on NCP's shared load balancer");

        var profile = ById(cluster, "profiles", "l7-cookie-lb-shop-shop-lb");
        Assert.That(profile["loadBalancer"]!.GetValue<string>(), Is.EqualTo("shop/shop-lb"));
        Assert.That(Strings(ById(cluster, "profiles", "l7-source-ip")["ingresses"]), Is.EqualTo(new[] { "shop/other" }));

        var conflict = cluster["conflicts"]!.AsArray().Single()!;
        Assert.That(conflict["ingress"]!.GetValue<string>(), Is.EqualTo("shop/web"));
        Assert.That(conflict["loadBalancer"]!.GetValue<string>(), Is.EqualTo("shop/shop-lb"));
        Assert.That(ById(cluster, "ingresses", "shop/web", "ingress")["virtualServer"]!.GetValue<string>(), Is.EqualTo("l7-lb-shop/shop-lb-http"));
    }

    [Test]
    public void ALoadBalancerResource_WithTheCrdOff_IsListedInactive_WithoutVirtualServers()
    {
        using var project = new TempProject();
        project.Write("ncp.ini", "[nsx_v3]\nl7_persistence = source_ip\n").Write("app.yaml", LoadBalancerApp);

        var cluster = Cluster(BuildPlan(project.Root));

        var lb = cluster["loadBalancers"]!.AsArray().Single()!;
        Assert.That(lb["active"]!.GetValue<bool>(), Is.False);
        Assert.That(lb["reason"]!.GetValue<string>(), Does.Contain("enable_lb_crd is not True"));
        Assert.That(Ids(cluster["virtualServers"]), Is.EqualTo(new[] { "l4-shop/cart:80/TCP", "l7-http", "l7-https" }));
        Assert.That(Strings(ById(cluster, "virtualServers", "l7-http")["ingresses"]), Is.EqualTo(new[] { "shop/web", "shop/other" }), "in document order");
    }

    [Test]
    public void Routes_AreServedLikeIngresses()
    {
        using var project = new TempProject();
        project.Write("ncp.ini", "[nsx_v3]\nl7_persistence = cookie\nl4_persistence = source_ip\n").Write("route.yaml", """
            apiVersion: route.openshift.io/v1
            kind: Route
            metadata:
              name: shop
              namespace: web
            spec:
              host: shop.example.com
              to:
                name: cart
              tls:
                termination: edge
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: cart
              namespace: web
            spec:
              type: LoadBalancer
              ports:
              - port: 443
            """);

        var cluster = Cluster(BuildPlan(project.Root));

        Assert.That(Strings(ById(cluster, "virtualServers", "l7-https")["routes"]), Is.EqualTo(new[] { "web/shop" }));
        Assert.That(Strings(ById(cluster, "profiles", "l7-cookie")["routes"]), Is.EqualTo(new[] { "web/shop" }));
        var route = cluster["routes"]!.AsArray().Single()!;
        Assert.That(route["route"]!.GetValue<string>(), Is.EqualTo("web/shop"));
        Assert.That(route["virtualServer"]!.GetValue<string>(), Is.EqualTo("l7-https"));
        var conflict = cluster["conflicts"]!.AsArray().Single()!;
        Assert.That((conflict["kind"]!.GetValue<string>(), conflict["ingress"]!.GetValue<string>(), conflict["fieldPath"]!.GetValue<string>()), Is.EqualTo(("Route", "web/shop", "spec.to.name")));
        Assert.That(cluster["summary"]!["ncpRoutes"]!.GetValue<int>(), Is.EqualTo(1));
    }

    [Test]
    public void WithoutNativeLoadBalancing_ThePlanHasNoVirtualServers_AndSkipsEveryIngress()
    {
        using var project = new TempProject();
        project.WithCafe().Write("ncp-config.yaml", TempProject.NcpConfig.Replace("l4_persistence = source_ip", "l4_persistence = source_ip\n    use_native_loadbalancer = False", StringComparison.Ordinal));

        var cluster = Cluster(BuildPlan(project.Root));

        Assert.Multiple(() =>
        {
            Assert.That(cluster["nativeLoadBalancer"]!.GetValue<bool>(), Is.False);
            Assert.That(cluster["virtualServers"]!.AsArray(), Is.Empty);
            Assert.That(cluster["profiles"]!.AsArray(), Is.Empty);
            Assert.That(cluster["conflicts"]!.AsArray(), Is.Empty);
            Assert.That(cluster["skipped"]!.AsArray().Single()!["reason"]!.GetValue<string>(), Does.Contain("use_native_loadbalancer = False"));
            Assert.That(cluster["ncpConfig"]!["useNativeLoadBalancer"]!["effective"]!.GetValue<string>(), Is.EqualTo("false"));
            Assert.That(cluster["capacity"]!["loadBalancers"]!.GetValue<int>(), Is.EqualTo(0));
        });
    }

    [Test]
    public void ANetworkProfile_IsTheConfigurationOrigin_AndItsSettingsPointIntoTheJson()
    {
        using var project = new TempProject();
        project.Write("tkgi/prod-network-profile.json", """
            {
              "name": "prod",
              "parameters": {
                "lb_size": "large",
                "cni_configurations": {
                  "type": "nsxt",
                  "parameters": {
                    "ingress_persistence_settings": {
                      "persistence_type": "cookie",
                      "persistence_timeout": 900
                    }
                  }
                }
              }
            }
            """).Write("app/ingress.yaml", TempProject.Ingress);

        var cluster = Cluster(BuildPlan(project.Root));

        Assert.That(cluster["configuration"]!["file"]!.GetValue<string>(), Is.EqualTo("tkgi/prod-network-profile.json"));
        Assert.That(cluster["configuration"]!["format"]!.GetValue<string>(), Is.EqualTo("networkProfile"));
        var l7 = cluster["ncpConfig"]!["l7Persistence"]!;
        Assert.That(l7["effective"]!.GetValue<string>(), Is.EqualTo("cookie"));
        Assert.That((l7["origin"]!["file"]!.GetValue<string>(), l7["origin"]!["line"]!.GetValue<int>()), Is.EqualTo(("tkgi/prod-network-profile.json", 9)));
        Assert.That(cluster["ncpConfig"]!["l7PersistenceTimeout"]!["effective"]!.GetValue<long>(), Is.EqualTo(900));
        Assert.That(cluster["capacity"]!["serviceSize"]!.GetValue<string>(), Is.EqualTo("LARGE"));
        Assert.That(cluster["capacity"]!["origin"]!["line"]!.GetValue<int>(), Is.EqualTo(4));
    }

    [TestCase("", "SMALL", 10, 2, false)]
    [TestCase("l4_lb_auto_scaling = False\n", "SMALL", 10, 1, true)]
    [TestCase("l4_lb_auto_scaling = False\nservice_size = MEDIUM\n", "MEDIUM", 10, 1, false)]
    [TestCase("max_allowed_virtual_servers = 9\n", "SMALL", 10, 2, true)]
    public void Capacity_CountsLayer4VirtualServers_AgainstTheLoadBalancer(string settings, string size, int servers, int loadBalancers, bool exceeded)
    {
        using var project = new TempProject();
        project.Write("ncp.ini", "[nsx_v3]\n" + settings);
        for (var i = 0; i < 5; i++)
        {
            project.Write($"svc-{i}.yaml", $"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\nspec:\n  type: LoadBalancer\n  ports:\n  - port: 80\n  - port: 443\n");
        }

        var capacity = Cluster(BuildPlan(project.Root))["capacity"]!;

        Assert.That(
            (capacity["serviceSize"]!.GetValue<string>(), capacity["layer4VirtualServers"]!.GetValue<int>(), capacity["loadBalancers"]!.GetValue<int>(), capacity["exceeded"]!.GetValue<bool>()),
            Is.EqualTo((size, servers, loadBalancers, exceeded)));
    }

    [Test]
    public void TheNcpRelease_IsInThePlan_AndBelow32_NoCookieNameReachesNsx()
    {
        using var project = new TempProject();
        project.Write("ncp.ini", "[nsx_v3]\nl7_persistence = cookie\ncookie_name = SHOP\n").Write("ingress.yaml", TempProject.Ingress);

        var old = Cluster(BuildPlan(project.Root, o => o.NcpVersion = new NcpPersistence.Model.NcpVersion(3, 1, 2, 0)));
        var current = Cluster(BuildPlan(project.Root));

        Assert.That(old["ncpVersion"]!.GetValue<string>(), Is.EqualTo("3.1.2"));
        Assert.That(ById(old, "profiles", "l7-cookie")["cookieName"], Is.Null);
        Assert.That(current["ncpVersion"], Is.Null);
        Assert.That(ById(current, "profiles", "l7-cookie")["cookieName"]!.GetValue<string>(), Is.EqualTo("SHOP"));
    }

    private static JsonNode ById(JsonNode cluster, string list, string id, string field = "id") =>
        cluster[list]!.AsArray().Single(n => n![field]!.GetValue<string>() == id)!;

    private static IReadOnlyList<string> Ids(JsonNode? list) => list!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();

    private static IReadOnlyList<string> Strings(JsonNode? list) => list!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
