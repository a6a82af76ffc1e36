using NcpPersistence.Analysis;
using NcpPersistence.Bench;
using NcpPersistence.Output;

namespace NcpPersistence.Tests;

/// <summary>Results never depend on the number of threads: files are read in parallel but land in path order.</summary>
[TestFixture]
public sealed class DeterminismTests
{
    private string corpus = "";

    [OneTimeSetUp]
    public void GenerateCorpus()
    {
        corpus = Path.Combine(Path.GetTempPath(), "ncp-determinism-" + Guid.NewGuid().ToString("N"));
        using var quiet = new StringWriter();
        var stdout = Console.Out;
        Console.SetOut(quiet);
        try
        {
            CorpusGenerator.Generate(corpus, 400, seed: 7);
        }
        finally
        {
            Console.SetOut(stdout);
        }
    }

    [OneTimeTearDown]
    public void RemoveCorpus() => Directory.Delete(corpus, recursive: true);

    [Test]
    public void ParallelAndSequentialAnalyses_GiveIdenticalOrderedDiagnostics()
    {
        var sequential = Render(Analyze(1));
        Assert.That(sequential, Has.Count.GreaterThan(20), "the corpus must produce findings for the comparison to mean something");

        foreach (var threads in new[] { 2, 4, 16 })
        {
            Assert.That(Render(Analyze(threads)), Is.EqualTo(sequential), $"{threads} threads");
        }
    }

    [Test]
    public void RepeatedParallelAnalyses_GiveIdenticalResults()
    {
        var first = Render(Analyze(8));
        for (var i = 0; i < 3; i++)
        {
            Assert.That(Render(Analyze(8)), Is.EqualTo(first));
        }
    }

    private AnalysisResult Analyze(int threads)
    {
        var options = new AnalysisOptions { BaseDirectory = corpus, MaxDegreeOfParallelism = threads };
        options.Paths.Add(corpus);
        return Analyzer.Run(options);
    }

    private List<string> Render(AnalysisResult result) =>
        result.Diagnostics.Select(d => ConsoleFormatter.Format(d, corpus)).ToList();
}
