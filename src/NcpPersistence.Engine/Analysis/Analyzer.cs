using NcpPersistence.Diagnostics;
using NcpPersistence.Loading;
using NcpPersistence.Model;
using NcpPersistence.Output;
using NcpPersistence.Rules;
using NcpPersistence.Rules.Analyzer;
using NcpPersistence.Scoping;

namespace NcpPersistence.Analysis;

/// <summary>
/// The engine's one pipeline: discover -> load (in parallel, results kept in path order) -> units and
/// scopes (each scope with its NCP facts) -> rules, each run per file, configuration, unit or scope as it
/// declares -> one finding per location across scopes -> suppressions -> severities -> sorted results.
/// Front ends (CLI, MSBuild task) and writers (console, SARIF, plan) only call this.
/// </summary>
public static class Analyzer
{
    public static AnalysisResult Run(AnalysisOptions options, SeverityPolicy? policy = null)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var timings = new List<(string Phase, TimeSpan Elapsed)>();
        void Lap(string phase)
        {
            timings.Add((phase, clock.Elapsed));
            clock.Restart();
        }

        var repositoryRoot = options.RepositoryRoot ?? SourceRoot.Find(options.BaseDirectory);
        var context = new LoadContext(options.DefaultNamespace, options.MaxFileSize, repositoryRoot);
        var missing = new List<MissingPath>();
        var paths = ManifestDiscovery.Discover(options, missing).ToList();
        var settings = LoadSettings(options, paths);
        foreach (var extra in ExtraConfigurationFiles(options, settings))
        {
            AddPath(paths, extra, missing, options);
        }

        var charts = HelmCharts.Separate(paths);
        var roots = Roots(options);
        var kustomize = KustomizeStage.Plan(paths, options);
        Lap("discovery");

        // Builds run while the files load: kustomize is another process, mostly waiting on the disk.
        var builds = kustomize.StartBuilds();
        var loaded = LoadAll(paths, options, context).ToList();
        MarkExplicit(loaded, roots);
        if (options.StandardInput is not null || options.StandardInputProblem is not null)
        {
            var stdin = new LoadedFile(Path.Combine(Path.GetFullPath(options.BaseDirectory), AnalysisOptions.StandardInputName), loaded.Count) { IsExplicit = true };
            if (options.StandardInputProblem is { } problem)
            {
                stdin.Problems.Add(new LoadProblem(LoadProblemKind.Unreadable, problem, SourceSpan.FileStart(stdin.Path)));
            }
            else
            {
                ManifestLoader.Analyse(stdin.Path, options.StandardInput!, stdin, context);
            }

            loaded.Add(stdin);
        }

        var standardInputPath = options.StandardInput is null ? null : loaded[^1].Path;
        ExactContentHashes.Refine(loaded, file => file.Path == standardInputPath ? options.StandardInput : ManifestLoader.ReadTextAgain(file.Path, context));
        AddChartNotes(loaded, charts);
        var files = kustomize.Integrate(loaded, builds, context);
        Lap("load");

        var model = new AnalysisModel(options, context, files, missing, settings, charts, roots) { Kustomize = kustomize.Outcome };
        model.Units = UnitAssembler.Assemble(files, model.Kustomize.Workspace.FoldersDeployedThroughKustomize);
        model.Scopes = ScopeBuilder.Build(new ScopeInputs(files, roots, options.ConfigFile is null ? null : Path.GetFullPath(options.ConfigFile, options.BaseDirectory), settings, options.Overrides(), options.Release(), context, model.Display));
        var classes = new IngressClassPolicy(options.IngressClass, options.UnclassedIngressIsNcp, options.OverrideNames.UnclassedIngressIsNcp);
        foreach (var scope in model.Scopes)
        {
            scope.View = new NcpView(scope, classes);
        }

        Lap("model");

        var raw = RunRules(model);
        var diagnostics = FindingMerger.Merge(raw, model);
        Lap("rules");

        // Suppressions are matched on every finding first, so silencing a rule never makes its suppressions look stale.
        SuppressionEngine.Apply(model, diagnostics);
        policy ??= new SeverityPolicy();
        foreach (var diagnostic in diagnostics)
        {
            diagnostic.Severity = policy.Apply(diagnostic);
        }

        var silenced = diagnostics.Where(d => d.Severity == Severity.None).ToList();
        diagnostics.RemoveAll(d => d.Severity == Severity.None);
        diagnostics.Sort(DiagnosticOrder.Instance);
        Lap("suppressions and severities");
        var result = new AnalysisResult(model, diagnostics, started, DateTimeOffset.UtcNow) { PhaseTimings = timings, Silenced = silenced };
        foreach (var file in files)
        {
            result.AddInputFile(file.Path);
        }

        if (settings is not null)
        {
            result.AddInputFile(settings.Path);
        }

        foreach (var input in kustomize.Inputs)
        {
            result.AddInputFile(input);
        }

        foreach (var consulted in policy.ConsultedFiles?.Invoke() ?? Array.Empty<string>())
        {
            result.AddInputFile(consulted);
        }

        return result;
    }

    /// <summary>Loads files across cores; each result lands at its own index, so the order never depends on timing.</summary>
    internal static IReadOnlyList<LoadedFile> LoadAll(IReadOnlyList<string> paths, AnalysisOptions options, LoadContext context)
    {
        var files = new LoadedFile[paths.Count];
        var parallelism = Math.Max(1, options.MaxDegreeOfParallelism);
        if (parallelism == 1 || paths.Count < 2)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                files[i] = ManifestLoader.Load(paths[i], i, context);
            }
        }
        else
        {
            Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
            {
                files[i] = ManifestLoader.Load(paths[i], i, context);
            });
        }

        return files;
    }

    private static SettingsFile? LoadSettings(AnalysisOptions options, List<string> paths)
    {
        var path = options.SettingsFile is { } given
            ? Path.GetFullPath(given, options.BaseDirectory)
            : Path.Combine(Path.GetFullPath(options.BaseDirectory), SettingsFile.DefaultFileName);
        if (options.SettingsFile is null && !File.Exists(path))
        {
            return null;
        }

        // The settings file configures the analysis; it is never a manifest itself.
        paths.RemoveAll(p => string.Equals(Path.GetFullPath(p), path, StringComparison.Ordinal));
        return SettingsFile.Load(path);
    }

    /// <summary>Configuration files named outside the scanned folders: <c>--config</c> and the clusters' <c>config</c>.</summary>
    private static IEnumerable<string> ExtraConfigurationFiles(AnalysisOptions options, SettingsFile? settings)
    {
        if (options.ConfigFile is { } configFile)
        {
            yield return configFile;
        }

        if (settings is not null)
        {
            foreach (var cluster in settings.Clusters)
            {
                if (cluster.ConfigFile is { } clusterConfig)
                {
                    yield return clusterConfig;
                }
            }
        }
    }

    private static void AddPath(List<string> paths, string path, List<MissingPath> missing, AnalysisOptions options)
    {
        var full = Path.GetFullPath(path, options.BaseDirectory);
        if (paths.Any(p => string.Equals(Path.GetFullPath(p), full, StringComparison.Ordinal)))
        {
            return;
        }

        if (File.Exists(full))
        {
            paths.Add(full);
            paths.Sort(StringComparer.Ordinal);
        }
        else
        {
            missing.Add(new MissingPath(path));
        }
    }

    /// <summary>The scanned folders (full paths); a named file's folder counts as a root for it.</summary>
    private static IReadOnlyList<string> Roots(AnalysisOptions options)
    {
        var roots = new List<string>();
        foreach (var raw in options.Paths.Count == 0 && !options.ReadsStandardInput ? new[] { options.BaseDirectory } : options.Paths)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(raw, options.BaseDirectory));
            if (Directory.Exists(full))
            {
                roots.Add(full);
            }
            else if (Path.GetDirectoryName(full) is { } parent)
            {
                roots.Add(parent);
            }
        }

        return roots.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A file outside every scanned folder was named on its own (a path argument, an NcpManifest item, --config).</summary>
    private static void MarkExplicit(IReadOnlyList<LoadedFile> files, IReadOnlyList<string> roots)
    {
        var folders = roots.Where(Directory.Exists).ToList();
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file.Path);
            file.IsExplicit = !folders.Any(root => full.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        }
    }

    /// <summary>One NCP9004 note per Helm chart, on its Chart.yaml.</summary>
    private static void AddChartNotes(IReadOnlyList<LoadedFile> files, IReadOnlyList<HelmChart> charts)
    {
        foreach (var chart in charts)
        {
            var file = files.FirstOrDefault(f => string.Equals(Path.GetFullPath(f.Path), chart.ChartFile, StringComparison.Ordinal));
            if (file is null)
            {
                continue;
            }

            var what = chart.TemplateFiles switch
            {
                0 => "what it deploys is known only once it is rendered (it has no templates of its own, only dependencies or values)",
                1 => "its template under templates/ is not a manifest until rendered and was not analysed",
                _ => $"its {chart.TemplateFiles} templates under templates/ are not manifests until rendered and were not analysed",
            };
            file.Problems.Add(new LoadProblem(
                LoadProblemKind.Templated,
                $"this folder is a Helm chart, so {what}; analyse what the chart renders to (helm template RELEASE {Path.GetFileName(chart.Folder)} | ncp-persistence -)",
                SourceSpan.FileStart(file.Path)));
        }
    }

    private static List<Diagnostic> RunRules(AnalysisModel model)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var rule in RuleCatalog.Rules)
        {
            var found = new List<Diagnostic>();
            try
            {
                switch (rule.Granularity)
                {
                    case RuleGranularity.Analysis:
                        RunOnce(rule, new Pass(model, found), found, d => ContextOfLocation(d, model));
                        break;
                    case RuleGranularity.File:
                        foreach (var file in model.Files)
                        {
                            RunOnce(rule, new Pass(model, found) { File = file }, found, _ => model.Context.RepositoryRelative(file.Path));
                        }

                        break;
                    case RuleGranularity.Configuration:
                        foreach (var configuration in ConfigurationsToCheck(model))
                        {
                            var key = configuration.Source is { } source ? model.Context.RepositoryRelative(source.File) : configuration.Key;
                            RunOnce(rule, new Pass(model, found) { Configuration = configuration }, found, _ => key);
                        }

                        break;
                    case RuleGranularity.Unit:
                        foreach (var unit in model.Units)
                        {
                            RunOnce(rule, new Pass(model, found) { Unit = unit }, found, _ => model.Context.RepositoryRelative(unit.Root));
                        }

                        break;
                    case RuleGranularity.Scope:
                        foreach (var scope in model.Scopes)
                        {
                            var start = found.Count;
                            RunOnce(rule, new Pass(model, found) { Scope = scope }, found, d => rule.Descriptor.DependsOnConfiguration ? scope.Key : ContextOfLocation(d, model));
                            for (var i = start; i < found.Count; i++)
                            {
                                FindingMerger.RecordScope(found[i], scope);
                            }
                        }

                        break;
                }

                diagnostics.AddRange(found);
            }
            catch (Exception exception)
            {
                diagnostics.Add(AnalyzerFailureRule.ForRule(rule.Descriptor, exception));
            }
        }

        return diagnostics;
    }

    private static void RunOnce(Rule rule, Pass pass, List<Diagnostic> found, Func<Diagnostic, string> context)
    {
        var start = found.Count;
        rule.Analyze(pass);
        for (var i = start; i < found.Count; i++)
        {
            found[i].Context = context(found[i]);
        }
    }

    /// <summary>
    /// Each configuration once, with the overrides that apply to it; and every other ncp.ini text (one
    /// that configures no scope, such as nsx-node-agent-config) with the global overrides, so its keys are checked too.
    /// </summary>
    private static IReadOnlyList<NcpConfiguration> ConfigurationsToCheck(AnalysisModel model)
    {
        var configurations = model.Configurations.ToList();
        var checkedSources = configurations.Where(c => c.Source is not null).Select(c => c.Source!).ToHashSet();
        foreach (var source in model.ConfigSources)
        {
            if (!checkedSources.Contains(source))
            {
                configurations.Add(new NcpConfiguration(model.Context.RepositoryRelative(source.File), null, source, model.Options.Overrides(), model.Display(source.File), model.Options.Release()));
            }
        }

        return configurations;
    }

    private static string ContextOfLocation(Diagnostic diagnostic, AnalysisModel model) =>
        diagnostic.Location is { } location ? model.Context.RepositoryRelative(location.File) : "";
}

/// <summary>Project-level diagnostics first, then by path (ordinal), line, column, ID and message.</summary>
public sealed class DiagnosticOrder : IComparer<Diagnostic>
{
    public static readonly DiagnosticOrder Instance = new();

    public int Compare(Diagnostic? x, Diagnostic? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byLocation = (x.Location, y.Location) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            ({ } a, { } b) => CompareSpans(a, b),
        };
        if (byLocation != 0)
        {
            return byLocation;
        }

        var byId = string.CompareOrdinal(x.Id, y.Id);
        return byId != 0 ? byId : string.CompareOrdinal(x.Message, y.Message);
    }

    private static int CompareSpans(SourceSpan a, SourceSpan b)
    {
        var result = string.CompareOrdinal(a.File, b.File);
        if (result == 0)
        {
            result = a.StartLine.CompareTo(b.StartLine);
        }

        if (result == 0)
        {
            result = a.StartColumn.CompareTo(b.StartColumn);
        }

        return result;
    }
}
