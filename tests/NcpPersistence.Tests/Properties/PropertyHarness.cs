using System.Text;
using NcpPersistence.Analysis;
using NcpPersistence.Output;

namespace NcpPersistence.Tests.Properties;

/// <summary>For FsCheck.NUnit's <c>[Property(Arbitrary = ...)]</c>: the only <c>ManifestSet</c> arbitrary.</summary>
public static class ManifestArbitraries
{
    public static FsCheck.Arbitrary<ManifestSet> ManifestSet() => ManifestGenerators.ManifestSetArbitrary();
}

/// <summary>A property failed; FsCheck shows the message next to the (shrunk) case and its replay seed.</summary>
public sealed class PropertyFailedException(string message) : Exception(message);

/// <summary>What goes into one file: documents written one after the other, some wrapped in a <c>kind: List</c>.</summary>
public sealed record FileUnit(bool AsList, IReadOnlyList<YamlMap> Documents);

/// <summary>A file to write: its name (relative) and its documents.</summary>
public sealed record PlannedFile(string Name, IReadOnlyList<FileUnit> Units)
{
    public string Text() => YamlEmitter.Stream(Units.Select(u => u.AsList
        ? new YamlMap(
            ("apiVersion", YamlScalar.Str("v1")),
            ("kind", YamlScalar.Str("List")),
            ("items", new YamlSeq(u.Documents.Cast<YamlNode>().ToList())))
        : u.Documents.Single()));
}

public static class Layouts
{
    /// <summary>Every document in one multi-document file.</summary>
    public static List<PlannedFile> OneFile(IReadOnlyList<YamlMap> documents) =>
        [new PlannedFile("all.yaml", documents.Select(d => new FileUnit(false, [d])).ToList())];

    /// <summary>One file per document, named so that path order is document order.</summary>
    public static List<PlannedFile> OneFilePerDocument(IReadOnlyList<YamlMap> documents) =>
        documents.Select((d, i) => new PlannedFile($"{i:D3}-doc.yaml", [new FileUnit(false, [d])])).ToList();

    /// <summary>
    /// Consecutive documents grouped into files at random; with <paramref name="lists"/>, runs of
    /// Kubernetes objects inside a file are sometimes wrapped in a <c>kind: List</c>.
    /// Files are named so that path order is document order.
    /// </summary>
    public static List<PlannedFile> RandomGroups(IReadOnlyList<YamlMap> documents, Random random, bool lists)
    {
        var files = new List<PlannedFile>();
        var next = 0;
        while (next < documents.Count)
        {
            var take = Math.Min(documents.Count - next, 1 + random.Next(4));
            var group = documents.Skip(next).Take(take).ToList();
            next += take;

            var units = new List<FileUnit>();
            var at = 0;
            while (at < group.Count)
            {
                var run = Math.Min(group.Count - at, 1 + random.Next(3));
                if (lists && random.Next(2) == 0 && group.Skip(at).Take(run).All(IsKubernetesObject))
                {
                    units.Add(new FileUnit(true, group.Skip(at).Take(run).ToList()));
                    at += run;
                }
                else
                {
                    units.Add(new FileUnit(false, [group[at]]));
                    at++;
                }
            }

            files.Add(new PlannedFile($"{files.Count:D3}-group.yaml", units));
        }

        return files;
    }

    /// <summary>
    /// The same files under new names whose path order is a random permutation of the old one;
    /// some go into sub-folders (which sort among the files), some end in <c>.yml</c>.
    /// </summary>
    public static List<PlannedFile> PermuteNames(IReadOnlyList<PlannedFile> files, Random random)
    {
        string[] folders = ["000", "5-mid", "zz"];
        var order = YamlEmitter.Shuffled(Enumerable.Range(0, files.Count), random);
        return files.Select((f, i) =>
        {
            var folder = random.Next(4) == 0 ? folders[random.Next(folders.Length)] + "/" : "";
            var extension = random.Next(3) == 0 ? ".yml" : ".yaml";
            return f with { Name = $"{folder}{order[i]:D3}-{(char)('a' + random.Next(26))}{i}{extension}" };
        }).ToList();
    }

    /// <summary>The same files with the keys of every mapping shuffled.</summary>
    public static List<PlannedFile> ShuffleKeys(IReadOnlyList<PlannedFile> files, Random random) =>
        files.Select(f => f with
        {
            Units = f.Units.Select(u => u with { Documents = u.Documents.Select(d => (YamlMap)YamlEmitter.ShuffleKeys(d, random)).ToList() }).ToList(),
        }).ToList();

    /// <summary>What may go inside a <c>kind: List</c>: objects with apiVersion and kind, but no nested Lists.</summary>
    private static bool IsKubernetesObject(YamlMap document) =>
        document.Entries.Any(e => e.Key == "apiVersion")
        && document.Entries.Any(e => e.Key == "kind" && e.Value is YamlScalar { Text: not "List" });
}

/// <summary>Writes planned files to a fresh temp folder, analyses them and cleans up.</summary>
public sealed class Workspace : IDisposable
{
    private Workspace(IReadOnlyList<PlannedFile> files)
    {
        Files = files;
        Root = Path.Combine(Path.GetTempPath(), "ncp-properties", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        foreach (var file in files)
        {
            var path = Path.Combine(Root, file.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Text());
        }
    }

    public string Root { get; }

    public IReadOnlyList<PlannedFile> Files { get; }

    public static Workspace Write(IReadOnlyList<PlannedFile> files) => new(files);

    public AnalysisResult Analyze(int threads = 1)
    {
        var options = new AnalysisOptions { BaseDirectory = Root, MaxDegreeOfParallelism = threads };
        options.Paths.Add(Root);
        return Analyzer.Run(options);
    }

    /// <summary>Every file as written, for failure messages.</summary>
    public string Dump()
    {
        var text = new StringBuilder();
        foreach (var file in Files)
        {
            text.Append("# ---- ").Append(file.Name).Append('\n').Append(file.Text());
        }

        return text.ToString();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the temp folder is the system's to clean
        }
    }
}

public static class Findings
{
    /// <summary>Rules that a valid generated set must never trigger; seeing one means the generator (or the engine) is wrong.</summary>
    public static readonly HashSet<string> InvalidForGeneratedSets = new(StringComparer.Ordinal)
    {
        "NCP0000", "NCP1009", "NCP1010", "NCP1012", "NCP9001", "NCP9002", "NCP9003", "NCP9004", "NCP9005",
    };

    /// <summary>The multiset of (Id, SemanticKey), as a sorted list.</summary>
    public static List<string> Multiset(AnalysisResult result) =>
        result.Diagnostics.Select(d => d.Id + "  " + d.SemanticKey).Order(StringComparer.Ordinal).ToList();

    /// <summary>Everything a reader sees, in the engine's order: canonical line, then related locations.</summary>
    public static List<string> Rendered(AnalysisResult result, string root) =>
        result.Diagnostics.Select(d =>
            ConsoleFormatter.Format(d, root)
            + string.Concat(d.Related.Select(r => $"\n    related {ConsoleFormatter.RelativePath(r.Span.File, root)}({r.Span.StartLine},{r.Span.StartColumn}): {r.Label}"))
            + $"\n    [{d.SemanticKey}]")
        .ToList();

    /// <summary>Throws when the reference analysis has findings that valid sets must not have.</summary>
    public static void RequireValid(AnalysisResult result, Workspace workspace)
    {
        var invalid = result.Diagnostics.Where(d => InvalidForGeneratedSets.Contains(d.Id)).ToList();
        if (invalid.Count > 0)
        {
            throw new PropertyFailedException(
                "the generated set is not valid input:\n  " + string.Join("\n  ", invalid.Select(d => ConsoleFormatter.Format(d, workspace.Root)))
                + "\nfiles:\n" + workspace.Dump());
        }
    }

    /// <summary>Throws with both sides' differences and the files of the second side when the lists differ.</summary>
    public static void RequireEqual(string what, List<string> expected, Workspace expectedFiles, List<string> actual, Workspace actualFiles)
    {
        if (expected.SequenceEqual(actual, StringComparer.Ordinal))
        {
            return;
        }

        var message = new StringBuilder();
        message.Append(what).Append(": the findings differ\n");
        message.Append("only in the reference:\n");
        foreach (var line in MultisetMinus(expected, actual))
        {
            message.Append("  ").Append(line).Append('\n');
        }

        message.Append("only in the variant:\n");
        foreach (var line in MultisetMinus(actual, expected))
        {
            message.Append("  ").Append(line).Append('\n');
        }

        if (MultisetMinus(expected, actual).Count == 0 && MultisetMinus(actual, expected).Count == 0)
        {
            message.Append("(same elements, different order)\nreference:\n  ").Append(string.Join("\n  ", expected))
                .Append("\nvariant:\n  ").Append(string.Join("\n  ", actual)).Append('\n');
        }

        message.Append("reference files:\n").Append(expectedFiles.Dump());
        message.Append("variant files:\n").Append(actualFiles.Dump());
        throw new PropertyFailedException(message.ToString());
    }

    private static List<string> MultisetMinus(List<string> left, List<string> right)
    {
        var remaining = right.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var item in left)
        {
            if (remaining.TryGetValue(item, out var count) && count > 0)
            {
                remaining[item] = count - 1;
            }
            else
            {
                result.Add(item);
            }
        }

        return result;
    }
}
