using BenchmarkDotNet.Running;
using NcpPersistence.Bench;

return args.FirstOrDefault() switch
{
    "generate" when args.Length >= 3 => CorpusGenerator.Generate(args[1], int.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 42, args.Length > 4 ? int.Parse(args[4]) : 1),
    "conflicts" when args.Length >= 3 => CorpusGenerator.GenerateConflicts(args[1], int.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 1000),
    "floor" when args.Length >= 2 => FloorParse.Run(args[1]),
    "phases" => RunPhases(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int RunPhases(string[] benchmarkArgs)
{
    BenchmarkSwitcher.FromTypes(new[] { typeof(EnginePhaseBenchmarks) }).Run(benchmarkArgs);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: NcpPersistence.Bench generate DIR FILES [SEED] [FINDINGS_FACTOR] | conflicts DIR COUNT [PER_FILE] | floor DIR | phases [BenchmarkDotNet args]");
    return 2;
}
