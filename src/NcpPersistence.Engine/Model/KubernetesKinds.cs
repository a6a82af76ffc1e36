namespace NcpPersistence.Model;

/// <summary>What the analyzer knows about Kubernetes kinds in general: API groups and which kinds are cluster-scoped.</summary>
public static class KubernetesKinds
{
    /// <summary>
    /// Built-in cluster-scoped kinds (and those of common operators). They have no namespace: a
    /// <c>metadata.namespace</c> written on them is ignored by the API server, so it is not part of their identity.
    /// </summary>
    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "Namespace", "Node", "PersistentVolume", "ComponentStatus",
        "ClusterRole", "ClusterRoleBinding",
        "CustomResourceDefinition", "APIService",
        "IngressClass", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment", "VolumeSnapshotClass",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
        "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
        "PriorityClass", "RuntimeClass", "PodSecurityPolicy",
        "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration",
        "SecurityContextConstraints", "Project", "ClusterVersion", "ClusterOperator",
        "GatewayClass", "ClusterIssuer",
    };

    /// <summary>
    /// Whether objects of <paramref name="kind"/> have no namespace. Besides the built-in list, custom kinds
    /// named <c>Cluster...</c> (ClusterIssuer, ClusterSecretStore, ClusterPolicy, ...) are cluster-scoped by convention.
    /// </summary>
    public static bool IsClusterScoped(string kind) =>
        ClusterScoped.Contains(kind)
        || (kind.StartsWith("Cluster", StringComparison.Ordinal) && kind.Length > "Cluster".Length && char.IsUpper(kind["Cluster".Length]));

    /// <summary>
    /// The API group that, with kind, namespace and name, identifies an object. Old group spellings name the same
    /// object as their successors: <c>extensions/v1beta1</c> Ingress is <c>networking.k8s.io</c>, its Deployment is <c>apps</c>.
    /// </summary>
    public static string GroupOf(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? "" : apiVersion.Substring(0, slash);
        if (group == "extensions")
        {
            return kind switch
            {
                "Ingress" or "NetworkPolicy" => "networking.k8s.io",
                "Deployment" or "DaemonSet" or "ReplicaSet" => "apps",
                "PodSecurityPolicy" => "policy",
                _ => group,
            };
        }

        return group;
    }
}
