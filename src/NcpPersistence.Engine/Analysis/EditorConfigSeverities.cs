using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Diagnostic = NcpPersistence.Diagnostics.Diagnostic;
using Severity = NcpPersistence.Diagnostics.Severity;

namespace NcpPersistence.Analysis;

/// <summary>
/// Severities configured by <c>dotnet_diagnostic.&lt;ID&gt;.severity</c> in <c>.editorconfig</c> and
/// global config files, with Roslyn's own parser and precedence (<see cref="AnalyzerConfigSet"/>):
/// section globs are matched against the manifest path, the nearest <c>.editorconfig</c> wins,
/// <c>root = true</c> ends the search upwards, and global configs (<c>.globalconfig</c> files and any
/// config with <c>is_global = true</c>) apply to every file below the <c>.editorconfig</c> sections.
/// </summary>
/// <remarks>
/// Which files are read, as the .NET SDK finds them: every <c>.editorconfig</c> in the folder of a
/// manifest and in each parent folder, and every <c>.globalconfig</c> in the analysed folders (the
/// folder of an analysed file) and their parents. Folders are probed lazily, only for the manifests
/// that have findings, and each file is read and parsed once; Roslyn is not even loaded when there
/// is no config file. Diagnostics without a location (project-level) take global config values only.
/// Plug into a run with <see cref="AttachTo"/>.
/// </remarks>
public sealed class EditorConfigSeverities
{
    public const string EditorConfigFileName = ".editorconfig";
    public const string GlobalConfigFileName = ".globalconfig";

    private readonly List<string> globalConfigPaths;
    private readonly Dictionary<string, List<string>> editorConfigsByFolder = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private RoslynConfigs? roslyn;

    /// <param name="analysedPaths">The files and folders being analysed (absolute, or relative to <paramref name="baseDirectory"/>).</param>
    public EditorConfigSeverities(IEnumerable<string> analysedPaths, string? baseDirectory = null)
    {
        var start = baseDirectory ?? Directory.GetCurrentDirectory();
        var folders = analysedPaths.Select(p => FolderOf(Path.GetFullPath(p, start), start)).Distinct(StringComparer.Ordinal).ToList();
        if (folders.Count == 0)
        {
            folders.Add(Path.GetFullPath(start));
        }

        var globals = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var directory in folders.SelectMany(SelfAndParents))
        {
            var candidate = Path.Combine(directory, GlobalConfigFileName);
            if (File.Exists(candidate))
            {
                globals.Add(candidate);
            }
        }

        globalConfigPaths = globals.ToList();
    }

    /// <summary>For a run of the engine: the analysed paths of <paramref name="options"/> (its base folder when none).</summary>
    public static EditorConfigSeverities ForAnalysis(AnalysisOptions options) =>
        new(options.Paths.Count == 0 ? new[] { options.BaseDirectory } : options.Paths, options.BaseDirectory);

    /// <summary>Every config file read so far (ordinal order): inputs of an incremental build.</summary>
    public IReadOnlyCollection<string> ConfigFilesUsed
    {
        get
        {
            lock (gate)
            {
                return roslyn?.Used.ToList() ?? new List<string>();
            }
        }
    }

    /// <summary>Files that could not be read, and Roslyn's own messages (e.g. a key set differently by two global configs).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (gate)
            {
                return roslyn?.Problems.ToList() ?? new List<string>();
            }
        }
    }

    /// <summary>Makes <paramref name="policy"/> take its configured severities from these files.</summary>
    public SeverityPolicy AttachTo(SeverityPolicy policy)
    {
        policy.ConfiguredSeverity = GetSeverity;
        policy.ConsultedFiles = () => ConfigFilesUsed;
        return policy;
    }

    /// <summary>The configured severity of <paramref name="diagnostic"/>'s rule for its file; null when nothing configures it.</summary>
    public Severity? GetSeverity(Diagnostic diagnostic) => GetSeverity(diagnostic.Id, diagnostic.Location?.File, diagnostic.Rule.Category);

    /// <summary>
    /// The configured severity of <paramref name="ruleId"/> for <paramref name="file"/> (null: project-level, global
    /// configs only). As in Roslyn, <c>dotnet_diagnostic.ID.severity</c> wins over the bulk keys
    /// <c>dotnet_analyzer_diagnostic.category-CATEGORY.severity</c>, which win over <c>dotnet_analyzer_diagnostic.severity</c>.
    /// </summary>
    public Severity? GetSeverity(string ruleId, string? file, string? category = null)
    {
        lock (gate)
        {
            var full = file is null ? null : Path.GetFullPath(file);
            var editorConfigs = full is null ? new List<string>() : EditorConfigsAbove(Path.GetDirectoryName(full)!);
            if (editorConfigs.Count == 0 && globalConfigPaths.Count == 0)
            {
                return null; // nothing configures anything: Roslyn is not loaded
            }

            roslyn ??= new RoslynConfigs(globalConfigPaths);
            return roslyn.GetSeverity(ruleId, category, full, editorConfigs);
        }
    }

    /// <summary>
    /// The config files that can affect the analysis of <paramref name="paths"/> (files or folders):
    /// <c>.editorconfig</c> and <c>.globalconfig</c> in each one's folder and its parents (also those
    /// above a <c>root = true</c> file: harmless as build inputs, and a later edit may remove the root).
    /// Pass the manifest files themselves (not only their scanned folders) so that configs in
    /// subfolders are included. Ordinal order, no duplicates.
    /// </summary>
    public static IReadOnlyList<string> FindConfigFiles(IEnumerable<string> paths)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            foreach (var directory in SelfAndParents(Directory.Exists(full) ? full : Path.GetDirectoryName(full)!))
            {
                if (!visited.Add(directory))
                {
                    break; // this folder and its parents were already looked at
                }

                foreach (var name in new[] { EditorConfigFileName, GlobalConfigFileName })
                {
                    var candidate = Path.Combine(directory, name);
                    if (File.Exists(candidate))
                    {
                        found.Add(candidate);
                    }
                }
            }
        }

        return found.ToList();
    }

    /// <summary>The .editorconfig files of a folder and its parents, nearest first (all of them: AnalyzerConfigSet itself ignores those above a 'root = true' one).</summary>
    private List<string> EditorConfigsAbove(string folder)
    {
        if (!editorConfigsByFolder.TryGetValue(folder, out var configs))
        {
            var parent = Path.GetDirectoryName(folder);
            configs = new List<string>();
            var candidate = Path.Combine(folder, EditorConfigFileName);
            if (File.Exists(candidate))
            {
                configs.Add(candidate);
            }

            if (parent is not null)
            {
                configs.AddRange(EditorConfigsAbove(parent));
            }

            editorConfigsByFolder[folder] = configs;
        }

        return configs;
    }

    private static string FolderOf(string fullPath, string baseDirectory)
    {
        if (Directory.Exists(fullPath))
        {
            return fullPath;
        }

        if (File.Exists(fullPath))
        {
            return Path.GetDirectoryName(fullPath)!;
        }

        // A glob or a missing path: its longest existing parent folder.
        var folder = Path.GetDirectoryName(fullPath);
        while (folder is not null && !Directory.Exists(folder))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder ?? Path.GetFullPath(baseDirectory);
    }

    private static IEnumerable<string> SelfAndParents(string folder)
    {
        for (var directory = Path.TrimEndingDirectorySeparator(folder); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            yield return directory;
        }
    }

    /// <summary>Everything that touches Roslyn, created only once a config file exists (so Microsoft.CodeAnalysis loads only then).</summary>
    private sealed class RoslynConfigs
    {
        private readonly List<AnalyzerConfig> globalConfigs = new();
        private readonly Dictionary<string, AnalyzerConfig?> parsed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, AnalyzerConfigSet> setsByChain = new(StringComparer.Ordinal);
        private readonly Dictionary<string, AnalyzerConfigOptionsResult> optionsByFile = new(StringComparer.Ordinal);
        private AnalyzerConfigSet? globalSet;

        public RoslynConfigs(IEnumerable<string> globalConfigPaths)
        {
            // Roslyn takes a file named '.globalconfig' as global even when it does not say is_global = true.
            globalConfigs.AddRange(globalConfigPaths.Select(Parse).OfType<AnalyzerConfig>());
        }

        public SortedSet<string> Used { get; } = new(StringComparer.Ordinal);

        public List<string> Problems { get; } = new();

        public Severity? GetSeverity(string ruleId, string? category, string? file, List<string> editorConfigs)
        {
            // As the compiler does: the file's options (.editorconfig sections, and global config sections
            // naming the file), then the global section of the global configs; an ID's own entry first,
            // then the bulk entries for its category and for all analyzer diagnostics.
            AnalyzerConfigOptionsResult? fileOptions = file is null ? null : OptionsFor(file, editorConfigs);
            var globalOptions = GlobalOptions();
            if ((fileOptions is { } own && own.TreeOptions.TryGetValue(ruleId, out var report))
                || globalOptions.TreeOptions.TryGetValue(ruleId, out report))
            {
                return ToSeverity(report);
            }

            var bulkKeys = category is null
                ? new[] { "dotnet_analyzer_diagnostic.severity" }
                : new[] { $"dotnet_analyzer_diagnostic.category-{category.ToLowerInvariant()}.severity", "dotnet_analyzer_diagnostic.severity" };
            foreach (var key in bulkKeys)
            {
                string? value = null;
                if ((fileOptions is { } ownOptions && ownOptions.AnalyzerOptions.TryGetValue(key, out value))
                    || globalOptions.AnalyzerOptions.TryGetValue(key, out value))
                {
                    return value!.Trim().ToLowerInvariant() switch
                    {
                        "error" => Severity.Error,
                        "warning" => Severity.Warning,
                        "suggestion" or "info" => Severity.Note,
                        "silent" or "hidden" or "none" => Severity.None,
                        _ => null, // "default" or unknown: the rule's own severity
                    };
                }
            }

            return null;
        }

        private static Severity? ToSeverity(ReportDiagnostic report) => report switch
        {
            ReportDiagnostic.Error => Severity.Error,
            ReportDiagnostic.Warn => Severity.Warning,
            ReportDiagnostic.Info => Severity.Note,
            ReportDiagnostic.Hidden or ReportDiagnostic.Suppress => Severity.None,
            _ => null, // Default: the rule's own severity
        };

        private AnalyzerConfigOptionsResult GlobalOptions()
        {
            // Every per-folder set holds the same global configs, so their global options are these.
            globalSet ??= Create(globalConfigs);
            return globalSet.GlobalConfigOptions;
        }

        private AnalyzerConfigOptionsResult OptionsFor(string file, List<string> editorConfigs)
        {
            if (optionsByFile.TryGetValue(file, out var cached))
            {
                return cached;
            }

            var chain = string.Join("\n", editorConfigs);
            if (!setsByChain.TryGetValue(chain, out var set))
            {
                set = Create(globalConfigs.Concat(editorConfigs.Select(Parse).OfType<AnalyzerConfig>()).ToList());
                setsByChain[chain] = set;
            }

            var options = set.GetOptionsForSourcePath(file);
            optionsByFile[file] = options;
            return options;
        }

        private AnalyzerConfigSet Create(List<AnalyzerConfig> configs)
        {
            var set = AnalyzerConfigSet.Create(configs, out var diagnostics);
            foreach (var message in diagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            {
                if (!Problems.Contains(message))
                {
                    Problems.Add(message);
                }
            }

            return set;
        }

        /// <summary>Reads and parses a config file once; null when it cannot be read.</summary>
        private AnalyzerConfig? Parse(string path)
        {
            if (!parsed.TryGetValue(path, out var config))
            {
                // Only a regular file within ConfigFileLimits is read: a FIFO would block, a device never end,
                // and Roslyn's glob compilation is super-linear in some section names.
                if (ConfigFileLimits.Read(path, Problems) is { } text)
                {
                    config = AnalyzerConfig.Parse(text, path);
                    Used.Add(path);
                }

                parsed[path] = config;
            }

            return config;
        }
    }
}
