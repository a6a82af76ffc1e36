using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NcpPersistence.Analysis;
using NcpPersistence.Loading;
using YamlDotNet.Core;

namespace NcpPersistence.Bench;

/// <summary>
/// The engine's phases side by side with the floor, over one generated corpus, in one run (ratios are
/// what count on a noisy machine). In-process, so it runs on whatever runtime the machine has.
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class EnginePhaseBenchmarks
{
    private string corpus = "";
    private IReadOnlyList<string> files = Array.Empty<string>();

    [Params(500)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        corpus = Path.Combine(Path.GetTempPath(), $"ncp-bench-corpus-{Files}");
        if (!Directory.Exists(corpus))
        {
            CorpusGenerator.Generate(corpus, Files, 42);
        }

        files = ManifestDiscovery.Discover(Options(1), new List<MissingPath>());
    }

    [Benchmark(Baseline = true, Description = "floor: YamlDotNet events, 1 thread")]
    public long Floor()
    {
        long events = 0;
        foreach (var file in files)
        {
            var parser = new Parser(new StringReader(File.ReadAllText(file)));
            while (parser.MoveNext())
            {
                events++;
            }
        }

        return events;
    }

    [Benchmark(Description = "discovery")]
    public int Discovery() => ManifestDiscovery.Discover(Options(1), new List<MissingPath>()).Count;

    [Benchmark(Description = "load (decode + parse + model), 1 thread")]
    public int LoadSequential() => Analyzer.LoadAll(files, Options(1), new LoadContext("default", 16L * 1024 * 1024, corpus)).Count;

    [Benchmark(Description = "whole analysis, 1 thread")]
    public int AnalyzeSequential() => Analyzer.Run(Options(1)).Diagnostics.Count;

    [Benchmark(Description = "whole analysis, all cores")]
    public int AnalyzeParallel() => Analyzer.Run(Options(Environment.ProcessorCount)).Diagnostics.Count;

    private AnalysisOptions Options(int parallelism)
    {
        var options = new AnalysisOptions { BaseDirectory = corpus, MaxDegreeOfParallelism = parallelism };
        options.Paths.Add(corpus);
        return options;
    }

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
