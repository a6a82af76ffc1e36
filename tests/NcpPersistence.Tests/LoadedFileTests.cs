using System.Collections;
using NcpPersistence.Loading;

namespace NcpPersistence.Tests;

/// <summary>
/// A file a Kustomize build reads, or a patch, contributes no object of its own. Every kind of object the model
/// has must go when its file is dropped: a Route that stayed behind (it did, once Routes were added) was
/// analysed twice and, belonging to no unit, crashed the backend lookup (NCP0000 on redhat-cop/gitops-catalog).
/// </summary>
[TestFixture]
public sealed class LoadedFileTests
{
    private const string OneOfEveryKind = """
        apiVersion: v1
        kind: Service
        metadata: {name: cart}
        spec: {type: LoadBalancer}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop}
        spec: {defaultBackend: {service: {name: cart, port: {number: 80}}}}
        ---
        apiVersion: route.openshift.io/v1
        kind: Route
        metadata: {name: shop}
        spec: {to: {kind: Service, name: cart}}
        ---
        apiVersion: vmware.com/v1alpha1
        kind: LoadBalancer
        metadata: {name: lb}
        spec: {size: SMALL}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: nsx-ncp-config, namespace: nsx-system}
        data:
          ncp.ini: |
            [nsx_v3]
            l4_persistence = source_ip
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        """;

    [TestCase(FileRole.InKustomizeBuild)]
    [TestCase(FileRole.KustomizePatch)]
    public void DropObjects_LeavesNoModelledObjectOfAnyKind(FileRole role)
    {
        var file = new LoadedFile("/r/app.yaml", 0);
        ManifestLoader.Analyse(file.Path, OneOfEveryKind, file, new LoadContext("default", 1 << 20, "/r"));
        var objectLists = typeof(LoadedFile).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() is var list && (list == typeof(List<>) || list == typeof(IReadOnlyList<>)))
            .Where(p => p.Name is not (nameof(LoadedFile.Problems) or nameof(LoadedFile.SuppressionComments)))
            .ToList();
        Assume.That(objectLists.Select(p => p.Name), Is.SupersetOf(new[] { "Services", "Ingresses", "Routes", "LoadBalancers", "Configs", "Objects" }));
        Assert.That(objectLists.Where(p => ((ICollection)p.GetValue(file)!).Count == 0).Select(p => p.Name), Is.Empty, "the fixture fills every list");

        file.DropObjects(role);

        foreach (var list in objectLists)
        {
            Assert.That((ICollection)list.GetValue(file)!, Is.Empty, $"{list.Name} after DropObjects({role})");
        }
    }

    private const string Annotated = """
        apiVersion: v1
        kind: Service
        metadata:
          name: cart
          namespace: shop
          annotations: {owner: team-a, ignore-check.ncp-persistence.io/NCP2004: "kept"}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: cart
          namespace: shop
          annotations: {owner: team-a, kubectl.kubernetes.io/last-applied-configuration: "{}", ignore-check.ncp-persistence.io/NCP9005: "kept"}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          annotations: {owner: team-a}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: merged
          labels: &common {ignore-check.ncp-persistence.io/NCP9005: "kept through a merge key"}
          annotations:
            <<: *common
            owner: team-a
        """;

    /// <summary>
    /// Of a kind no rule reads, only the suppression annotations stay in the model (memory: a last-applied-configuration
    /// holds the whole object); the kinds the rules read keep all of theirs. Identities share their strings.
    /// </summary>
    [Test]
    public void KindsReadByIdentityOnly_KeepOnlySuppressionAnnotations_AndShareTheirStrings()
    {
        var file = new LoadedFile("/r/app.yaml", 0);
        var context = new LoadContext("default", 1 << 20, "/r");
        ManifestLoader.Analyse(file.Path, Annotated, file, context);

        var (service, cart, web) = (file.Objects[0], file.Objects[1], file.Objects[2]);
        Assert.That(service.Annotations.Keys, Is.EquivalentTo(new[] { "owner", "ignore-check.ncp-persistence.io/NCP2004" }));
        Assert.That(cart.Annotations.Keys, Is.EqualTo(new[] { "ignore-check.ncp-persistence.io/NCP9005" }));
        Assert.That(web.Annotations, Is.Empty);
        Assert.That(file.Objects[3].Annotations.Keys, Is.EqualTo(new[] { "ignore-check.ncp-persistence.io/NCP9005" }), "a suppression reached through a merge key");
        Assert.That(cart.Id.Kind, Is.SameAs(web.Id.Kind));
        Assert.That(cart.Id.Group, Is.SameAs(web.Id.Group));
        Assert.That(cart.Id.Namespace, Is.SameAs(web.Id.Namespace).And.SameAs(service.Id.Namespace));
    }
}
