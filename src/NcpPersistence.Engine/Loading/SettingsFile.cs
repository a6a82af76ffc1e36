using Microsoft.Extensions.FileSystemGlobbing;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Yaml;

namespace NcpPersistence.Loading;

/// <summary>A named cluster of the settings file: which manifests it deploys and under which NCP configuration.</summary>
public sealed class ClusterSettings
{
    private readonly Matcher? globs;
    private readonly IReadOnlyList<string> folders;

    internal ClusterSettings(string name, SourceSpan nameSpan, string baseDirectory, IReadOnlyList<string> manifestPatterns, string? configFile, SourceSpan? configSpan, IReadOnlyList<SettingOverride> overrides, string? ncpVersion, SourceSpan? ncpVersionSpan)
    {
        Name = name;
        NameSpan = nameSpan;
        BaseDirectory = baseDirectory;
        ManifestPatterns = manifestPatterns;
        ConfigFile = configFile;
        ConfigSpan = configSpan;
        Overrides = overrides;
        NcpVersion = ncpVersion;
        NcpVersionSpan = ncpVersionSpan;

        var folderList = new List<string>();
        foreach (var pattern in manifestPatterns)
        {
            var normalized = pattern.Replace('\\', '/').Trim();
            if (normalized.IndexOfAny(new[] { '*', '?', '[', '{' }) >= 0)
            {
                globs ??= new Matcher(StringComparison.Ordinal);
                globs.AddInclude(normalized);
            }
            else
            {
                folderList.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(normalized, baseDirectory)));
            }
        }

        folders = folderList;
    }

    public string Name { get; }
    public SourceSpan NameSpan { get; }

    /// <summary>The settings file's folder: <see cref="ManifestPatterns"/> and <see cref="ConfigFile"/> are relative to it.</summary>
    public string BaseDirectory { get; }

    public IReadOnlyList<string> ManifestPatterns { get; }

    /// <summary>The cluster's NCP configuration (full path), or null: NCP's defaults with the overrides.</summary>
    public string? ConfigFile { get; }

    public SourceSpan? ConfigSpan { get; }

    /// <summary><c>l4Persistence</c>, <c>l7Persistence</c>, <c>cookieName</c>, <c>l7PersistenceTimeout</c>, with their positions.</summary>
    public IReadOnlyList<SettingOverride> Overrides { get; }

    /// <summary>The cluster's <c>ncpVersion</c> as written (also when it is not a valid version).</summary>
    public string? NcpVersion { get; }
    public SourceSpan? NcpVersionSpan { get; }

    /// <summary>The cluster's NCP release, when <c>ncpVersion</c> is valid; null: <c>--ncp-version</c> / <c>NcpVersion</c>, else the newest behaviour.</summary>
    public NcpPersistence.Model.NcpVersion? Version => NcpPersistence.Model.NcpVersion.TryParse(NcpVersion, out var version) ? version : null;

    /// <summary>Whether the file (or the folder of a Kustomize build) is one of the cluster's manifests.</summary>
    public bool Matches(string fullPath)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(fullPath));
        foreach (var folder in folders)
        {
            if (full == folder || full.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return true;
            }
        }

        if (globs is null)
        {
            return false;
        }

        var relative = Path.GetRelativePath(BaseDirectory, full).Replace('\\', '/');
        return !relative.StartsWith("../", StringComparison.Ordinal) && relative != ".." && globs.Match(relative).HasMatches;
    }
}

/// <summary>
/// The settings file <c>.ncp-persistence.yaml</c> (contract.md, "Settings file"): named clusters, each
/// with its manifests, NCP configuration and overrides. Read with the analyzer's own YAML reader, so
/// every problem is an NCP9008 at its line; an invalid entry is left out, the rest still applies.
/// </summary>
public sealed class SettingsFile
{
    public const string DefaultFileName = ".ncp-persistence.yaml";

    private static readonly Dictionary<string, string> OverrideKeys = new(StringComparer.Ordinal)
    {
        ["l4Persistence"] = NcpKeys.L4Persistence,
        ["l7Persistence"] = NcpKeys.L7Persistence,
        ["cookieName"] = NcpKeys.CookieName,
        ["l7PersistenceTimeout"] = NcpKeys.L7PersistenceTimeout,
    };

    private SettingsFile(string path, IReadOnlyList<ClusterSettings> clusters, IReadOnlyList<SettingsProblem> problems)
    {
        Path = path;
        Clusters = clusters;
        Problems = problems;
    }

    public string Path { get; }
    public IReadOnlyList<ClusterSettings> Clusters { get; }
    public IReadOnlyList<SettingsProblem> Problems { get; }

    /// <summary>The first cluster whose manifests include <paramref name="fullPath"/>.</summary>
    public ClusterSettings? ClusterOf(string fullPath)
    {
        foreach (var cluster in Clusters)
        {
            if (cluster.Matches(fullPath))
            {
                return cluster;
            }
        }

        return null;
    }

    private const long MaxSize = 16L * 1024 * 1024;

    public static SettingsFile Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        string text;
        try
        {
            // As every input: only a regular file of bounded size (a FIFO named .ncp-persistence.yaml hung the run).
            if (InputFile.ReadText(full, MaxSize, out var problem, out _) is not { } read)
            {
                return Invalid(full, problem!, SourceSpan.FileStart(full));
            }

            text = read;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Invalid(full, $"the settings file cannot be read: {exception.Message}", SourceSpan.FileStart(full));
        }

        return Parse(full, text);
    }

    public static SettingsFile Parse(string fullPath, string text)
    {
        var problems = new List<SettingsProblem>();
        var clusters = new List<ClusterSettings>();
        var documents = new List<YamlDocument>();
        var error = YamlDocumentReader.Read(YamlTextRepair.Repair(text), (_, _) => true, documents);
        if (error is not null)
        {
            problems.Add(new SettingsProblem($"the settings file is not valid YAML: {error.Message}", SourceSpan.At(fullPath, error.Line, error.Column)));
            return new SettingsFile(fullPath, clusters, problems);
        }

        var nonEmpty = documents.Where(d => d.Root is not null).ToList();
        if (nonEmpty.Count == 0)
        {
            return new SettingsFile(fullPath, clusters, problems); // an empty settings file configures nothing
        }

        if (nonEmpty.Count > 1)
        {
            problems.Add(new SettingsProblem("the settings file holds more than one YAML document; write one", SourceSpan.At(fullPath, nonEmpty[1].Line, 1)));
        }

        if (nonEmpty[0].Root!.Resolved is not YMapping root)
        {
            problems.Add(new SettingsProblem("the settings file must be a mapping with a 'clusters' list", nonEmpty[0].Root!.Span(fullPath)));
            return new SettingsFile(fullPath, clusters, problems);
        }

        var directory = System.IO.Path.GetDirectoryName(fullPath)!;
        foreach (var entry in root.Entries)
        {
            var key = (entry.Key.Resolved as YScalar)?.Value;
            if (key != "clusters")
            {
                problems.Add(new SettingsProblem($"'{key ?? entry.Key.KindName}' is not a setting; the settings file knows only 'clusters'", entry.Key.Span(fullPath)));
                continue;
            }

            if (entry.Value.Resolved is YScalar { IsNull: true })
            {
                continue;
            }

            if (entry.Value.Resolved is not YSequence list)
            {
                problems.Add(new SettingsProblem($"'clusters' is {entry.Value.Resolved.KindName}; it must be a list of clusters ('- name: prod')", entry.Value.Span(fullPath)));
                continue;
            }

            var names = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
            foreach (var item in list.Items)
            {
                if (ReadCluster(item.Resolved, fullPath, directory, problems) is { } cluster)
                {
                    if (names.TryGetValue(cluster.Name, out var first))
                    {
                        problems.Add(new SettingsProblem($"the cluster name '{cluster.Name}' is used twice (first on line {first.StartLine}); cluster names must be unique", cluster.NameSpan));
                        continue;
                    }

                    names[cluster.Name] = cluster.NameSpan;
                    clusters.Add(cluster);
                }
            }
        }

        return new SettingsFile(fullPath, clusters, problems);
    }

    private static ClusterSettings? ReadCluster(YNode node, string file, string directory, List<SettingsProblem> problems)
    {
        if (node is not YMapping mapping)
        {
            problems.Add(new SettingsProblem($"a cluster is {node.KindName}; it must be a mapping with at least 'name' and 'manifests'", node.Span(file)));
            return null;
        }

        var valid = true;
        string? name = null;
        SourceSpan nameSpan = mapping.Span(file);
        var patterns = new List<string>();
        var hasManifests = false;
        string? config = null;
        SourceSpan? configSpan = null;
        string? version = null;
        SourceSpan? versionSpan = null;
        var overrides = new List<SettingOverride>();
        foreach (var entry in mapping.Entries)
        {
            var key = (entry.Key.Resolved as YScalar)?.Value;
            var value = entry.Value.Resolved;
            switch (key)
            {
                case "name":
                    if (ScalarText(value) is { Length: > 0 } text)
                    {
                        name = text;
                        nameSpan = value.Span(file);
                    }
                    else
                    {
                        valid = Problem(problems, "the cluster's 'name' must be a non-empty string", value.Span(file));
                    }

                    break;
                case "manifests":
                    hasManifests = true;
                    var items = value is YSequence sequence ? sequence.Items.Select(i => i.Resolved).ToList() : new List<YNode> { value };
                    foreach (var item in items)
                    {
                        if (ScalarText(item) is { Length: > 0 } pattern)
                        {
                            patterns.Add(pattern);
                        }
                        else
                        {
                            valid = Problem(problems, "each entry of 'manifests' must be a folder or a glob relative to the settings file", item.Span(file));
                        }
                    }

                    break;
                case "config":
                    if (ScalarText(value) is { Length: > 0 } path)
                    {
                        config = System.IO.Path.GetFullPath(path, directory);
                        configSpan = value.Span(file);
                        if (!File.Exists(config))
                        {
                            valid = Problem(problems, $"the cluster's 'config' names '{path}', which does not exist (paths are relative to the settings file)", value.Span(file));
                        }
                    }
                    else
                    {
                        valid = Problem(problems, "the cluster's 'config' must be the path of an NCP configuration (an ncp.ini, or a YAML file with the NCP ConfigMap)", value.Span(file));
                    }

                    break;
                case "ncpVersion":
                    // A bad version is reported and ignored; the cluster keeps its manifests and configuration
                    // (checked with --ncp-version / NcpVersion, else for the newest NCP).
                    if (ScalarText(value) is { Length: > 0 } versionText && NcpPersistence.Model.NcpVersion.TryParse(versionText, out _))
                    {
                        version = versionText;
                        versionSpan = value.Span(file);
                    }
                    else
                    {
                        var shown = ScalarText(value) is { } written ? $"'{written}'" : value.KindName;
                        problems.Add(new SettingsProblem($"the cluster's 'ncpVersion' is {shown}; it must be {NcpPersistence.Model.NcpVersion.Expected}", value.Span(file), "the cluster is checked as if it named no version"));
                    }

                    break;
                case { } overrideKey when OverrideKeys.TryGetValue(overrideKey, out var ncpKey):
                    if (ScalarText(value) is { } overrideValue)
                    {
                        overrides.Add(new SettingOverride(ncpKey, overrideValue, $"{overrideKey} of cluster {name ?? "?"}", value.Span(file)));
                    }
                    else
                    {
                        valid = Problem(problems, $"the cluster's '{overrideKey}' must be a single value", value.Span(file));
                    }

                    break;
                default:
                    valid = Problem(problems, $"'{key ?? entry.Key.KindName}' is not a cluster setting; a cluster has name, manifests, config, l4Persistence, l7Persistence, cookieName, l7PersistenceTimeout and ncpVersion", entry.Key.Span(file));
                    break;
            }
        }

        if (name is null)
        {
            problems.Add(new SettingsProblem("this cluster has no 'name'; every cluster needs one (it names the cluster in messages, SARIF and the plan)", mapping.Span(file)));
            return null;
        }

        if (!hasManifests || patterns.Count == 0)
        {
            valid = Problem(problems, $"cluster {name} lists no 'manifests', so no manifest would be checked under it; list its folders or globs", nameSpan);
        }

        if (!valid)
        {
            return null;
        }

        // The override names were written before the name may have been read: name them after the cluster.
        var named = overrides.Select(o => o with { Name = o.Name.Replace("cluster ?", "cluster " + name, StringComparison.Ordinal) }).ToList();
        return new ClusterSettings(name, nameSpan, directory, patterns, config, configSpan, named, version, versionSpan);
    }

    private static string? ScalarText(YNode node) => node is YScalar { IsNull: false } scalar ? scalar.Value : null;

    private static bool Problem(List<SettingsProblem> problems, string message, SourceSpan span)
    {
        problems.Add(new SettingsProblem(message, span));
        return false;
    }

    private static SettingsFile Invalid(string path, string message, SourceSpan span) =>
        new(path, Array.Empty<ClusterSettings>(), new[] { new SettingsProblem(message, span) });
}

/// <summary>One problem of the settings file (NCP9008), at its line.</summary>
/// <param name="Consequence">What the analysis does about it, as the message's last clause.</param>
public sealed record SettingsProblem(string Message, SourceSpan Span, string Consequence = "this entry is ignored");
