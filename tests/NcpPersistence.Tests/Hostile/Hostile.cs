using System.Diagnostics;
using System.Text;
using NcpPersistence.Tests.Harness;

namespace NcpPersistence.Tests.Hostile;

/// <summary>
/// Shared plumbing for the hostile-input suite: a scratch folder per test, the CLI run in-process
/// with a stopwatch and memory figures, and the CLI run as a child process for inputs that could
/// kill the process (a stack overflow cannot be caught, so it must not happen inside the test host).
/// </summary>
/// <remarks>
/// What is measured, in-process, around <see cref="CliRun.Run"/>:
/// <list type="bullet">
/// <item><c>Elapsed</c>: wall-clock time of the analysis (Stopwatch).</item>
/// <item><c>Allocated</c>: <see cref="GC.GetTotalAllocatedBytes(bool)"/> (precise) after minus before: every managed
/// byte the run allocated, on all threads (the suite is not parallel). An alias expansion or a quadratic copy shows
/// up here even when the GC frees it at once, so this is the figure the tests bound, relative to the input size.</item>
/// <item><c>PeakWorkingSet</c>: the test host's peak working set after the run (<see cref="Process.PeakWorkingSet64"/>,
/// VmHWM on Linux). It never goes down, so it is an upper bound for the whole test run so far; it is bounded
/// loosely, as the "did not blow memory" check, and printed.</item>
/// </list>
/// </remarks>
internal static class Hostile
{
    public const long MiB = 1024 * 1024;

    /// <summary>Generous: the point is that the analysis ends by itself, not a benchmark.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(15);

    /// <summary>The test host's peak working set may not pass this (the machine has 24 GiB; a blow-up passes it fast).</summary>
    public const long PeakWorkingSetLimit = 2048 * MiB;

    /// <summary>What a trivial CLI run allocates (startup, rule catalog, output), allowed on top of the per-byte factor.</summary>
    public const long BaseAllocation = 64 * MiB;

    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ncp-hostile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Deletes the scratch folder; links are removed, never followed (the tests make link loops).</summary>
    public static void DeleteFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        Directory.Delete(folder, recursive: true);
    }

    public static Measured Run(string workingDirectory, params string[] args)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var run = CliRun.Run(workingDirectory, args);
        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        using var process = Process.GetCurrentProcess();
        var measured = new Measured(run, stopwatch.Elapsed, allocated, process.PeakWorkingSet64);
        TestContext.Out.WriteLine($"[hostile] {TestContext.CurrentContext.Test.Name}: {measured}");
        return measured;
    }

    /// <summary>Runs <c>dotnet ncp-persistence.dll</c> in a child process, killed after <paramref name="timeout"/>.</summary>
    public static ChildRun RunChild(string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "ncp-persistence.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"the CLI did not end within {timeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        var child = new ChildRun(process.ExitCode, stdout.Result, stderr.Result, stopwatch.Elapsed);
        TestContext.Out.WriteLine($"[hostile] {TestContext.CurrentContext.Test.Name} (child process): exit {child.ExitCode} in {child.Elapsed.TotalMilliseconds:0} ms");
        return child;
    }

    /// <summary>What every hostile case must satisfy: it ended in time, within memory, with diagnostics and no stack trace.</summary>
    public static void AssertWellBehaved(Measured measured, long inputBytes, double allocationPerInputByte)
    {
        var run = measured.Run;
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0).Or.EqualTo(1), run.ToString());
            Assert.That(run.Diagnostics.Select(d => d.Id), Has.None.EqualTo("NCP0000"), run.ToString());
            Assert.That(run.Stdout + run.Stderr, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace");
            Assert.That(measured.Elapsed, Is.LessThan(TimeLimit), "the analysis ends by itself, quickly");
            Assert.That(measured.Allocated, Is.LessThan(BaseAllocation + (long)(allocationPerInputByte * inputBytes)), "allocation is linear in the input");
            Assert.That(measured.PeakWorkingSet, Is.LessThan(PeakWorkingSetLimit), "the process did not blow memory");
        });
    }

    public static void AssertChildWellBehaved(ChildRun child)
    {
        Assert.Multiple(() =>
        {
            Assert.That(child.Stderr, Does.Not.Contain("Stack overflow").And.Not.Contain("Unhandled exception"), child.ToString());
            Assert.That(child.ExitCode, Is.EqualTo(0).Or.EqualTo(1), child.ToString());
            Assert.That(child.Elapsed, Is.LessThan(TimeLimit));
        });
    }
}

internal sealed record Measured(CliRun Run, TimeSpan Elapsed, long Allocated, long PeakWorkingSet)
{
    public override string ToString() =>
        $"exit {Run.ExitCode}, {Elapsed.TotalMilliseconds:0} ms, allocated {Allocated / (double)Hostile.MiB:0.0} MiB, host peak working set {PeakWorkingSet / (double)Hostile.MiB:0} MiB";
}

internal sealed record ChildRun(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
}
