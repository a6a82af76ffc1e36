namespace NcpPersistence.Tests.Harness;

/// <summary>A throw-away folder under the system temp folder, with the cafe manifests (one NCP3001) to start from.</summary>
public sealed class TempProject : IDisposable
{
    public const string Ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: cafe-ingress
        spec:
          rules:
          - host: cafe.example.com
            http:
              paths:
              - path: /tea
                pathType: Prefix
                backend:
                  service:
                    name: tea-svc
                    port:
                      number: 80

        """;

    public const string SecondIngress = """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: tea-shop-ingress
        spec:
          rules:
          - host: shop.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: tea-svc
                    port:
                      number: 80

        """;

    public const string Service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: tea-svc
        spec:
          type: LoadBalancer
          selector:
            app: tea
          ports:
          - port: 80
            targetPort: 80
            protocol: TCP

        """;

    public const string NcpConfig = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: nsx-ncp-config
          namespace: nsx-system
        data:
          ncp.ini: |
            [nsx_v3]
            l7_persistence = cookie
            l4_persistence = source_ip

        """;

    public TempProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "ncp-persistence-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The cafe manifests (one NCP3001 on the Ingress' backend) under <paramref name="folder"/>.</summary>
    public TempProject WithCafe(string folder = ".", bool secondIngress = false)
    {
        Write(Path.Combine(folder, "ingress.yaml"), Ingress + (secondIngress ? SecondIngress : ""));
        Write(Path.Combine(folder, "service.yaml"), Service);
        Write(Path.Combine(folder, "ncp-config.yaml"), NcpConfig);
        return this;
    }

    public TempProject Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return this;
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public CliRun Run(params string[] args) => CliRun.Run(Root, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the temp folder is the system's to clean
        }
    }
}
