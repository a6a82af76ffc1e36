namespace NcpPersistence.Loading;

/// <summary>
/// Canonical paths, as <c>realpath(3)</c> gives them: every symbolic link of every component resolved, so two
/// names of one folder or file are one string. The folder walk keys its visited set and its files on these.
/// </summary>
/// <remarks>
/// <see cref="FileSystemInfo.ResolveLinkTarget"/> is not enough: it resolves a link's target against the link's
/// lexical folder, which may itself lie behind a link, so <c>x -&gt; .real/x</c> with <c>x/a/b/up -&gt; ..</c> gave
/// <c>x/a</c>, not <c>.real/x/a</c>; the walk never saw a folder twice and went round until the kernel's
/// 40-link limit (each file 40 times), or branched at every level with two such links (for ever).
/// This walks the components one by one (one <c>readlink</c> each), splicing each link's target in, at most
/// 40 links as the kernel does.
/// </remarks>
public static class RealPaths
{
    private const int MaxLinks = 40;

    /// <summary>The canonical form of <paramref name="path"/>; its plain full path when a link loops or the path is unusable.</summary>
    public static string Canonical(string path)
    {
        string full;
        try
        {
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or NotSupportedException)
        {
            return path;
        }

        try
        {
            return OperatingSystem.IsWindows() ? WindowsCanonical(full) : Resolve(full);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return full; // a loop of links or a name too long: the path itself is the best identity there is
        }
    }

    private static string Resolve(string full)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var pending = new Stack<string>();
        PushComponents(pending, full.Substring(root.Length));
        var resolved = root;
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? root;
                continue;
            }

            var candidate = Path.Join(resolved, part);
            var target = new FileInfo(candidate).LinkTarget; // null: not a link (or not there: kept as it is)
            if (target is null)
            {
                resolved = candidate;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException("too many levels of symbolic links");
            }

            PushComponents(pending, target);
            if (Path.IsPathRooted(target))
            {
                resolved = Path.GetPathRoot(target) ?? root;
            }
        }

        return resolved;
    }

    private static void PushComponents(Stack<string> pending, string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }

    /// <summary>Windows: the final target of the path or of its nearest linked parent (junctions and links are rare there).</summary>
    private static string WindowsCanonical(string full)
    {
        var info = Directory.Exists(full) ? (FileSystemInfo)new DirectoryInfo(full) : new FileInfo(full);
        if (info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            return Path.TrimEndingDirectorySeparator(target.FullName);
        }

        var parent = Path.GetDirectoryName(full);
        return parent is not null && parent != full ? Path.Join(WindowsCanonical(parent), Path.GetFileName(full)) : full;
    }
}
