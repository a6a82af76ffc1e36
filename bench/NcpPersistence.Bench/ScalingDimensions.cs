using System.Diagnostics;
using System.Text;
using NcpPersistence.Analysis;
using NcpPersistence.Output;
using NcpPersistence.Plan;

namespace NcpPersistence.Bench;

/// <summary>
/// One dimension of the input that the cost must be linear in (issue 16, item 1): a generator that writes an input
/// of size <c>n</c> into a folder, and what is run on it. Shared by <c>bench/dimensions.sh</c> (which doubles each
/// dimension and prints the ratios) and the scaling tests (which compare 1x and 4x in one run); the test project
/// compiles this file too, so both measure the same thing.
/// </summary>
/// <param name="Name">What doubles.</param>
/// <param name="BaseSize">n at 1x: big enough that a quadratic term dominates there, small enough to stay fast when linear.</param>
/// <param name="Generate">Writes the input of size n into the (empty) folder.</param>
/// <param name="WithArtifacts">Also build the SARIF log, the plan and its Markdown (in memory, nothing is written).</param>
public sealed record ScalingDimension(string Name, int BaseSize, Action<string, int> Generate, bool WithArtifacts = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// One measurement: wall-clock time, CPU time of the process (what the run itself cost: other processes on a busy
/// machine stretch the wall clock, not this) and managed bytes allocated by the analysis (and the writers).
/// </summary>
public readonly record struct ScalingSample(TimeSpan Elapsed, TimeSpan Cpu, long Allocated);

public static class ScalingDimensions
{
    private const string StickyService = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s{0}\nspec:\n  sessionAffinity: Sticky\n";
    private const string CleanService = "apiVersion: v1\nkind: Service\nmetadata:\n  name: s{0}\nspec:\n  ports:\n  - port: 80\n";

    public static readonly IReadOnlyList<ScalingDimension> All = new ScalingDimension[]
    {
        new("files", 250, (folder, n) =>
        {
            for (var i = 0; i < n; i++)
            {
                Write(folder, $"d{i % 20}/s{i}.yaml", string.Format(System.Globalization.CultureInfo.InvariantCulture, CleanService, i));
            }
        }),
        new("objects per file", 3_000, (folder, n) => Write(folder, "many.yaml", Join(n, i => "---\n" + Format(CleanService, i)))),
        new("findings", 3_000, (folder, n) => Write(folder, "sticky.yaml", Join(n, i => "---\n" + Format(StickyService, i)))),
        new("findings with SARIF and plan", 500, (folder, n) => Write(folder, "sticky.yaml", Join(n, i => "---\n" + Format(StickyService, i))), WithArtifacts: true),
        new("suppressions", 1_000, (folder, n) => Write(folder, "suppressed.yaml", Join(n, i =>
            "---\n" + Format(StickyService, i).Replace("  sessionAffinity", "  # ncp-persistence-disable-next-line NCP2003 -- accepted\n  sessionAffinity", StringComparison.Ordinal)))),
        new("comments", 10_000, (folder, n) => Write(folder, "comments.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n"
            + Join(n, _ => "  # ncp-persistence-disable-next-line NCP2003 -- accepted\n")
            + "  sessionAffinity: Sticky\n")),
        new("INI keys", 12_000, (folder, n) => Write(folder, "ncp.ini", "[nsx_v3]\n" + Join(n, i => $"l4_persistense = source_ip\nx{i} = 1\n"))),
        new(".editorconfig sections", 60, (folder, n) =>
        {
            Write(folder, ".editorconfig", "root = true\n" + Join(n, i => $"[f{i}.yaml]\ndotnet_diagnostic.NCP2003.severity = warning\n"));
            WriteFindingsInFolders(folder);
        }),
        new(".editorconfig globs", 480, (folder, n) =>
        {
            // n brace alternatives, 16 to a section (each section stays far below ConfigFileLimits).
            var text = new StringBuilder("root = true\n");
            for (var i = 0; i < n; i += 16)
            {
                text.Append("[{").AppendJoin(",", Enumerable.Range(i, Math.Min(16, n - i)).Select(a => $"a{a}")).Append("}.yaml]\ndotnet_diagnostic.NCP2003.severity = warning\n");
            }

            Write(folder, ".editorconfig", text.ToString());
            WriteFindingsInFolders(folder);
        }),
        new("template braces", 5_000, (folder, n) => Write(folder, "template.yaml",
            // The comment names ncp.ini, so the ConfigMap is parsed whole (one without it is read only to its identity).
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata: # no ncp.ini here\n"
            + Join(n, i => $"  q{i}: \"{{{{ $value }}}}\"\n")
            + "  block: |\n" + Join(n, _ => "    {{ x }}\n"))),
    };

    /// <summary>Generates the input of size <paramref name="n"/> in a new folder under <paramref name="parent"/>.</summary>
    public static string Prepare(ScalingDimension dimension, string parent, int n)
    {
        var folder = Path.Combine(parent, $"{Slug(dimension.Name)}-{n}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        dimension.Generate(folder, n);
        return folder;
    }

    /// <summary>Runs the analysis on one thread (as the CLI does, with .editorconfig severities), then the writers if asked.</summary>
    public static ScalingSample Measure(ScalingDimension dimension, string folder)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // No collection while measured, where the runtime allows the budget: garbage collection costs more than linearly
        // at these small sizes (at 1x nothing survives a gen0 collection, at 4x much does), which is the collector's
        // start-up, not the analysis' cost; the allocations themselves are measured, and compared, separately.
        var noGc = TryStartNoGcRegion(256L * 1024 * 1024);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = CpuTime();
        var stopwatch = Stopwatch.StartNew();
        var options = new AnalysisOptions { BaseDirectory = folder, MaxDegreeOfParallelism = 1 };
        options.Paths.Add(folder);
        var policy = new SeverityPolicy();
        EditorConfigSeverities.ForAnalysis(options).AttachTo(policy);
        var result = Analyzer.Run(options, policy);
        if (dimension.WithArtifacts)
        {
            var report = new ReportOptions { SourceRoot = folder };
            _ = SarifLogWriter.ToJson(result, report);
            var plan = PlanBuilder.Build(result, report);
            _ = PlanWriter.ToJson(plan);
            _ = PlanWriter.ToMarkdown(plan);
        }

        stopwatch.Stop();
        var sample = new ScalingSample(stopwatch.Elapsed, CpuTime() - cpuBefore, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        if (noGc && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }

        return sample;
    }

    private static bool TryStartNoGcRegion(long budget)
    {
        try
        {
            return GC.TryStartNoGCRegion(budget);
        }
        catch (Exception exception) when (exception is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return false; // a budget this runtime or GC mode does not allow: measured with collections then
        }
    }

    /// <summary>User + system CPU time of this process (getrusage on .NET 9+, microseconds; /proc ticks before).</summary>
    private static TimeSpan CpuTime()
    {
#if NET9_0_OR_GREATER
        return Environment.CpuUsage.TotalTime;
#else
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
#endif
    }

    /// <summary>
    /// The best of <paramref name="rounds"/> interleaved runs at each size (after a warm-up run at each), so that a busy
    /// machine inflates no ratio: the minimum is the run least disturbed by other processes.
    /// </summary>
    public static IReadOnlyList<ScalingSample> BestOf(ScalingDimension dimension, IReadOnlyList<string> folders, int rounds)
    {
        // Loading (Roslyn, YamlDotNet) and the JIT's re-compilation of hot methods (tiered compilation, in the
        // background, counted in the process' CPU time) happen here, outside the figures: one run at each size.
        foreach (var warmUp in folders)
        {
            Measure(dimension, warmUp);
        }

        var best = folders.Select(_ => new ScalingSample(TimeSpan.MaxValue, TimeSpan.MaxValue, long.MaxValue)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < folders.Count; i++)
            {
                var sample = Measure(dimension, folders[i]);
                best[i] = new ScalingSample(
                    sample.Elapsed < best[i].Elapsed ? sample.Elapsed : best[i].Elapsed,
                    sample.Cpu < best[i].Cpu ? sample.Cpu : best[i].Cpu,
                    Math.Min(sample.Allocated, best[i].Allocated));
            }
        }

        return best;
    }

    private static void WriteFindingsInFolders(string folder)
    {
        // Severities are looked up per file with a finding: 20 files in 4 folders, 4 levels deep.
        for (var i = 0; i < 20; i++)
        {
            Write(folder, $"k8s/t{i % 4}/x/y/f{i}.yaml", Format(StickyService, i));
        }
    }

    private static string Format(string template, int i) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, i);

    private static string Join(int n, Func<int, string> item)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            builder.Append(item(i));
        }

        return builder.ToString();
    }

    private static void Write(string folder, string relativePath, string content)
    {
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string Slug(string name) => new(name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
