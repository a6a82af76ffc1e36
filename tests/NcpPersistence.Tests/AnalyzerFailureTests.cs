using NcpPersistence.Analysis;
using NcpPersistence.Loading;
using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests;

/// <summary>NCP0000: a failure inside the engine is a diagnostic for that file, and the other files are still analysed.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AnalyzerFailureTests
{
    [TearDown]
    public void RemoveFault() => ManifestLoader.FaultInjection = null;

    [Test]
    public void ExceptionWhileLoadingOneFile_BecomesNcp0000_AndOtherFilesAreAnalysed()
    {
        var folder = Path.Combine(FixtureCase.Root, "NCP3001", "separate-files");
        ManifestLoader.FaultInjection = path =>
        {
            if (path.EndsWith("services.yaml", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("injected failure");
            }
        };

        var run = CliRun.Run(folder, ".", "--verbose");

        Assert.That(run.ExitCode, Is.EqualTo(3), "an analyzer failure is not a finding: CI must tell them apart");
        var failure = run.Diagnostics.Single(d => d.Id == "NCP0000");
        Assert.That(failure.File, Is.EqualTo("services.yaml"));
        Assert.That(failure.Line, Is.EqualTo(1));
        Assert.That(failure.Message, Does.Contain("injected failure"));
        Assert.That(run.Stdout, Does.Contain("at NcpPersistence"), "--verbose prints the stack trace");
        // The Ingress file was still analysed: its backends are now unresolved (once per Ingress and Service).
        Assert.That(run.Diagnostics.Count(d => d.Id == "NCP3002"), Is.EqualTo(2));
    }

    [Test]
    public void WithoutVerbose_NoStackTraceIsPrinted()
    {
        var folder = Path.Combine(FixtureCase.Root, "NCP3001", "separate-files");
        ManifestLoader.FaultInjection = _ => throw new InvalidOperationException("injected failure");

        var run = CliRun.Run(folder, ".");

        Assert.That(run.ExitCode, Is.EqualTo(3));
        Assert.That(run.Stdout + run.Stderr, Does.Not.Contain("   at "));
        Assert.That(run.Diagnostics.Where(d => d.Id == "NCP0000"), Has.Exactly(3).Items);
    }
}
