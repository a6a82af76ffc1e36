namespace NcpPersistence.MSBuild.Tests;

/// <summary>Small manifests the tests write into temporary folders.</summary>
internal static class Manifests
{
    /// <summary>NCP with l7 cookie and l4 source_ip.</summary>
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

    /// <summary>The seed scenario: NCP3001 at line 12, column 24 (the <c>tea-svc</c> of <c>serviceName</c>), ends at column 31.</summary>
    public const string Cafe = """
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata:
          name: cafe-ingress
        spec:
          rules:
          - host: cafe.example.com
            http:
              paths:
              - path: /tea
                backend:
                  serviceName: tea-svc
                  servicePort: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: tea-svc
        spec:
          ports:
          - port: 80
          type: LoadBalancer

        """;

    /// <summary>The cafe fixed: tea-svc is a ClusterIP Service.</summary>
    public static string CafeFixed => Cafe.Replace("type: LoadBalancer", "type: ClusterIP", StringComparison.Ordinal);

    /// <summary>NCP3001 suppressed by a comment on the line before.</summary>
    public static string CafeSuppressed => Cafe.Replace(
        "serviceName: tea-svc",
        "# ncp-persistence-disable-next-line NCP3001 -- tea-svc is being migrated\n          serviceName: tea-svc",
        StringComparison.Ordinal);

    /// <summary>A warning only: NCP3002 (the backend Service is not among the manifests), at line 11.</summary>
    public const string UnresolvedBackend = """
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata:
          name: shop
        spec:
          rules:
          - http:
              paths:
              - path: /
                backend:
                  serviceName: missing-svc
                  servicePort: 80

        """;

    /// <summary>A note only: NCP2005 (a dedicated profile for a non-default affinity timeout).</summary>
    public const string DedicatedProfile = """
        apiVersion: v1
        kind: Service
        metadata:
          name: cart
        spec:
          type: LoadBalancer
          sessionAffinity: ClientIP
          sessionAffinityConfig:
            clientIP:
              timeoutSeconds: 600
          ports:
          - port: 443

        """;
}
