using NcpPersistence.Model;

namespace NcpPersistence.Scoping;

/// <summary>Whether NCP serves an Ingress under a configuration, and if not, why.</summary>
public sealed record IngressDecision(IngressManifest Ingress, bool Handled, string? Reason);

/// <summary>A backend reference of an NCP-served Ingress and the Service definitions it resolves to (none: not found; several: each is checked).</summary>
public sealed record BackendResolution(IngressManifest Ingress, IngressBackend Backend, IReadOnlyList<ServiceManifest> Services);

/// <summary>An NCP3001 fact: a backend of an NCP-served Ingress is a LoadBalancer Service whose layer-4 persistence differs from layer 7.</summary>
public sealed record PersistenceConflict(IngressManifest Ingress, IngressBackend Backend, ServiceManifest Service, ServiceL4Persistence L4, PersistenceKind L7);

/// <summary>What the analyzer needs to know about the ingress classes NCP serves.</summary>
public sealed record IngressClassPolicy(string IngressClass, bool UnclassedIngressIsNcp);

/// <summary>
/// The NCP facts of one scope, computed once (like go/analysis' declared results) and read by the rules
/// and the plan alike: which Ingresses NCP serves, what their backends resolve to, each LoadBalancer
/// Service's layer-4 persistence, and the layer-4/layer-7 conflicts. Severity settings never touch it.
/// </summary>
public sealed class NcpView
{
    private readonly Dictionary<ServiceManifest, ServiceL4Persistence> l4 = new(ReferenceEqualityComparer.Instance);

    internal NcpView(Scope scope, IngressClassPolicy classes)
    {
        Scope = scope;
        Effective = scope.Configuration.Effective;
        var resolver = new BackendResolver(scope.Services);

        Ingresses = scope.Ingresses.Select(i => Decide(i, classes)).ToList();
        var backends = new List<BackendResolution>();
        var conflicts = new List<PersistenceConflict>();
        var l7 = Effective.L7;
        foreach (var decision in Ingresses.Where(d => d.Handled))
        {
            foreach (var backend in decision.Ingress.Backends)
            {
                var services = resolver.Resolve(decision.Ingress, backend.ServiceName.Value);
                backends.Add(new BackendResolution(decision.Ingress, backend, services));
                if (l7 is PersistenceKind.None or PersistenceKind.Invalid or PersistenceKind.SourceIp)
                {
                    continue; // layer 4 only knows source IP: no conflict when layer 7 is none or source IP too
                }

                foreach (var service in services)
                {
                    var persistence = L4(service);
                    if (persistence.IsSourceIp)
                    {
                        conflicts.Add(new PersistenceConflict(decision.Ingress, backend, service, persistence, l7));
                    }
                }
            }
        }

        Backends = backends;
        Conflicts = conflicts;
        EffectiveServices = LastDefinitions(scope.Services);
        EffectiveIngresses = LastDefinitions(scope.Ingresses);
    }

    public Scope Scope { get; }

    public NcpConfiguration Configuration => Scope.Configuration;

    public EffectiveNcpConfig Effective { get; }

    /// <summary>Every Ingress of the scope, with NCP's decision.</summary>
    public IReadOnlyList<IngressDecision> Ingresses { get; }

    /// <summary>The backends of the Ingresses NCP serves, resolved.</summary>
    public IReadOnlyList<BackendResolution> Backends { get; }

    public IReadOnlyList<PersistenceConflict> Conflicts { get; }

    /// <summary>
    /// One definition per Service identity: the last one in path order, as <c>kubectl apply</c> of
    /// everything would leave it (what NSX ends up with, for the plan and the profile budget).
    /// </summary>
    public IReadOnlyList<ServiceManifest> EffectiveServices { get; }

    public IReadOnlyList<IngressManifest> EffectiveIngresses { get; }

    /// <summary>The layer-4 persistence NCP gives a Service under this scope's configuration (semantics.md section 2).</summary>
    public ServiceL4Persistence L4(ServiceManifest service)
    {
        if (!l4.TryGetValue(service, out var persistence))
        {
            l4[service] = persistence = PersistenceSemantics.L4For(service, Effective);
        }

        return persistence;
    }

    private static IngressDecision Decide(IngressManifest ingress, IngressClassPolicy classes)
    {
        var className = ingress.ClassName;
        if (className is null)
        {
            return classes.UnclassedIngressIsNcp
                ? new IngressDecision(ingress, true, null)
                : new IngressDecision(ingress, false, "names no ingress class, and unclassed Ingresses are not NCP's in this analysis");
        }

        return string.Equals(className, classes.IngressClass, StringComparison.Ordinal)
            ? new IngressDecision(ingress, true, null)
            : new IngressDecision(ingress, false, $"ingress class '{className}' is not '{classes.IngressClass}'");
    }

    private static List<T> LastDefinitions<T>(IReadOnlyList<T> objects)
        where T : KubeObject
    {
        var last = new Dictionary<ObjectId, T>();
        foreach (var item in objects)
        {
            last[item.Id] = item;
        }

        return last.Values.OrderBy(o => o.Id.QualifiedName, StringComparer.Ordinal).ToList();
    }
}
