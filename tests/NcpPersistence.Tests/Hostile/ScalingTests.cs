using NcpPersistence.Bench;

namespace NcpPersistence.Tests.Hostile;

/// <summary>
/// Cost linear in every dimension (issue 16, item 1): each dimension of <see cref="ScalingDimensions"/> at 1x and
/// 4x in one run, best of two interleaved runs each (after a warm-up run of each), compared by the CPU time of the process (a busy machine
/// stretches wall-clock time, not that) and by managed allocations. Linear cost gives a ratio near 4 (less, with fixed
/// costs), quadratic near 16; the bound 8 is generous, and a ratio past it is measured again (up to twice) before it
/// fails, because a busy 2-core machine can slow any single run but not every run of the larger input alone.
/// Not a wall-clock limit: nothing here depends on how fast the machine is. Allocations are compared too (GC-precise,
/// immune to load). <c>bash bench/dimensions.sh</c> prints the same measurements at 1x, 2x and 4x.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ScalingTests
{
    private const double Bound = 8.0;

    private string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Hostile.NewFolder();

    [TearDown]
    public void DeleteFolder() => Hostile.DeleteFolder(folder);

    public static IEnumerable<TestCaseData> Dimensions()
    {
        foreach (var dimension in ScalingDimensions.All)
        {
            var data = new TestCaseData(dimension).SetName($"Linear_in_{dimension.Name.Replace(' ', '_').Replace('.', '_')}");
            yield return data;
        }
    }

    [TestCaseSource(nameof(Dimensions))]
    public void CostIsLinear(ScalingDimension dimension)
    {
        var n = dimension.BaseSize;
        var folders = new[] { ScalingDimensions.Prepare(dimension, folder, n), ScalingDimensions.Prepare(dimension, folder, 4 * n) };
        double timeRatio = 0, allocationRatio = 0;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var best = ScalingDimensions.BestOf(dimension, folders, rounds: 2);
            timeRatio = best[1].Cpu.TotalMilliseconds / Math.Max(1, best[0].Cpu.TotalMilliseconds);
            allocationRatio = best[1].Allocated / (double)Math.Max(1, best[0].Allocated);
            TestContext.Out.WriteLine($"[scaling] {dimension.Name}: n={n:N0}: {best[0].Cpu.TotalMilliseconds:F0} ms CPU ({best[0].Elapsed.TotalMilliseconds:F0} ms wall), 4n: {best[1].Cpu.TotalMilliseconds:F0} ms CPU ({best[1].Elapsed.TotalMilliseconds:F0} ms wall), CPU time x{timeRatio:F2}, allocated x{allocationRatio:F2} (attempt {attempt})");
            if (timeRatio < Bound && allocationRatio < Bound)
            {
                break;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(timeRatio, Is.LessThan(Bound), $"CPU time at 4x the {dimension.Name} over CPU time at 1x (linear: about 4, quadratic: 16)");
            Assert.That(allocationRatio, Is.LessThan(Bound), $"allocations at 4x the {dimension.Name} over allocations at 1x");
        });
    }
}
