using NcpPersistence.Loading;
using NcpPersistence.Model;
using NcpPersistence.Output;
using NcpPersistence.Scoping;

namespace NcpPersistence.Analysis;

/// <summary>
/// Everything the rules read, built once per analysis: the loaded files, the deployment units, the NCP
/// configurations and the scopes they apply to (each with its NCP facts), the settings file and the Helm charts.
/// </summary>
public sealed class AnalysisModel
{
    internal AnalysisModel(AnalysisOptions options, LoadContext context, IReadOnlyList<LoadedFile> files, IReadOnlyList<MissingPath> missingPaths, SettingsFile? settings, IReadOnlyList<HelmChart> charts, IReadOnlyList<string> roots)
    {
        Options = options;
        Context = context;
        Files = files;
        MissingPaths = missingPaths;
        Settings = settings;
        Charts = charts;
        Roots = roots;
        Services = files.SelectMany(f => f.Services).ToList();
        Ingresses = files.SelectMany(f => f.Ingresses).ToList();
        Routes = files.SelectMany(f => f.Routes).ToList();
        LoadBalancers = files.SelectMany(f => f.LoadBalancers).ToList();
        Objects = files.SelectMany(f => f.Objects).ToList();
        Problems = files.SelectMany(f => f.Problems).ToList();

        var configPath = options.ConfigFile is null ? null : Path.GetFullPath(options.ConfigFile, options.BaseDirectory);
        var discovered = files.SelectMany(f => f.Configs).ToList();
        ConfigSources = configPath is null
            ? discovered
            : discovered.Where(c => string.Equals(Path.GetFullPath(c.File), configPath, StringComparison.Ordinal)).ToList();
        baseDirectory = Path.GetFullPath(options.BaseDirectory);
    }

    private readonly string baseDirectory;

    public AnalysisOptions Options { get; }

    internal LoadContext Context { get; }

    public IReadOnlyList<LoadedFile> Files { get; }
    public IReadOnlyList<MissingPath> MissingPaths { get; }

    /// <summary>The settings file, when there is one (<c>--settings</c>, or <c>.ncp-persistence.yaml</c>).</summary>
    public SettingsFile? Settings { get; }

    /// <summary>The Helm charts met in the analysed folders (their templates are not analysed).</summary>
    public IReadOnlyList<HelmChart> Charts { get; }

    /// <summary>The folders that were scanned (a configuration's scope never climbs above its root).</summary>
    public IReadOnlyList<string> Roots { get; }

    public IReadOnlyList<ServiceManifest> Services { get; }
    public IReadOnlyList<IngressManifest> Ingresses { get; }
    public IReadOnlyList<RouteManifest> Routes { get; }
    public IReadOnlyList<LoadBalancerManifest> LoadBalancers { get; }
    public IReadOnlyList<KubeObject> Objects { get; }
    public IReadOnlyList<LoadProblem> Problems { get; }

    /// <summary>Every ncp.ini text that is checked, in path order (only those of the given file when a config file is set).</summary>
    public IReadOnlyList<NcpConfigSource> ConfigSources { get; }

    /// <summary>The Kustomize builds of the analysis, and those that failed.</summary>
    public KustomizeOutcome Kustomize { get; internal init; } = KustomizeOutcome.None;

    /// <summary>The deployment units, in path order.</summary>
    public IReadOnlyList<Unit> Units { get; internal set; } = Array.Empty<Unit>();

    /// <summary>The scopes, each with its configuration and facts.</summary>
    public IReadOnlyList<Scope> Scopes { get; internal set; } = Array.Empty<Scope>();

    /// <summary>Every configuration the manifests are checked under (one per scope, plus the others that share a scope).</summary>
    public IReadOnlyList<NcpConfiguration> Configurations => Scopes.SelectMany(s => s.Configurations).Distinct().ToList();

    /// <summary>The first NCP configuration file in path order, if any (SARIF anchors project-level results there).</summary>
    public NcpConfigSource? FirstConfigSource => Scopes.Select(s => s.Configuration.Source).FirstOrDefault(s => s is not null);

    /// <summary>A path as messages show it: relative to where the analysis runs (forward slashes) when inside it, else absolute.</summary>
    public string Display(string path) => ConsoleFormatter.RelativePath(Path.GetFullPath(path, baseDirectory), baseDirectory);
}
