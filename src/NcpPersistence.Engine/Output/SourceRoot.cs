namespace NcpPersistence.Output;

/// <summary>Finds the repository root that SARIF paths are relative to (GitHub code scanning wants repository-relative URIs).</summary>
public static class SourceRoot
{
    /// <summary>The nearest folder at or above <paramref name="directory"/> holding <c>.git</c> (a folder, or a file in a worktree); else <paramref name="directory"/> itself.</summary>
    public static string Find(string directory) => TryFind(directory) ?? Path.GetFullPath(directory);

    /// <summary>The nearest folder at or above <paramref name="directory"/> holding <c>.git</c>; null when there is none.</summary>
    public static string? TryFind(string directory)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(directory)); current is not null; current = current.Parent)
        {
            var git = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return current.FullName;
            }
        }

        return null;
    }
}
