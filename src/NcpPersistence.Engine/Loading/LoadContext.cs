using System.Collections.Concurrent;

namespace NcpPersistence.Loading;

/// <summary>The few settings loading needs (not the whole analysis options: loading knows nothing of NCP or rules).</summary>
public sealed class LoadContext
{
    public LoadContext(string defaultNamespace, long maxFileSize, string repositoryRoot)
    {
        DefaultNamespace = defaultNamespace;
        MaxFileSize = maxFileSize;
        RepositoryRoot = Path.GetFullPath(repositoryRoot);
    }

    /// <summary>Namespace of namespaced objects that name none.</summary>
    public string DefaultNamespace { get; }

    /// <summary>Files larger than this are not read.</summary>
    public long MaxFileSize { get; }

    /// <summary>The repository root: identities of files (a standalone <c>ncp.ini</c>) are paths relative to it.</summary>
    public string RepositoryRoot { get; }

    /// <summary>
    /// One instance of each kind, API group and namespace the model keeps: every object's identity holds them, and
    /// 150,000 objects would otherwise keep 450,000 copies of a few dozen strings (read from the YAML one by one).
    /// Per analysis, not process-wide (<see cref="string.Intern"/>), so a long-lived MSBuild node keeps none of it.
    /// </summary>
    public string Share(string value) => value.Length == 0 ? "" : shared.GetOrAdd(value, value);

    private readonly ConcurrentDictionary<string, string> shared = new(StringComparer.Ordinal);

    /// <summary><paramref name="path"/> relative to the repository root with forward slashes; the full path when outside it.</summary>
    public string RepositoryRelative(string path)
    {
        var relative = Path.GetRelativePath(RepositoryRoot, Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? Path.GetFullPath(path).Replace('\\', '/')
            : relative.Replace('\\', '/');
    }
}
