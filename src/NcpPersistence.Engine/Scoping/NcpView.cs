using NcpPersistence.Model;

namespace NcpPersistence.Scoping;

/// <summary>Where NCP hosts a layer-7 object it serves.</summary>
public enum Layer7HostKind
{
    /// <summary>NCP's shared layer-7 load balancer: the HTTP and HTTPS virtual servers, with <c>l7_persistence</c>.</summary>
    Default,

    /// <summary>A LoadBalancer custom resource (<c>nsx/loadbalancer</c>), with its own <c>affinity</c>.</summary>
    LoadBalancer,

    /// <summary><c>nsx/loadbalancer</c> names a LoadBalancer that is not among the analysed manifests: its persistence is unknown.</summary>
    UnknownLoadBalancer,
}

/// <summary>The layer-7 persistence of a host: the kind, its timeout, and the LoadBalancer resource it belongs to (null: NCP's shared load balancer).</summary>
public sealed record Layer7Persistence(Layer7HostKind Host, PersistenceKind Kind, long TimeoutSeconds, LoadBalancerManifest? LoadBalancer);

/// <summary>Whether NCP serves an Ingress or Route under a configuration (if not, why), and where it hosts it.</summary>
public sealed record FrontEndDecision(Layer7Manifest FrontEnd, bool Handled, string? Reason, Layer7Persistence? Persistence);

/// <summary>
/// An NCP-served Ingress's <c>nsx/loadbalancer: NAME</c>: the LoadBalancer resource NAME of its namespace, if it is among the
/// manifests (<paramref name="Target"/>; null: NCP3003), and whether NCP acts on LoadBalancer resources under the configuration
/// (<paramref name="CrdAvailable"/>; false: NCP3004, and NCP ignores the annotation). The two facts are independent.
/// </summary>
public sealed record LoadBalancerBinding(IngressManifest Ingress, AnnotationValue Annotation, LoadBalancerManifest? Target, bool CrdAvailable)
{
    /// <summary>The LoadBalancer's name as written in the annotation.</summary>
    public string Name => Annotation.Value.Trim();
}

/// <summary>A backend reference of an NCP-served Ingress or Route and the Service definitions it resolves to (none: not found; several: each is checked).</summary>
public sealed record BackendResolution(Layer7Manifest FrontEnd, IngressBackend Backend, IReadOnlyList<ServiceManifest> Services);

/// <summary>An NCP3001 fact: a backend of an NCP-served Ingress or Route is a LoadBalancer Service whose layer-4 persistence differs from layer 7.</summary>
public sealed record PersistenceConflict(Layer7Manifest FrontEnd, IngressBackend Backend, ServiceManifest Service, ServiceL4Persistence L4, Layer7Persistence L7);

/// <summary>
/// What the analyzer needs to know about the ingress classes NCP serves. <paramref name="UnclassedIngressIsNcp"/> is
/// the user's explicit choice, or null: then each configuration's <c>default_ingress_class_nsx</c> decides.
/// </summary>
public sealed record IngressClassPolicy(string IngressClass, bool? UnclassedIngressIsNcp, string UnclassedOptionName = "--unclassed-ingress-is-ncp");

/// <summary>
/// The layer-4 virtual servers of a scope against what its NCP load balancer holds (contract.md, "Capacity"):
/// one virtual server per LoadBalancer Service port; a SMALL, MEDIUM or LARGE load balancer holds 8, 98 or 998 of
/// them (the other 2 are the Ingress virtual servers); with <c>l4_lb_auto_scaling</c> NCP adds load balancers, without it
/// the rest get none; <c>max_allowed_virtual_servers</c> caps the cluster either way.
/// </summary>
public sealed record CapacityFacts(int Layer4VirtualServers, string ServiceSize, int PerLoadBalancer, bool AutoScaling, long? MaxAllowedVirtualServers)
{
    public static int PortsPerLoadBalancer(string size) => size switch
    {
        "LARGE" => 998,
        "MEDIUM" => 98,
        _ => 8,
    };

    /// <summary>How many load balancers NCP needs: with auto-scaling enough for every virtual server (at least one), else one.</summary>
    public int LoadBalancers => AutoScaling && Layer4VirtualServers > PerLoadBalancer ? (Layer4VirtualServers + PerLoadBalancer - 1) / PerLoadBalancer : 1;

    /// <summary>How many layer-4 virtual servers NCP can create: bounded by one load balancer without auto-scaling, and by <c>max_allowed_virtual_servers</c>.</summary>
    public long Limit => Math.Min(AutoScaling ? long.MaxValue : PerLoadBalancer, MaxAllowedVirtualServers ?? long.MaxValue);

    /// <summary>Whether some LoadBalancer Service ports get no virtual server.</summary>
    public bool Exceeded => Layer4VirtualServers > Limit;

    /// <summary>Whether <see cref="Limit"/> is <c>max_allowed_virtual_servers</c> rather than the size of one load balancer.</summary>
    public bool LimitedByMaxAllowed => MaxAllowedVirtualServers is { } max && (AutoScaling || max <= PerLoadBalancer);
}

/// <summary>
/// The NCP facts of one scope, computed once (like go/analysis' declared results) and read by the rules
/// and the plan alike: whether NCP load-balances at all, which Ingresses and Routes (layer-7 front ends) NCP
/// serves and where it hosts them, what their backends resolve to, each LoadBalancer Service's layer-4
/// persistence, the layer-4/layer-7 conflicts, the LoadBalancer resources and the capacity. Severity settings never touch it.
/// </summary>
public sealed class NcpView
{
    /// <summary>The Ingress annotation that hosts an Ingress on a LoadBalancer custom resource.</summary>
    public const string LoadBalancerAnnotation = "nsx/loadbalancer";

    private readonly Dictionary<ServiceManifest, ServiceL4Persistence> l4 = new(ReferenceEqualityComparer.Instance);

    internal NcpView(Scope scope, IngressClassPolicy classes)
    {
        Scope = scope;
        Effective = scope.Configuration.Effective;
        NativeLoadBalancer = Effective.NativeLoadBalancer;
        var services = new ObjectResolver<ServiceManifest>(scope.Services);
        var loadBalancers = new ObjectResolver<LoadBalancerManifest>(scope.LoadBalancers);
        var bindings = new List<LoadBalancerBinding>();

        var decisions = new List<FrontEndDecision>();
        foreach (var ingress in scope.Ingresses)
        {
            var (handled, reason) = DecideIngress(ingress, classes);
            decisions.Add(new FrontEndDecision(ingress, handled, reason, handled ? HostOf(ingress, loadBalancers, bindings) : null));
        }

        foreach (var route in scope.Routes)
        {
            decisions.Add(NativeLoadBalancer
                ? new FrontEndDecision(route, true, null, DefaultHost())
                : new FrontEndDecision(route, false, NoLoadBalancingReason(), null));
        }

        FrontEnds = decisions;
        LoadBalancerBindings = bindings;

        var backends = new List<BackendResolution>();
        var conflicts = new List<PersistenceConflict>();
        foreach (var decision in decisions.Where(d => d.Handled))
        {
            foreach (var backend in decision.FrontEnd.Backends)
            {
                var resolved = services.Resolve(decision.FrontEnd, backend.ServiceName.Value);
                backends.Add(new BackendResolution(decision.FrontEnd, backend, resolved));

                // Layer 4 only knows source IP: a conflict needs cookie persistence on layer 7 (none, source IP, unknown or invalid never conflict).
                if (decision.Persistence is not { Kind: PersistenceKind.Cookie } l7)
                {
                    continue;
                }

                foreach (var service in resolved)
                {
                    var persistence = L4(service);
                    if (persistence.IsSourceIp)
                    {
                        conflicts.Add(new PersistenceConflict(decision.FrontEnd, backend, service, persistence, l7));
                    }
                }
            }
        }

        Backends = backends;
        Conflicts = conflicts;
        EffectiveServices = LastDefinitions(scope.Services);
        EffectiveIngresses = LastDefinitions(scope.Ingresses);
        EffectiveRoutes = LastDefinitions(scope.Routes);
        EffectiveLoadBalancers = LastDefinitions(scope.LoadBalancers);
        Capacity = new CapacityFacts(
            NativeLoadBalancer ? EffectiveServices.Where(s => s.IsLoadBalancer).Sum(Layer4VirtualServerCount) : 0,
            Effective.ServiceSize,
            CapacityFacts.PortsPerLoadBalancer(Effective.ServiceSize),
            Effective.L4LbAutoScaling,
            Effective.MaxAllowedVirtualServers);
    }

    public Scope Scope { get; }

    public NcpConfiguration Configuration => Scope.Configuration;

    public EffectiveNcpConfig Effective { get; }

    /// <summary><c>use_native_loadbalancer</c> (a network profile's <c>nsx_lb</c>): false means NCP creates no NSX load balancing, so no persistence applies.</summary>
    public bool NativeLoadBalancer { get; }

    /// <summary>Every Ingress and Route of the scope, with NCP's decision.</summary>
    public IReadOnlyList<FrontEndDecision> FrontEnds { get; }

    /// <summary>The <c>nsx/loadbalancer</c> annotations of the Ingresses NCP serves.</summary>
    public IReadOnlyList<LoadBalancerBinding> LoadBalancerBindings { get; }

    /// <summary>The backends of the Ingresses and Routes NCP serves, resolved.</summary>
    public IReadOnlyList<BackendResolution> Backends { get; }

    public IReadOnlyList<PersistenceConflict> Conflicts { get; }

    /// <summary>
    /// One definition per Service identity: the last one in path order, as <c>kubectl apply</c> of
    /// everything would leave it (what NSX ends up with, for the plan and the profile budget).
    /// </summary>
    public IReadOnlyList<ServiceManifest> EffectiveServices { get; }

    public IReadOnlyList<IngressManifest> EffectiveIngresses { get; }

    public IReadOnlyList<RouteManifest> EffectiveRoutes { get; }

    public IReadOnlyList<LoadBalancerManifest> EffectiveLoadBalancers { get; }

    /// <summary>The layer-4 virtual servers against the load balancer's size.</summary>
    public CapacityFacts Capacity { get; }

    /// <summary>Whether NCP acts on LoadBalancer custom resources under this configuration.</summary>
    public bool LoadBalancerCrd => NativeLoadBalancer && Effective.LoadBalancerCrd;

    /// <summary>The layer-4 persistence NCP gives a Service under this scope's configuration (semantics.md section 2); none when NCP does no load balancing.</summary>
    public ServiceL4Persistence L4(ServiceManifest service)
    {
        if (!l4.TryGetValue(service, out var persistence))
        {
            l4[service] = persistence = NativeLoadBalancer
                ? PersistenceSemantics.L4For(service, Effective)
                : new ServiceL4Persistence(false, L4PersistenceSource.None, 0);
        }

        return persistence;
    }

    /// <summary>Why NCP serves no Ingress or Route here: <c>use_native_loadbalancer = False</c> or <c>nsx_lb: false</c>.</summary>
    public string NoLoadBalancingReason() =>
        Configuration.Source?.Kind == NcpConfigKind.NetworkProfile
            ? "the network profile sets nsx_lb: false, so NCP creates no NSX load balancer"
            : "use_native_loadbalancer = False, so NCP creates no NSX load balancer";

    /// <summary>The layer-4 virtual servers of a LoadBalancer Service: one per distinct port and protocol.</summary>
    public static int Layer4VirtualServerCount(ServiceManifest service) =>
        service.Ports.Where(p => p.Port is not null).Select(p => (p.Port, p.Protocol)).Distinct().Count();

    private Layer7Persistence DefaultHost() => new(Layer7HostKind.Default, Effective.L7, Effective.L7Timeout, null);

    private (bool Handled, string? Reason) DecideIngress(IngressManifest ingress, IngressClassPolicy classes)
    {
        if (!NativeLoadBalancer)
        {
            return (false, NoLoadBalancingReason());
        }

        if (!Effective.NcpIngressController)
        {
            return (false, "the network profile sets nsx_ingress_controller: false, so another ingress controller serves Ingresses");
        }

        var className = ingress.ClassName;
        if (className is null)
        {
            if (classes.UnclassedIngressIsNcp is { } given)
            {
                return given ? (true, null) : (false, $"names no ingress class, and {classes.UnclassedOptionName} false makes unclassed Ingresses another controller's");
            }

            return Effective.DefaultIngressClassNsx
                ? (true, null)
                : (false, "names no ingress class, and default_ingress_class_nsx = False leaves unclassed Ingresses to another controller");
        }

        return string.Equals(className, classes.IngressClass, StringComparison.Ordinal)
            ? (true, null)
            : (false, $"ingress class '{className}' is not '{classes.IngressClass}'");
    }

    /// <summary>Where NCP hosts a served Ingress: the LoadBalancer resource its annotation names (when NCP acts on those), else the shared load balancer.</summary>
    private Layer7Persistence HostOf(IngressManifest ingress, ObjectResolver<LoadBalancerManifest> loadBalancers, List<LoadBalancerBinding> bindings)
    {
        if (!ingress.Annotations.TryGetValue(LoadBalancerAnnotation, out var annotation) || annotation.Value.Trim().Length == 0)
        {
            return DefaultHost();
        }

        var found = loadBalancers.Resolve(ingress, annotation.Value.Trim());
        var target = found.Count == 0 ? null : found[^1];
        var crd = Effective.LoadBalancerCrd;
        bindings.Add(new LoadBalancerBinding(ingress, annotation, target, crd));
        if (!crd)
        {
            return DefaultHost(); // NCP does not know the annotation: the Ingress stays on the shared load balancer
        }

        return target is null
            ? new Layer7Persistence(Layer7HostKind.UnknownLoadBalancer, PersistenceKind.Invalid, 0, null)
            : new Layer7Persistence(Layer7HostKind.LoadBalancer, target.Affinity, target.AffinityTimeoutSeconds, target);
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
