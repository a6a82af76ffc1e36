using Microsoft.Extensions.FileSystemGlobbing;
using NcpPersistence.Analysis;

namespace NcpPersistence.Loading;

/// <summary>A path the user named that does not exist (reported, never thrown).</summary>
public sealed record MissingPath(string Path);

/// <summary>
/// Finds the files to analyse: explicit files as given, folders recursively (<c>*.yaml</c>,
/// <c>*.yml</c>, <c>ncp.ini</c> or <c>*ncp.ini</c> files, and TKGI <c>*network-profile*.json</c>), skipping <c>bin</c>, <c>obj</c>, <c>node_modules</c> and dot-folders.
/// Each real file is analysed once; symbolic links are followed only while they stay inside the
/// scanned roots, which also ends link loops. The result is in ordinal path order.
/// </summary>
public static class ManifestDiscovery
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules" };

    public static IReadOnlyList<string> Discover(AnalysisOptions options, List<MissingPath> missing)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal); // real path -> path as scanned
        var roots = new List<string>();
        var folders = new List<string>();
        var explicitFiles = new List<string>();

        foreach (var raw in options.Paths.Count == 0 ? new[] { options.BaseDirectory } : options.Paths)
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
            ScanFolder(folder, roots, visitedFolders, found, excludes, options.BaseDirectory);
        }

        var result = found.Values.ToList();
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    public static bool IsManifestName(string fileName) =>
        fileName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || fileName.EndsWith("ncp.ini", StringComparison.OrdinalIgnoreCase) // ncp.ini, prod-ncp.ini, ...
        || NetworkProfileReader.IsNetworkProfileName(fileName); // TKGI: prod-network-profile.json, ...

    private static void ScanFolder(string start, List<string> roots, HashSet<string> visited, Dictionary<string, string> found, Matcher? excludes, string baseDirectory)
    {
        // Iterative walk: deep trees cannot overflow the stack. Real paths are carried along so
        // that only symbolic links cost a link resolution.
        var pending = new Stack<(string Path, string RealPath)>();
        pending.Push((start, RealPath(start, isDirectory: true)));
        while (pending.Count > 0)
        {
            var (folder, real) = pending.Pop();
            if (!visited.Add(real) || !roots.Any(root => IsUnder(real, root)))
            {
                continue; // already scanned through another link, or a link that leaves the roots
            }

            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue; // an unreadable folder holds nothing we can analyse
            }

            foreach (var entry in entries)
            {
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
        var relative = Path.GetRelativePath(baseDirectory, fullPath).Replace('\\', '/');
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

    private static string RealPath(string path, bool isDirectory)
    {
        try
        {
            FileSystemInfo info = isDirectory ? new DirectoryInfo(path) : new FileInfo(path);
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null)
            {
                return Path.TrimEndingDirectorySeparator(target.FullName);
            }

            // A parent folder may be a link too: resolve it, then append the name.
            var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path));
            if (parent is not null && parent != path)
            {
                return Path.Combine(RealPath(parent, isDirectory: true), Path.GetFileName(Path.TrimEndingDirectorySeparator(path)));
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A link loop or a dangling link: the path itself is the best identity there is.
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
    }

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
