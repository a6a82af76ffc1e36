using NcpPersistence.Loading;
using NcpPersistence.Model;

namespace NcpPersistence.Analysis;

/// <summary>
/// Everything the rules read, built once per analysis from the loaded files: the objects in
/// deterministic order, the NCP configurations, the effective configuration and the lookups
/// several rules share (computed here once, like go/analysis' declared dependencies).
/// </summary>
public sealed class AnalysisModel
{
    private readonly Dictionary<(string Namespace, string Name), ServiceManifest> servicesByName;

    internal AnalysisModel(AnalysisOptions options, IReadOnlyList<LoadedFile> files, IReadOnlyList<MissingPath> missingPaths)
    {
        Options = options;
        Files = files;
        MissingPaths = missingPaths;
        Services = files.SelectMany(f => f.Services).ToList();
        Ingresses = files.SelectMany(f => f.Ingresses).ToList();
        Objects = files.SelectMany(f => f.Objects).ToList();
        Problems = files.SelectMany(f => f.Problems).ToList();

        var discovered = files.SelectMany(f => f.Configs).ToList();
        var configPath = options.ConfigFile is null ? null : Path.GetFullPath(options.ConfigFile, options.BaseDirectory);
        ConfigSources = configPath is null
            ? discovered
            : discovered.Where(c => string.Equals(Path.GetFullPath(c.File), configPath, StringComparison.Ordinal)).ToList();

        // NCP's own deployment also ships nsx-node-agent-config with an ncp.ini key but no [nsx_v3]
        // section: such a configuration is checked, but it is not a candidate for the persistence settings.
        var withPersistenceSection = ConfigSources.Where(c => c.Ini.HasSection(NcpIniDocument.PersistenceSection)).ToList();
        PersistenceConfigs = withPersistenceSection.Count > 0 ? withPersistenceSection : ConfigSources;

        servicesByName = new Dictionary<(string, string), ServiceManifest>();
        foreach (var service in Services)
        {
            servicesByName[(service.Namespace, service.Name)] = service; // a later definition wins, as with kubectl apply
        }

        Effective = BuildEffective(PrimaryConfig, options);
    }

    public AnalysisOptions Options { get; }
    public IReadOnlyList<LoadedFile> Files { get; }
    public IReadOnlyList<MissingPath> MissingPaths { get; }
    public IReadOnlyList<ServiceManifest> Services { get; }
    public IReadOnlyList<IngressManifest> Ingresses { get; }
    public IReadOnlyList<KubeObject> Objects { get; }
    public IReadOnlyList<LoadProblem> Problems { get; }

    /// <summary>Every NCP configuration in path order (only the given one when a config file is set).</summary>
    public IReadOnlyList<NcpConfigSource> ConfigSources { get; }

    /// <summary>The configurations that can decide persistence: those with an [nsx_v3] section (all, when none has one).</summary>
    public IReadOnlyList<NcpConfigSource> PersistenceConfigs { get; }

    /// <summary>The configuration NCP uses: the first in path order.</summary>
    public NcpConfigSource? PrimaryConfig => PersistenceConfigs.Count > 0 ? PersistenceConfigs[0] : null;

    public EffectiveNcpConfig Effective { get; }

    public ServiceManifest? FindService(string ns, string name) =>
        servicesByName.TryGetValue((ns, name), out var service) ? service : null;

    /// <summary>A configuration's own values with the overrides on top (NCP1004 judges each configuration so).</summary>
    public static EffectiveNcpConfig BuildEffective(NcpConfigSource? source, AnalysisOptions options)
    {
        NcpSetting Setting(string key, string? overrideValue, string overrideName)
        {
            if (overrideValue is not null)
            {
                return new NcpSetting(key, overrideValue, SettingOriginKind.Override, null, overrideName);
            }

            if (source?.Effective(key) is { } entry)
            {
                return new NcpSetting(key, entry.Value, SettingOriginKind.File, entry.KeySpan, null);
            }

            return new NcpSetting(key, null, SettingOriginKind.Default, null, null);
        }

        var names = options.OverrideNames;
        return new EffectiveNcpConfig(
            Setting(NcpKeys.L4Persistence, options.L4PersistenceOverride, names.L4),
            Setting(NcpKeys.L7Persistence, options.L7PersistenceOverride, names.L7),
            Setting(NcpKeys.CookieName, options.CookieNameOverride, names.CookieName),
            Setting(NcpKeys.L7PersistenceTimeout, options.L7PersistenceTimeoutOverride, names.L7Timeout));
    }
}
