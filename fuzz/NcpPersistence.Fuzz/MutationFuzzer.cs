using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using NcpPersistence.Analysis;

namespace NcpPersistence.Fuzz;

/// <summary>
/// Mutates the repository's own manifests (rule fixtures and examples) with byte-level and YAML-aware
/// mutations, analyses each result in-process, and records every input that makes the analyzer fail
/// (an NCP0000, an exception escaping the engine) or take longer than the per-input time limit.
/// Deterministic for a given seed: a finding is replayed with the same --seed and its execution number.
/// </summary>
public static class MutationFuzzer
{
    private static readonly string[] Tokens =
    {
        "[", "]", "{", "}", ": ", "- ", "? ", "&a ", "*a", "<<: *a\n", "!!binary ", "!!str ", "!custom ", "\t", "\n---\n", "\n...\n",
        "{{ .Values.x }}", "|", "|-", "|+", "|2", ">-", "'", "\"", "\\", "#", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n",
        "# ncp-persistence-disable-next-line NCP3001 --", "# ncp-persistence-disable-line NCP2004", "\0", "\uFEFF", "\u0085", "\u2028",
        "kind: Service\n", "kind: Ingress\n", "kind: List\nitems:\n- ", "apiVersion: v1\n", "type: LoadBalancer\n",
        "sessionAffinity: ClientIP\n", "timeoutSeconds: 99999999999999999999\n", "serviceName: x\n", "service:\n  name: x\n",
        "ncp.ini: |\n    [nsx_v3]\n    l7_persistence = cookie\n    l4_persistence = source_ip\n", "[nsx_v3]\n", "l7_persistence = <None>\n",
        "cookie_name = ;\n", "l7_persistance = cookie\n", " continuation\n", "ignore-check.ncp-persistence.io/NCP3001: \"\"\n",
        "\uD800", "\uDC00", "é", "\r\n", "\r",
    };

    public static int Run(string[] args)
    {
        var seconds = IntArg(args, "--seconds", 60);
        var seed = IntArg(args, "--seed", 1);
        var timeLimit = TimeSpan.FromSeconds(IntArg(args, "--input-time-limit", 5));
        var root = FindRepositoryRoot();
        var seeds = LoadSeeds(root);
        var findings = Path.Combine(root, "fuzz", "findings");
        var work = Path.Combine(Path.GetTempPath(), $"ncp-fuzz-{seed}-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        Console.WriteLine($"fuzzing for {seconds} s, seed {seed}, {seeds.Count} seed files; current input in {work}");

        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        long executions = 0;
        var found = 0;
        var slowest = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            executions++;
            foreach (var stale in Directory.EnumerateFiles(work))
            {
                File.Delete(stale);
            }

            var fileCount = random.Next(10) == 0 ? 2 + random.Next(2) : 1;
            var inputs = new List<(string Name, byte[] Bytes)>();
            for (var f = 0; f < fileCount; f++)
            {
                var bytes = Mutate(seeds[random.Next(seeds.Count)], seeds, random);
                var name = random.Next(12) == 0 ? $"f{f}-ncp.ini" : $"f{f}.yaml";
                File.WriteAllBytes(Path.Combine(work, name), bytes);
                inputs.Add((name, bytes));
            }

            var outcome = Analyse(work, timeLimit, out var elapsed);
            slowest = elapsed > slowest ? elapsed : slowest;
            if (outcome is not null)
            {
                found++;
                Save(findings, outcome, inputs, seed, executions);
            }
        }

        Directory.Delete(work, recursive: true);
        var rate = executions / Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        Console.WriteLine($"done: {executions} executions in {clock.Elapsed.TotalSeconds:F0} s ({rate:F0}/s), slowest input {slowest.TotalMilliseconds:F0} ms, {found} finding(s)");
        return found == 0 ? 0 : 1;
    }

    private static string? Analyse(string folder, TimeSpan limit, out TimeSpan elapsed)
    {
        var options = new AnalysisOptions { BaseDirectory = folder, MaxDegreeOfParallelism = 1 };
        options.Paths.Add(folder);
        var watch = Stopwatch.StartNew();
        var task = Task.Run(() => Analyzer.Run(options));
        var finished = task.Wait(limit + limit);
        elapsed = watch.Elapsed;
        if (!finished)
        {
            Console.WriteLine("hang: the analysis did not end; the input is left in " + folder);
            Environment.Exit(3); // a hung engine thread cannot be stopped; the input stays on disk
        }

        if (task.Exception is { } exception)
        {
            return "exception: " + exception.InnerException;
        }

        if (elapsed > limit)
        {
            return $"slow: {elapsed.TotalMilliseconds:F0} ms";
        }

        var failure = task.Result.Diagnostics.FirstOrDefault(d => d.Id == "NCP0000");
        return failure is null ? null : "NCP0000: " + failure.Message + "\n" + failure.Details;
    }

    private static byte[] Mutate(byte[] original, IReadOnlyList<byte[]> seeds, Random random)
    {
        var data = new List<byte>(original);
        var rounds = 1 + random.Next(8);
        for (var r = 0; r < rounds; r++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(7))
            {
                case 0 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when data.Count > 0:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                    break;
                case 3 when data.Count > 0:
                    var length = Math.Min(data.Count - at, 1 + random.Next(64));
                    data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 4:
                case 5:
                    data.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                default:
                    var other = seeds[random.Next(seeds.Count)];
                    var from = other.Length == 0 ? 0 : random.Next(other.Length);
                    data.InsertRange(at, other.Skip(from).Take(1 + random.Next(200)));
                    break;
            }
        }

        return data.ToArray();
    }

    private static void Save(string folder, string outcome, List<(string Name, byte[] Bytes)> inputs, int seed, long execution)
    {
        var hash = Convert.ToHexString(SHA256.HashData(inputs.SelectMany(i => i.Bytes).ToArray()), 0, 6).ToLowerInvariant();
        var target = Path.Combine(folder, hash);
        Directory.CreateDirectory(target);
        foreach (var (name, bytes) in inputs)
        {
            File.WriteAllBytes(Path.Combine(target, name), bytes);
        }

        File.WriteAllText(Path.Combine(target, "outcome.txt"), $"seed {seed}, execution {execution}\n{outcome}\n");
        Console.WriteLine($"finding {hash}: {outcome.Split('\n')[0]}");
    }

    private static List<byte[]> LoadSeeds(string root) =>
        new[] { Path.Combine(root, "tests", "NcpPersistence.Tests", "Fixtures"), Path.Combine(root, "examples") }
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".ini", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .Where(b => b.Length < 64 * 1024)
            .ToList();

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "NcpPersistence.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
