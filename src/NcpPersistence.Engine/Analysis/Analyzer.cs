using NcpPersistence.Diagnostics;
using NcpPersistence.Loading;
using NcpPersistence.Rules;
using NcpPersistence.Rules.Analyzer;

namespace NcpPersistence.Analysis;

/// <summary>
/// The engine's one pipeline: discover files -> load each (in parallel, results kept in path
/// order) -> build the model -> run every rule -> apply suppressions and severities -> sort.
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

        var missing = new List<MissingPath>();
        var paths = ManifestDiscovery.Discover(options, missing).ToList();
        if (options.ConfigFile is { } configFile)
        {
            var full = Path.GetFullPath(configFile, options.BaseDirectory);
            if (!paths.Contains(full, StringComparer.Ordinal))
            {
                if (File.Exists(full))
                {
                    paths.Add(full);
                    paths.Sort(StringComparer.Ordinal);
                }
                else
                {
                    missing.Add(new MissingPath(configFile));
                }
            }
        }

        Lap("discovery");
        var files = LoadAll(paths, options);
        Lap("load");
        var model = new AnalysisModel(options, files, missing);
        Lap("model");
        var diagnostics = RunRules(model);
        Lap("rules");

        policy ??= new SeverityPolicy();
        foreach (var diagnostic in diagnostics)
        {
            diagnostic.Severity = policy.Apply(diagnostic);
        }

        diagnostics.RemoveAll(d => d.Severity == Severity.None);
        var countBefore = diagnostics.Count;
        SuppressionEngine.Apply(model, diagnostics);
        for (var i = countBefore; i < diagnostics.Count; i++)
        {
            diagnostics[i].Severity = policy.Apply(diagnostics[i]);
        }

        diagnostics.RemoveAll(d => d.Severity == Severity.None);
        diagnostics.Sort(DiagnosticOrder.Instance);
        Lap("severities and suppressions");
        var result = new AnalysisResult(model, diagnostics, started, DateTimeOffset.UtcNow) { PhaseTimings = timings };
        foreach (var file in files)
        {
            result.AddInputFile(file.Path);
        }

        foreach (var consulted in policy.ConsultedFiles?.Invoke() ?? Array.Empty<string>())
        {
            result.AddInputFile(consulted);
        }

        return result;
    }

    /// <summary>Loads files across cores; each result lands at its own index, so the order never depends on timing.</summary>
    internal static IReadOnlyList<LoadedFile> LoadAll(IReadOnlyList<string> paths, AnalysisOptions options)
    {
        var files = new LoadedFile[paths.Count];
        var parallelism = Math.Max(1, options.MaxDegreeOfParallelism);
        if (parallelism == 1 || paths.Count < 2)
        {
            for (var i = 0; i < paths.Count; i++)
            {
                files[i] = ManifestLoader.Load(paths[i], i, options);
            }
        }
        else
        {
            Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i =>
            {
                files[i] = ManifestLoader.Load(paths[i], i, options);
            });
        }

        return files;
    }

    private static List<Diagnostic> RunRules(AnalysisModel model)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var rule in RuleCatalog.Rules)
        {
            var found = new List<Diagnostic>();
            try
            {
                rule.Analyze(model, new RuleContext(found));
                diagnostics.AddRange(found);
            }
            catch (Exception exception)
            {
                diagnostics.Add(AnalyzerFailureRule.ForRule(rule.Descriptor, exception));
            }
        }

        return diagnostics;
    }
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
