using Microsoft.Extensions.FileSystemGlobbing;
using NcpPersistence.Analysis;

namespace NcpPersistence.Loading;

/// <summary>
/// A path the user named that does not exist, or (with a <paramref name="Reason"/>) a folder the walk could
/// not scan: unreadable, or past the walk's limit. Reported as NCP9002, never thrown, never silent.
/// </summary>
public sealed record MissingPath(string Path, string? Reason = null);

/// <summary>
/// Finds the files to analyse: explicit files as given, folders recursively (<c>*.yaml</c>,
/// <c>*.yml</c>, <c>ncp.ini</c> or <c>*ncp.ini</c> files, and TKGI <c>*network-profile*.json</c>), skipping <c>bin</c>, <c>obj</c>, <c>node_modules</c>, <c>testdata</c> and dot-folders.
/// Each real file is analysed once and each real folder scanned once (canonical paths, <see cref="RealPaths"/>);
/// symbolic links are followed only while they stay inside the scanned roots; the walk stops after
/// <see cref="MaxFolders"/> folders. A folder that cannot be read, or where the walk stopped, is a
/// <see cref="MissingPath"/> with its reason (NCP9002). The result is in ordinal path order.
/// </summary>
public static class ManifestDiscovery
{
    // testdata: by the Go convention (the go tool and golangci-lint skip it too), test inputs and golden files,
    // such as one object's healthy and degraded states side by side, never a deployment. Named as a PATH, it is analysed.
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules", "testdata" };

    /// <summary>The most folders one analysis scans (all roots together); settable for tests.</summary>
    public static int MaxFolders { get; internal set; } = 100_000;

    /// <summary>Test seam: runs before each folder is listed, so the tests can make a folder unreadable even as root.</summary>
    internal static Action<string>? EnumerationFaultInjection { get; set; }

    public static IReadOnlyList<string> Discover(AnalysisOptions options, List<MissingPath> missing)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal); // real path -> path as scanned
        var roots = new List<string>();
        var folders = new List<string>();
        var explicitFiles = new List<string>();

        foreach (var raw in options.Paths.Count == 0 && !options.ReadsStandardInput ? new[] { options.BaseDirectory } : options.Paths)
        {
            var path = Path.GetFullPath(raw, options.BaseDirectory);
            if (File.Exists(path))
            {
                explicitFiles.Add(path);
            }
            else if (Directory.Exists(path))
            {
                folders.Add(path);
                roots.Add(RealPath(path, isDirectory: true));
            }
            else if (ContainsGlob(raw))
            {
                explicitFiles.AddRange(ExpandGlob(raw, options.BaseDirectory));
            }
            else
            {
                missing.Add(new MissingPath(raw));
            }
        }

        var excludes = BuildExcludeMatcher(options);
        foreach (var file in explicitFiles)
        {
            AddFound(found, RealPath(file, isDirectory: false), file);
        }

        var visitedFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (!ScanFolder(folder, roots, visitedFolders, found, excludes, options.BaseDirectory, missing))
            {
                break; // the folder limit: reported once, where the walk stopped
            }
        }

        var result = found.Values.ToList();
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public static bool IsManifestName(string fileName) =>
        fileName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith("ncp.ini", StringComparison.OrdinalIgnoreCase) // ncp.ini, prod-ncp.ini, ...
        || fileName == "Kustomization" // a kustomization file may have no extension
        || NetworkProfileReader.IsNetworkProfileName(fileName); // TKGI: prod-network-profile.json, ...

    /// <summary>Scans one root; false when the walk reached <see cref="MaxFolders"/> and stopped.</summary>
    private static bool ScanFolder(string start, List<string> roots, HashSet<string> visited, Dictionary<string, string> found, Matcher? excludes, string baseDirectory, List<MissingPath> missing)
    {
        // Iterative walk: deep trees cannot overflow the stack. Real paths are carried along so
        // that only symbolic links cost a link resolution.
        var pending = new Stack<(string Path, string RealPath)>();
        pending.Push((start, RealPath(start, isDirectory: true)));
        while (pending.Count > 0)
        {
            var (folder, real) = pending.Pop();
            if (visited.Contains(real) || !roots.Any(root => IsUnder(real, root)))
            {
                continue; // already scanned through another link, or a link that leaves the roots
            }

            if (visited.Count >= MaxFolders)
            {
                missing.Add(new MissingPath(folder, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the folder walk stopped here, at its limit of {MaxFolders:N0} folders, so this folder and those not scanned yet were not analysed (name fewer or narrower folders, or exclude some)")));
                return false;
            }

            visited.Add(real);
            List<FileSystemInfo> entries;
            try
            {
                EnumerationFaultInjection?.Invoke(folder);
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Never silent: the manifests in it, and their errors, would vanish from the results.
                var why = exception is UnauthorizedAccessException ? "permission denied" : exception.Message;
                missing.Add(new MissingPath(folder, $"the folder cannot be read ({why}), so the manifests in it were not analysed"));
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.FullName.Length == 0)
                {
                    // .NET gives an entry past PATH_MAX an empty name (and the old walk skipped it silently).
                    var tooLong = Path.Join(folder, entry.Name);
                    missing.Add(new MissingPath(tooLong, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"the path is {System.Text.Encoding.UTF8.GetByteCount(tooLong):N0} bytes long, more than the operating system can open, so what it holds was not analysed")));
                    continue;
                }

                var isLink = (entry.Attributes & FileAttributes.ReparsePoint) != 0;
                var realEntry = isLink ? RealPath(entry.FullName, entry is DirectoryInfo) : Path.Combine(real, entry.Name);
                if (entry is DirectoryInfo directory)
                {
                    if (directory.Name.StartsWith(".", StringComparison.Ordinal) || SkippedFolders.Contains(directory.Name))
                    {
                        continue;
                    }

                    if (excludes is not null && IsExcluded(excludes, directory.FullName, baseDirectory))
                    {
                        continue;
                    }

                    pending.Push((directory.FullName, realEntry));
                }
                else if (IsManifestName(entry.Name))
                {
                    if (excludes is not null && IsExcluded(excludes, entry.FullName, baseDirectory))
                    {
                        continue;
                    }

                    if (isLink && !roots.Any(root => IsUnder(realEntry, root)))
                    {
                        continue; // a link out of the scanned roots is not followed
                    }

                    AddFound(found, realEntry, entry.FullName);
                }
            }
        }

        return true;
    }

    /// <summary>
    /// One name per real file: the real path itself when it was met, else the ordinal-first link, so
    /// that the reported name does not depend on the order in which the file system lists entries.
    /// </summary>
    private static void AddFound(Dictionary<string, string> found, string real, string path)
    {
        if (!found.TryGetValue(real, out var existing)
            || (existing != real && (path == real || string.CompareOrdinal(path, existing) < 0)))
        {
            found[real] = path;
        }
    }

    private static bool IsExcluded(Matcher excludes, string fullPath, string baseDirectory)
    {
        var relative = NcpPersistence.Output.PathText.ForwardSlashes(Path.GetRelativePath(baseDirectory, fullPath));
        return excludes.Match(relative).HasMatches;
    }

    private static Matcher? BuildExcludeMatcher(AnalysisOptions options)
    {
        if (options.Excludes.Count == 0)
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var glob in options.Excludes)
        {
            var pattern = glob.Trim().Replace('\\', '/');
            if (pattern.Length == 0)
            {
                continue;
            }

            matcher.AddInclude(pattern);
            if (!pattern.EndsWith("/**", StringComparison.Ordinal))
            {
                matcher.AddInclude(pattern.TrimEnd('/') + "/**"); // a folder pattern excludes what is inside
            }
        }

        return matcher;
    }

    private static bool ContainsGlob(string path) => path.IndexOfAny(new[] { '*', '?' }) >= 0;

    private static IEnumerable<string> ExpandGlob(string glob, string baseDirectory)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        var full = Path.GetFullPath(glob.Replace('\\', '/'), baseDirectory).Replace('\\', '/');
        var firstWildcard = full.IndexOfAny(new[] { '*', '?' });
        var root = full.Substring(0, full.LastIndexOf('/', firstWildcard) + 1);
        matcher.AddInclude(full.Substring(root.Length));
        return Directory.Exists(root)
            ? matcher.GetResultsInFullPath(root).Where(p => File.Exists(p))
            : Enumerable.Empty<string>();
    }

    private static string RealPath(string path, bool isDirectory) => RealPaths.Canonical(path);

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
