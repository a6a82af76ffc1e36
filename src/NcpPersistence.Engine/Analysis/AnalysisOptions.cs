namespace NcpPersistence.Analysis;

/// <summary>What a front end (CLI or MSBuild task) asks the engine to analyse, and how.</summary>
public sealed class AnalysisOptions
{
    /// <summary>Files or folders; folders are scanned recursively for <c>*.yaml</c>, <c>*.yml</c> and <c>*ncp.ini</c>.</summary>
    public IList<string> Paths { get; } = new List<string>();

    /// <summary>Globs (relative to <see cref="BaseDirectory"/>) to leave out.</summary>
    public IList<string> Excludes { get; } = new List<string>();

    /// <summary>Where relative paths and globs start; also the SARIF <c>%SRCROOT%</c>.</summary>
    public string BaseDirectory { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>An <c>ncp.ini</c> or a YAML file with the NCP ConfigMap; when set, discovery is off.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>The settings file (<c>--settings</c> / <c>NcpSettingsFile</c>); null: <c>.ncp-persistence.yaml</c> in <see cref="BaseDirectory"/>, when it exists.</summary>
    public string? SettingsFile { get; set; }

    /// <summary>A YAML stream read from standard input (<c>-</c> as a path): analysed as the file <see cref="StandardInputName"/>.</summary>
    public string? StandardInput { get; set; }

    /// <summary>Why standard input was not read (it was over the size limit): an NCP9002 at <see cref="StandardInputName"/>.</summary>
    public string? StandardInputProblem { get; set; }

    /// <summary>Whether <c>-</c> was given: then no path means no files, not the current folder.</summary>
    public bool ReadsStandardInput => StandardInput is not null || StandardInputProblem is not null;

    /// <summary>How messages name standard input.</summary>
    public const string StandardInputName = "<stdin>";

    /// <summary>How Kustomize builds are rendered (<c>--kustomize</c> / <c>NcpKustomize</c>), and where builds are cached.</summary>
    public NcpPersistence.Loading.Kustomize.KustomizeSettings Kustomize { get; set; } = NcpPersistence.Loading.Kustomize.KustomizeSettings.Default;

    /// <summary>The repository root: identities of files and fingerprints are relative to it. Null: the git root above <see cref="BaseDirectory"/>, else that folder.</summary>
    public string? RepositoryRoot { get; set; }

    public string? L4PersistenceOverride { get; set; }
    public string? L7PersistenceOverride { get; set; }
    public string? CookieNameOverride { get; set; }
    public string? L7PersistenceTimeoutOverride { get; set; }

    /// <summary>Names used to describe where an override came from (CLI options or MSBuild properties).</summary>
    public OverrideNames OverrideNames { get; set; } = OverrideNames.CommandLine;

    public string IngressClass { get; set; } = "nsx";

    /// <summary>
    /// Whether an Ingress that names no class is NCP's, as the user gave it (<c>--unclassed-ingress-is-ncp</c>,
    /// <c>NcpUnclassedIngressIsNcp</c>); null when not given: then each configuration's
    /// <c>[nsx_v3] default_ingress_class_nsx</c> decides (default True).
    /// </summary>
    public bool? UnclassedIngressIsNcp { get; set; }

    /// <summary>The NCP release (<c>--ncp-version</c>, <c>NcpVersion</c>) for every configuration without a cluster <c>ncpVersion</c>; null: the newest behaviour.</summary>
    public NcpPersistence.Model.NcpVersion? NcpVersion { get; set; }
    public string DefaultNamespace { get; set; } = "default";

    /// <summary>Budget for NCP2006; null means no budget.</summary>
    public int? MaxDedicatedProfiles { get; set; }

    public long MaxFileSize { get; set; } = 16L * 1024 * 1024;

    /// <summary>Files read in parallel; 1 gives the sequential reference behaviour (results are identical).</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    public bool HasOverrides =>
        L4PersistenceOverride is not null || L7PersistenceOverride is not null
        || CookieNameOverride is not null || L7PersistenceTimeoutOverride is not null;

    /// <summary>The release of <see cref="NcpVersion"/>, named as the front end spells the option; null for the newest behaviour.</summary>
    public NcpPersistence.Model.NcpRelease? Release() =>
        NcpVersion is { } version ? new NcpPersistence.Model.NcpRelease(version, OverrideNames.NcpVersion) : null;

    /// <summary>The overrides as settings, each named as the front end spells it.</summary>
    public IReadOnlyList<NcpPersistence.Model.SettingOverride> Overrides()
    {
        var list = new List<NcpPersistence.Model.SettingOverride>();
        void Add(string key, string? value, string name)
        {
            if (value is not null)
            {
                list.Add(new NcpPersistence.Model.SettingOverride(key, value, name));
            }
        }

        Add(NcpPersistence.Model.NcpKeys.L4Persistence, L4PersistenceOverride, OverrideNames.L4);
        Add(NcpPersistence.Model.NcpKeys.L7Persistence, L7PersistenceOverride, OverrideNames.L7);
        Add(NcpPersistence.Model.NcpKeys.CookieName, CookieNameOverride, OverrideNames.CookieName);
        Add(NcpPersistence.Model.NcpKeys.L7PersistenceTimeout, L7PersistenceTimeoutOverride, OverrideNames.L7Timeout);
        return list;
    }
}

/// <summary>How each front end spells the overrides, so messages name what the user typed.</summary>
public sealed record OverrideNames(string L4, string L7, string CookieName, string L7Timeout, string ConfigFile, string Paths, string Settings)
{
    public static OverrideNames CommandLine { get; } = new("--l4", "--l7", "--cookie-name", "--l7-timeout", "--config", "the command line's paths", "--settings") { NcpVersion = "--ncp-version", UnclassedIngressIsNcp = "--unclassed-ingress-is-ncp" };
    public static OverrideNames MSBuild { get; } = new("NcpL4Persistence", "NcpL7Persistence", "NcpCookieName", "NcpL7PersistenceTimeout", "NcpConfigFile", "NcpManifestFolders / NcpManifest", "NcpSettingsFile") { NcpVersion = "NcpVersion", UnclassedIngressIsNcp = "NcpUnclassedIngressIsNcp" };

    /// <summary>How the NCP release is given.</summary>
    public string NcpVersion { get; init; } = "--ncp-version";

    /// <summary>How the unclassed-Ingress choice is given.</summary>
    public string UnclassedIngressIsNcp { get; init; } = "--unclassed-ingress-is-ncp";
}
