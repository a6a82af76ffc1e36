using System.Globalization;
using System.Text;

namespace NcpPersistence.Bench;

/// <summary>
/// Writes a realistic, deterministic monorepo: many namespaces, multi-document files where most
/// documents are kinds the analyzer ignores (Deployments, HPAs, large ConfigMaps, CRDs), Services and
/// Ingresses of every form, one NCP ConfigMap, and a few conflicts.
/// </summary>
public static class CorpusGenerator
{
    /// <param name="findingsFactor">
    /// 1 for the standard corpus. Above 1, an Ingress that routes to a LoadBalancer Service gets that many
    /// paths to it, each an NCP3001 finding: the same files, the same random draws, more findings
    /// (16 gives about 10 times the findings of the standard corpus).
    /// </param>
    public static int Generate(string directory, int fileCount, int seed, int findingsFactor = 1)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "ncp-config.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nsx-ncp-config\n  namespace: nsx-system\ndata:\n  ncp.ini: |\n    [DEFAULT]\n    debug = False\n    [nsx_v3]\n    l7_persistence = cookie\n    l4_persistence = source_ip\n    cookie_name = NSX_SESSION\n");
        for (var i = 1; i < fileCount; i++)
        {
            var ns = "team-" + (i % 97).ToString("D2", CultureInfo.InvariantCulture);
            var app = $"app{i}";
            var folder = Path.Combine(directory, ns, "app" + (i % 13).ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            var text = new StringBuilder();
            Deployment(text, ns, app, random);
            text.Append("---\n");
            switch (random.Next(10))
            {
                case 0:
                    BigConfigMap(text, ns, app, random);
                    break;
                case 1:
                    Crd(text, app);
                    break;
                default:
                    Hpa(text, ns, app);
                    break;
            }

            text.Append("---\n");
            var loadBalancer = random.Next(4) == 0;
            Service(text, ns, app, loadBalancer, random);
            if (random.Next(3) == 0)
            {
                text.Append("---\n");
                Ingress(text, ns, app, random, loadBalancer ? findingsFactor : 1);
            }

            File.WriteAllText(Path.Combine(folder, $"{app}.yaml"), text.ToString());
        }

        Console.WriteLine($"wrote {fileCount} files to {directory} (seed {seed}, findings factor {findingsFactor})");
        return 0;
    }

    /// <summary>
    /// The cross-object worst case for the artifacts: <paramref name="count"/> LoadBalancer Services, each with
    /// an NCP Ingress routing to it, under global source-IP and cookie persistence, so every backend is an
    /// NCP3001 error; <paramref name="perFile"/> Service/Ingress pairs to a file.
    /// </summary>
    public static int GenerateConflicts(string directory, int count, int perFile)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "ncp-config.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nsx-ncp-config\n  namespace: nsx-system\ndata:\n  ncp.ini: |\n    [nsx_v3]\n    l7_persistence = cookie\n    l4_persistence = source_ip\n");
        for (var first = 0; first < count; first += perFile)
        {
            var text = new StringBuilder();
            for (var i = first; i < Math.Min(count, first + perFile); i++)
            {
                text.Append($"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc{i}\n  namespace: conflicts\nspec:\n  type: LoadBalancer\n  selector:\n    app: app{i}\n  ports:\n  - port: 80\n---\n");
                text.Append($"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ing{i}\n  namespace: conflicts\nspec:\n  ingressClassName: nsx\n  rules:\n  - host: app{i}.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: svc{i}\n            port:\n              number: 80\n---\n");
            }

            File.WriteAllText(Path.Combine(directory, $"conflicts-{first / perFile:D4}.yaml"), text.ToString());
        }

        Console.WriteLine($"wrote {count} conflicting Service/Ingress pairs to {directory} ({perFile} a file)");
        return 0;
    }

    private static void Deployment(StringBuilder text, string ns, string app, Random random)
    {
        text.Append($"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {app}\n  namespace: {ns}\n  labels:\n    app: {app}\n    tier: backend\nspec:\n  replicas: {random.Next(1, 5)}\n  selector:\n    matchLabels:\n      app: {app}\n  template:\n    metadata:\n      labels:\n        app: {app}\n    spec:\n      containers:\n");
        for (var c = 0; c < random.Next(1, 4); c++)
        {
            text.Append($"      - name: c{c}\n        image: registry.example.com/{app}/c{c}:1.{random.Next(100)}\n        ports:\n        - containerPort: {8000 + c}\n        env:\n");
            for (var e = 0; e < 6; e++)
            {
                text.Append($"        - name: VAR_{e}\n          value: \"value-{random.Next(100000)}\"\n");
            }

            text.Append("        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n          limits:\n            cpu: 500m\n            memory: 512Mi\n");
        }
    }

    private static void BigConfigMap(StringBuilder text, string ns, string app, Random random)
    {
        text.Append($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {app}-settings\n  namespace: {ns}\ndata:\n  settings.json: |\n");
        for (var l = 0; l < 200; l++)
        {
            text.Append($"    {{\"key{l}\": \"{random.Next()}\", \"enabled\": true}}\n");
        }
    }

    private static void Crd(StringBuilder text, string app) =>
        text.Append($"apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: {app}s.example.com\nspec:\n  group: example.com\n  names:\n    kind: {app}\n    plural: {app}s\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              sessionAffinity:\n                type: string\n");

    private static void Hpa(StringBuilder text, string ns, string app) =>
        text.Append($"apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: {app}\n  minReplicas: 1\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 70\n");

    private static void Service(StringBuilder text, string ns, string app, bool loadBalancer, Random random)
    {
        text.Append($"apiVersion: v1\nkind: Service\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  selector:\n    app: {app}\n");
        if (loadBalancer)
        {
            text.Append("  type: LoadBalancer\n");
            if (random.Next(5) == 0)
            {
                text.Append($"  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: {random.Next(60, 3600)}\n");
            }
        }

        text.Append("  ports:\n  - name: http\n    port: 80\n    targetPort: 8000\n    protocol: TCP\n");
    }

    private static void Ingress(StringBuilder text, string ns, string app, Random random, int paths)
    {
        if (random.Next(2) == 0)
        {
            text.Append($"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  ingressClassName: {(random.Next(4) == 0 ? "nginx" : "nsx")}\n  rules:\n  - host: {app}.example.com\n    http:\n      paths:\n");
            for (var p = 0; p < paths; p++)
            {
                text.Append($"      - path: /{(p == 0 ? "" : "p" + p.ToString(CultureInfo.InvariantCulture))}\n        pathType: Prefix\n        backend:\n          service:\n            name: {app}\n            port:\n              number: 80\n");
            }
        }
        else
        {
            text.Append($"apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: {app}\n  namespace: {ns}\nspec:\n  tls:\n  - hosts: [{app}.example.com]\n  rules:\n  - host: {app}.example.com\n    http:\n      paths:\n");
            for (var p = 0; p < paths; p++)
            {
                text.Append($"      - path: /{(p == 0 ? "" : "p" + p.ToString(CultureInfo.InvariantCulture))}\n        backend:\n          serviceName: {app}\n          servicePort: 80\n");
            }
        }
    }
}
