using BenchmarkDotNet.Running;
using NcpPersistence.Bench;

return args.FirstOrDefault() switch
{
    "generate" when args.Length >= 3 => CorpusGenerator.Generate(args[1], int.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 42, args.Length > 4 ? int.Parse(args[4]) : 1),
    "conflicts" when args.Length >= 3 => CorpusGenerator.GenerateConflicts(args[1], int.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 1000),
    "floor" when args.Length >= 2 => FloorParse.Run(args[1]),
    "phases" => RunPhases(args.Skip(1).ToArray()),
    "dimensions" => RunDimensions(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int RunPhases(string[] benchmarkArgs)
{
    BenchmarkSwitcher.FromTypes(new[] { typeof(EnginePhaseBenchmarks) }).Run(benchmarkArgs);
    return 0;
}

// Doubles every dimension of ScalingDimensions (1x, 2x, 4x of its base size times SCALE) and prints the ratios:
// linear cost doubles with the input (2x/1x near 2, 4x/1x near 4); quadratic cost quadruples (4 and 16).
static int RunDimensions(string[] options)
{
    var scale = options.Length > 0 ? int.Parse(options[0], System.Globalization.CultureInfo.InvariantCulture) : 1;
    var rounds = options.Length > 1 ? int.Parse(options[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
    var filter = options.Length > 2 ? options[2] : "";
    var scratch = Path.Combine(Path.GetTempPath(), "ncp-dimensions-" + Environment.ProcessId);
    Console.WriteLine("Times: CPU time of the process, best of the rounds (wall-clock 4x/1x in the last column but one).");
    Console.WriteLine($"| dimension | n at 1x | 1x | 2x | 4x | 2x/1x | 4x/1x | wall 4x/1x | allocated 4x/1x |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    try
    {
        foreach (var dimension in ScalingDimensions.All.Where(d => d.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)))
        {
            var n = dimension.BaseSize * scale;
            var folders = new[] { n, 2 * n, 4 * n }.Select(size => ScalingDimensions.Prepare(dimension, scratch, size)).ToList();
            var best = ScalingDimensions.BestOf(dimension, folders, rounds);
            string Ms(ScalingSample s) => $"{s.Cpu.TotalMilliseconds:F0} ms";
            double Ratio(int i) => best[i].Cpu.TotalMilliseconds / Math.Max(0.001, best[0].Cpu.TotalMilliseconds);
            var wall = best[2].Elapsed.TotalMilliseconds / Math.Max(0.001, best[0].Elapsed.TotalMilliseconds);
            Console.WriteLine($"| {dimension.Name} | {n:N0} | {Ms(best[0])} | {Ms(best[1])} | {Ms(best[2])} | {Ratio(1):F2} | {Ratio(2):F2} | {wall:F2} | {best[2].Allocated / (double)Math.Max(1, best[0].Allocated):F2} |");
            foreach (var folder in folders)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
    finally
    {
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: NcpPersistence.Bench generate DIR FILES [SEED] [FINDINGS_FACTOR] | conflicts DIR COUNT [PER_FILE] | floor DIR | phases [BenchmarkDotNet args] | dimensions [SCALE=1] [ROUNDS=3] [NAME-FILTER]");
    return 2;
}
