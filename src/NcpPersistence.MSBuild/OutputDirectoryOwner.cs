using NcpPersistence.Loading;
using NcpPersistence.Output;

namespace NcpPersistence.MSBuild;

/// <summary>
/// Detects two projects that share one <c>NcpOutputDirectory</c> (F12): each build replaces the other's SARIF log
/// and plan, so the folder a CI job uploads holds one project's results only. The folder records the project that
/// last wrote it in <see cref="MarkerName"/>; a build of another project finds it there and warns.
/// </summary>
internal static class OutputDirectoryOwner
{
    public const string MarkerName = ".ncp-persistence-project";

    /// <summary>The other project that last wrote <paramref name="outputDirectory"/>, or null; then records <paramref name="projectFile"/> as its writer.</summary>
    public static string? ClaimAndFindOther(string outputDirectory, string projectFile)
    {
        var marker = Path.Combine(outputDirectory, MarkerName);
        string? other = null;
        try
        {
            if (FileKinds.Of(marker) == FileKind.Regular && new FileInfo(marker).Length < 64 * 1024)
            {
                var recorded = File.ReadAllText(marker).Trim();
                if (recorded.Length > 0 && !string.Equals(recorded, projectFile, StringComparison.Ordinal) && File.Exists(recorded))
                {
                    other = recorded; // a project that no longer exists (renamed, moved) is not a clash
                }
            }

            AtomicFile.WriteIfChanged(marker, projectFile + "\n");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The marker is a hint: failing to read or write it must not fail the build.
        }

        return other;
    }
}
