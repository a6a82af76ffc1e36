using System.Text.RegularExpressions;

namespace NcpPersistence.Output;

/// <summary>
/// The temporary files of <see cref="AtomicFile"/> (<c>.NAME.GUID.tmp</c> beside the artifact): created locked,
/// and the leftovers of an interrupted write (<c>kill -9</c>, a crashed build agent) removed by the next write of
/// the same artifact, so they cannot pile up in the folder a CI job uploads.
/// </summary>
/// <remarks>
/// A leftover is a temporary file of this artifact that no process holds open with its write lock (a live writer
/// keeps the lock until its file is renamed: on Unix .NET takes <c>flock</c> for <see cref="FileShare.None"/>)
/// and that is older than <see cref="MinimumAge"/>, which covers the instant between a writer's create and its
/// lock. Anything else is left alone: a concurrent writer of the same artifact is never disturbed.
/// </remarks>
public static partial class TemporaryFiles
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromSeconds(30);

    [GeneratedRegex("^\\.(?<name>.+)\\.[0-9a-f]{32}\\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TemporaryName();

    /// <summary>The name of a new temporary file for <paramref name="fullPath"/>.</summary>
    public static string NewFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Opens a new temporary file, locked against other writers and against <see cref="RemoveStale"/>.</summary>
    public static FileStream Create(string temporary) =>
        new(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024, FileOptions.None); // artifacts are streamed in small writes

    /// <summary>Removes the leftovers of interrupted writes of <paramref name="fullPath"/>; returns how many. Never throws.</summary>
    public static int RemoveStale(string fullPath)
    {
        var directory = Path.GetDirectoryName(fullPath);
        var name = Path.GetFileName(fullPath);
        if (directory is null || !Directory.Exists(directory))
        {
            return 0;
        }

        var removed = 0;
        try
        {
            foreach (var candidate in Directory.EnumerateFiles(directory, $".{name}.*.tmp"))
            {
                var match = TemporaryName().Match(Path.GetFileName(candidate));
                if (!match.Success || match.Groups["name"].Value != name
                    || DateTime.UtcNow - File.GetLastWriteTimeUtc(candidate) < MinimumAge
                    || !IsUnlocked(candidate))
                {
                    continue;
                }

                File.Delete(candidate);
                removed++;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover that cannot be removed harms nothing but space.
        }

        return removed;
    }

    private static bool IsUnlocked(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            return true;
        }
        catch (IOException)
        {
            return false; // a live writer holds it
        }
    }
}
