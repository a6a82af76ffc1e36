namespace NcpPersistence.Model;

/// <summary>
/// One NCP configuration the analysis checks manifests under: an <c>ncp.ini</c> text (a ConfigMap or a
/// standalone file; none means NCP's defaults), the overrides that apply to it, and, for a cluster of
/// the settings file, the cluster's name. Scopes say which manifests it applies to.
/// </summary>
public sealed class NcpConfiguration
{
    public NcpConfiguration(string key, string? cluster, NcpConfigSource? source, IReadOnlyList<SettingOverride> overrides, string? displayPath, NcpRelease? release = null)
    {
        Key = key;
        Cluster = cluster;
        Source = source;
        Overrides = overrides;
        DisplayPath = displayPath;
        Release = release;
        Effective = EffectiveNcpConfig.Build(source, overrides, release);
    }

    /// <summary>The NCP release the configuration runs on: its cluster's <c>ncpVersion</c>, else <c>--ncp-version</c> / <c>NcpVersion</c>; null for the newest behaviour.</summary>
    public NcpRelease? Release { get; }

    /// <summary>Stable identity (fingerprints): the cluster name, else the repository-relative path of the configuration, else <c>default</c>.</summary>
    public string Key { get; }

    /// <summary>The settings-file cluster, when the configuration is one.</summary>
    public string? Cluster { get; }

    /// <summary>The ncp.ini text, or null for NCP's defaults.</summary>
    public NcpConfigSource? Source { get; }

    /// <summary>The overrides, in increasing precedence.</summary>
    public IReadOnlyList<SettingOverride> Overrides { get; }

    /// <summary>The configuration's file as a reader finds it (relative to where the analysis runs), or null without one.</summary>
    public string? DisplayPath { get; }

    public EffectiveNcpConfig Effective { get; }

    /// <summary>How messages name it: <c>cluster prod (platform/prod/ncp-config.yaml)</c>, <c>clusters/a/ncp.ini</c>, <c>NCP's defaults</c>.</summary>
    public string Describe()
    {
        var file = DisplayPath;
        return (Cluster, file) switch
        {
            ({ } cluster, { } path) => $"cluster {cluster} ({path})",
            ({ } cluster, null) => $"cluster {cluster}",
            (null, { } path) => path,
            _ => "NCP's defaults",
        };
    }

    public override string ToString() => Describe();
}
