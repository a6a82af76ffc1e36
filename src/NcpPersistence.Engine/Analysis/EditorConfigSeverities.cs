using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NcpPersistence.Diagnostics;
using Diagnostic = NcpPersistence.Diagnostics.Diagnostic;
using Severity = NcpPersistence.Diagnostics.Severity;

namespace NcpPersistence.Analysis;

/// <summary>
/// Severities configured by <c>dotnet_diagnostic.&lt;ID&gt;.severity</c> in <c>.editorconfig</c> and
/// global config files, with Roslyn's own parser and precedence (<see cref="AnalyzerConfigSet"/>):
/// section globs are matched against the manifest path, the nearest <c>.editorconfig</c> wins,
/// <c>root = true</c> ends the search upwards, and global configs (<c>.globalconfig</c> files and any
/// config with <c>is_global = true</c>) apply to every file with a lower precedence than
/// <c>.editorconfig</c> sections.
/// </summary>
/// <remarks>
/// Which files are read, as the .NET SDK finds them: every <c>.editorconfig</c> in the folder of a
/// manifest and in each parent folder, and every <c>.globalconfig</c> in the analysed folders (the
/// folder of an analysed file) and their parents. Folders are probed lazily, only for the manifests
/// that have findings, and each file is read and parsed once. Diagnostics without a location
/// (project-level) take global config values only.
/// Plug into a run with <see cref="AttachTo"/> (or set <see cref="SeverityPolicy.ConfiguredSeverity"/> to <see cref="GetSeverity"/>).
/// </remarks>
public sealed class EditorConfigSeverities
{
    public const string EditorConfigFileName = ".editorconfig";
    public const string GlobalConfigFileName = ".globalconfig";

    private readonly List<AnalyzerConfig> globalConfigs = new();
    private readonly Dictionary<string, AnalyzerConfig?> parsed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AnalyzerConfigSet> setsByFolder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableDictionary<string, ReportDiagnostic>> optionsByFile = new(StringComparer.Ordinal);
    private readonly SortedSet<string> used = new(StringComparer.Ordinal);
    private readonly List<string> problems = new();
    private readonly object gate = new();
    private AnalyzerConfigSet? globalSet;

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
        foreach (var folder in folders)
        {
            foreach (var directory in SelfAndParents(folder))
            {
                var candidate = Path.Combine(directory, GlobalConfigFileName);
                if (File.Exists(candidate))
                {
                    globals.Add(candidate);
                }
            }
        }

        foreach (var path in globals)
        {
            // Roslyn takes a file named '.globalconfig' as global even when it does not say is_global = true.
            if (Parse(path) is { } config)
            {
                globalConfigs.Add(config);
            }
        }
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
                return used.ToList();
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
                return problems.ToList();
            }
        }
    }

    /// <summary>Makes <paramref name="policy"/> take its configured severities from these files.</summary>
    public SeverityPolicy AttachTo(SeverityPolicy policy)
    {
        policy.ConfiguredSeverity = GetSeverity;
        return policy;
    }

    /// <summary>The configured severity of <paramref name="diagnostic"/>'s rule for its file; null when nothing configures it.</summary>
    public Severity? GetSeverity(Diagnostic diagnostic) => GetSeverity(diagnostic.Id, diagnostic.Location?.File);

    /// <summary>The configured severity of <paramref name="ruleId"/> for <paramref name="file"/> (null: project-level, global configs only).</summary>
    public Severity? GetSeverity(string ruleId, string? file)
    {
        ReportDiagnostic report;
        lock (gate)
        {
            // As the compiler does: the file's options (.editorconfig sections, and global config sections
            // naming the file), then the global section of the global configs.
            if ((file is null || !OptionsFor(Path.GetFullPath(file)).TryGetValue(ruleId, out report))
                && !GlobalOptions().TryGetValue(ruleId, out report))
            {
                return null;
            }
        }

        return ToSeverity(report);
    }

    /// <summary>Roslyn's <see cref="ReportDiagnostic"/> as an NCP severity; Default means "the rule's own".</summary>
    public static Severity? ToSeverity(ReportDiagnostic report) => report switch
    {
        ReportDiagnostic.Error => Severity.Error,
        ReportDiagnostic.Warn => Severity.Warning,
        ReportDiagnostic.Info => Severity.Note,
        ReportDiagnostic.Hidden => Severity.None,
        ReportDiagnostic.Suppress => Severity.None,
        _ => null,
    };

    /// <summary>
    /// The config files that can affect the analysis of <paramref name="paths"/> (files or folders):
    /// <c>.editorconfig</c> and <c>.globalconfig</c> in each one's folder and its parents (also those
    /// above a <c>root = true</c> file: harmless as build inputs, and a later edit may remove the root). Pass the manifest files themselves (not only
    /// their scanned folders) so that configs in subfolders are included. Ordinal order, no duplicates.
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

                var global = Path.Combine(directory, GlobalConfigFileName);
                if (File.Exists(global))
                {
                    found.Add(global);
                }

                var editorConfig = Path.Combine(directory, EditorConfigFileName);
                if (File.Exists(editorConfig))
                {
                    found.Add(editorConfig);
                }
            }
        }

        return found.ToList();
    }

    private ImmutableDictionary<string, ReportDiagnostic> GlobalOptions()
    {
        // Every per-folder set holds the same global configs, so their global options are these.
        globalSet ??= Create(globalConfigs);
        return globalSet.GlobalConfigOptions.TreeOptions;
    }

    private ImmutableDictionary<string, ReportDiagnostic> OptionsFor(string file)
    {
        if (optionsByFile.TryGetValue(file, out var cached))
        {
            return cached;
        }

        var folder = Path.GetDirectoryName(file)!;
        if (!setsByFolder.TryGetValue(folder, out var set))
        {
            var configs = new List<AnalyzerConfig>(globalConfigs);
            foreach (var directory in SelfAndParents(folder))
            {
                // All of them: AnalyzerConfigSet itself ignores those above a 'root = true' one.
                if (Parse(Path.Combine(directory, EditorConfigFileName)) is { } config)
                {
                    configs.Add(config);
                }
            }

            set = Create(configs);
            setsByFolder[folder] = set;
        }

        var options = set.GetOptionsForSourcePath(file).TreeOptions;
        optionsByFile[file] = options;
        return options;
    }

    private AnalyzerConfigSet Create(List<AnalyzerConfig> configs)
    {
        var set = AnalyzerConfigSet.Create(configs, out var diagnostics);
        foreach (var diagnostic in diagnostics)
        {
            var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            if (!problems.Contains(message))
            {
                problems.Add(message);
            }
        }

        return set;
    }

    /// <summary>Reads and parses a config file once; null when it does not exist or cannot be read.</summary>
    private AnalyzerConfig? Parse(string path)
    {
        if (parsed.TryGetValue(path, out var config))
        {
            return config;
        }

        config = null;
        if (File.Exists(path))
        {
            try
            {
                config = AnalyzerConfig.Parse(File.ReadAllText(path), path);
                used.Add(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{path}: {exception.Message}");
            }
        }

        parsed[path] = config;
        return config;
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
}
