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
            .Where(f => f is not ("args" or "expect.txt" or "fixed-order"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();

    public bool CanReverse => ManifestFiles.Count > 1 && !File.Exists(Path.Combine(Directory, "fixed-order"));

    public static IEnumerable<FixtureCase> All() =>
        System.IO.Directory.EnumerateDirectories(Root)
            .SelectMany(rule => System.IO.Directory.EnumerateDirectories(rule))
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => new FixtureCase(d));

    /// <summary>Copies the case so that its files sort in the opposite order (prefixes), mapping names back.</summary>
    public (string Directory, Func<string, string> OriginalName) CopyReversed()
    {
        var target = Path.Combine(Path.GetTempPath(), "ncp-fixture-" + Guid.NewGuid().ToString("N"));
        var files = ManifestFiles;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            var prefixed = $"{files.Count - i:D3}-{files[i].Replace('/', '_')}";
            map[prefixed] = files[i];
            File.Copy(Path.Combine(Directory, files[i]), Path.Combine(target.EnsureDirectory(), prefixed));
        }

        foreach (var extra in new[] { "args", "expect.txt" })
        {
            if (File.Exists(Path.Combine(Directory, extra)))
            {
                File.Copy(Path.Combine(Directory, extra), Path.Combine(target, extra));
            }
        }

        return (target, name => map.TryGetValue(name, out var original) ? original : name);
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
