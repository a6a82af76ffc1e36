namespace NcpPersistence.Tests.Harness;

/// <summary>
/// A fixture case: a folder analysed as one run. Optional files: <c>args</c> (extra command-line
/// arguments, one line), <c>expect.txt</c> (expectations that cannot be inline comments),
/// <c>fixed-order</c> (expectations depend on path order, so the reversed run is skipped).
/// </summary>
public sealed class FixtureCase
{
    public static readonly string Root = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Rules");

    public FixtureCase(string directory)
    {
        Directory = directory;
        Name = Path.GetRelativePath(Root, directory).Replace('\\', '/');
    }

    public string Directory { get; }
    public string Name { get; }

    public string[] Arguments =>
        File.Exists(Path.Combine(Directory, "args"))
            ? File.ReadAllText(Path.Combine(Directory, "args")).Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries)
            : Array.Empty<string>();

    public IReadOnlyList<string> ManifestFiles =>
        System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'))
            .Where(f => f is not ("args" or "expect.txt" or "fixed-order" or "env"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    public bool CanReverse => ManifestFiles.Count > 1 && !File.Exists(Path.Combine(Directory, "fixed-order"));

    /// <summary>Environment variables for the run (<c>env</c>: <c>NAME=value</c> lines), e.g. an empty PATH to find no kustomize.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        File.Exists(Path.Combine(Directory, "env"))
            ? File.ReadAllLines(Path.Combine(Directory, "env")).Where(l => l.Contains('=')).ToDictionary(l => l.Substring(0, l.IndexOf('=')), l => l.Substring(l.IndexOf('=') + 1))
            : new Dictionary<string, string>();

    /// <summary>Whether the case holds a kustomization, so it needs a kustomize or kubectl binary (unless its env removes them on purpose).</summary>
    public bool NeedsKustomize =>
        ManifestFiles.Any(f => Path.GetFileName(f) is "kustomization.yaml" or "kustomization.yml" or "Kustomization") && !Environment.ContainsKey("PATH");

    public static IEnumerable<FixtureCase> All() =>
        System.IO.Directory.EnumerateDirectories(Root)
            .SelectMany(rule => System.IO.Directory.EnumerateDirectories(rule))
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => new FixtureCase(d));

    /// <summary>Names that mean something to the analyzer or the harness: never renamed.</summary>
    private static readonly HashSet<string> KeptNames = new(StringComparer.Ordinal)
    {
        "args", "expect.txt", "fixed-order", "kustomization.yaml", "kustomization.yml", "Kustomization", "Chart.yaml", "values.yaml", ".ncp-persistence.yaml",
    };

    /// <summary>
    /// Copies the case so that, in every folder, its files sort in the opposite order (a reversed prefix per
    /// file), keeping the folder structure; maps names back. Files named by args, a settings file or a
    /// kustomization keep their names, so references still hold.
    /// </summary>
    public (string Directory, Func<string, string> OriginalName) CopyReversed()
    {
        var target = Path.Combine(Path.GetTempPath(), "ncp-fixture-" + Guid.NewGuid().ToString("N"));
        var files = ManifestFiles;
        var references = string.Concat(System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "args" or ".ncp-persistence.yaml" or "kustomization.yaml" or "kustomization.yml" or "Kustomization")
            .Select(File.ReadAllText));
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in files.GroupBy(f => Path.GetDirectoryName(f)!.Replace('\\', '/')))
        {
            var renamable = folder.Where(f => !KeptNames.Contains(Path.GetFileName(f)) && !references.Contains(Path.GetFileName(f), StringComparison.Ordinal)).ToList();
            for (var i = 0; i < renamable.Count; i++)
            {
                var name = $"{renamable.Count - i:D3}-{Path.GetFileName(renamable[i])}";
                map[folder.Key.Length == 0 ? name : folder.Key + "/" + name] = renamable[i];
            }
        }

        var renamed = map.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        foreach (var file in files.Concat(new[] { "args", "expect.txt", "env" }.Where(f => File.Exists(Path.Combine(Directory, f)))))
        {
            var destination = Path.Combine(target, renamed.TryGetValue(file, out var newName) ? newName : file);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(Directory, file), destination);
        }

        return (target, name => map.TryGetValue(name, out var original) ? original : name);
    }

    /// <summary>A message as it would read in the original case: renamed file names replaced by the original ones.</summary>
    public static string RestoreNames(string message, Func<string, string> originalName, IEnumerable<string> renamedFiles)
    {
        foreach (var renamed in renamedFiles.OrderByDescending(r => r.Length))
        {
            var original = originalName(renamed);
            if (original != renamed)
            {
                message = message.Replace(renamed, original, StringComparison.Ordinal).Replace(Path.GetFileName(renamed), Path.GetFileName(original), StringComparison.Ordinal);
            }
        }

        return message;
    }
}

internal static class PathExtensions
{
    public static string EnsureDirectory(this string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }
}
