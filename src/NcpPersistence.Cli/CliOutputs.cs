using NcpPersistence.Analysis;
using NcpPersistence.Output;

namespace NcpPersistence.Cli;

/// <summary>The CLI's artifact paths, checked with <see cref="OutputPaths"/>: each failure is one usage line (exit 2).</summary>
internal static class CliOutputs
{
    public static List<NamedPath> Collect(string baseDirectory, string? sarif, string? plan, string? planMarkdown, string? baselineToWrite)
    {
        var outputs = new List<NamedPath>();
        foreach (var (option, value) in new[] { ("--sarif", sarif), ("--plan", plan), ("--plan-markdown", planMarkdown), ("--baseline", baselineToWrite) })
        {
            if (value is { Length: > 0 })
            {
                outputs.Add(new NamedPath(option, Path.GetFullPath(value, baseDirectory)));
            }
        }

        return outputs;
    }

    /// <summary>The first output that cannot be written; for the others, the leftovers of an interrupted earlier write are removed (F11).</summary>
    public static string? WhyNotWritable(IEnumerable<NamedPath> outputs)
    {
        foreach (var output in outputs)
        {
            if (OutputPaths.WhyNotWritable(output.Path) is { } why)
            {
                return $"{output.Name}: {why}.";
            }

            TemporaryFiles.RemoveStale(OutputPaths.ReplacedFile(output.Path));
        }

        return null;
    }

    /// <summary>Two outputs on one file, or an output on a file the run read (an analysed file, the baseline, the baseline plan).</summary>
    public static string? FindClash(IReadOnlyList<NamedPath> outputs, AnalysisResult result, string baseDirectory, string? baselineRead, string? baselinePlan)
    {
        if (outputs.Count == 0)
        {
            return null;
        }

        // Only inputs that share an output's file name can be the same file: the others are not canonicalised.
        var names = new HashSet<string>(outputs.Select(o => Path.GetFileName(o.Path)), StringComparer.OrdinalIgnoreCase);
        var inputs = result.Model.Files
            .Where(f => names.Contains(Path.GetFileName(f.Path)))
            .Select(f => new NamedPath("an analysed file", f.Path))
            .ToList();
        if (baselineRead is not null)
        {
            inputs.Add(new NamedPath("--baseline", Path.GetFullPath(baselineRead, baseDirectory)));
        }

        if (baselinePlan is not null)
        {
            inputs.Add(new NamedPath("--baseline-plan", Path.GetFullPath(baselinePlan, baseDirectory)));
        }

        return OutputPaths.FindClash(outputs, inputs) is { } clash ? clash + "." : null;
    }
}
