using NcpPersistence.Loading;
using NcpPersistence.Model;

namespace NcpPersistence.Scoping;

/// <summary>How a scope came to be.</summary>
public enum ScopeKind
{
    /// <summary>No NCP configuration anywhere: NCP's defaults (and any overrides) for every manifest.</summary>
    Default,

    /// <summary><c>--config</c> / <c>NcpConfigFile</c>: that configuration for every manifest.</summary>
    Given,

    /// <summary>A cluster of the settings file.</summary>
    Cluster,

    /// <summary>A configuration found in the analysed folders, applying to its folder's subtree.</summary>
    Automatic,
}

/// <summary>
/// The manifests one NCP configuration applies to (contract.md, "Scopes"). Rules that depend on the
/// configuration run once per scope, over <see cref="Members"/>: the scope's own files and the
/// files of no scope, which are checked under every configuration.
/// </summary>
public sealed class Scope
{
    internal Scope(ScopeKind kind, string key, NcpConfiguration configuration, IReadOnlyList<NcpConfiguration> configurations, string? folder)
    {
        Kind = kind;
        Key = key;
        Configuration = configuration;
        Configurations = configurations;
        Folder = folder;
    }

    public ScopeKind Kind { get; }

    /// <summary>Stable identity: the cluster name, the repository-relative path of its configuration, <c>given</c> or <c>default</c>.</summary>
    public string Key { get; }

    /// <summary>The configuration the scope's manifests are checked under (the first in path order when several share the scope).</summary>
    public NcpConfiguration Configuration { get; }

    /// <summary>Every configuration that claims this scope, in path order (NCP1009 compares them).</summary>
    public IReadOnlyList<NcpConfiguration> Configurations { get; }

    /// <summary>The folder whose subtree the scope covers (automatic scopes), else null.</summary>
    public string? Folder { get; }

    public string? Cluster => Configuration.Cluster;

    /// <summary>The files that belong to this scope.</summary>
    public IReadOnlyList<LoadedFile> OwnFiles { get; internal set; } = Array.Empty<LoadedFile>();

    /// <summary>The files checked under this scope's configuration: its own and those of no scope.</summary>
    public IReadOnlyList<LoadedFile> Members { get; internal set; } = Array.Empty<LoadedFile>();

    public IReadOnlyList<ServiceManifest> Services { get; internal set; } = Array.Empty<ServiceManifest>();
    public IReadOnlyList<IngressManifest> Ingresses { get; internal set; } = Array.Empty<IngressManifest>();
    public IReadOnlyList<RouteManifest> Routes { get; internal set; } = Array.Empty<RouteManifest>();
    public IReadOnlyList<LoadBalancerManifest> LoadBalancers { get; internal set; } = Array.Empty<LoadBalancerManifest>();

    /// <summary>The NCP facts of this scope, computed once and read by the rules and the plan.</summary>
    public NcpView View { get; internal set; } = null!;

    /// <summary>How messages name the scope's configuration.</summary>
    public string Describe() => Configuration.Describe();

    public override string ToString() => $"{Kind} {Key}";
}
