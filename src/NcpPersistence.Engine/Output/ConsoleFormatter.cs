using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;

namespace NcpPersistence.Output;

/// <summary>The MSBuild canonical format shared by the CLI and the build: <c>path(line,col[,endLine,endCol]): error NCP3001: message</c>.</summary>
public static class ConsoleFormatter
{
    public static string Format(Diagnostic diagnostic, string baseDirectory)
    {
        var severity = diagnostic.Severity.ToDisplayString();
        if (diagnostic.Location is not { } location)
        {
            return $"{severity} {diagnostic.Id}: {diagnostic.Message}";
        }

        var path = PathText.ForConsole(RelativePath(location.File, baseDirectory)); // no name can forge a line (F15)
        var position = location.HasExtent
            ? $"({location.StartLine},{location.StartColumn},{location.EndLine},{location.EndColumn})"
            : $"({location.StartLine},{location.StartColumn})";
        return $"{path}{position}: {severity} {diagnostic.Id}: {diagnostic.Message}";
    }

    public static string Summary(AnalysisResult result) => Summary(result, null);

    /// <param name="baselineUpdate">With <c>--update-baseline</c>: <see cref="BaselineUpdate"/>, said instead of the counts against the baseline just written (all "unchanged").</param>
    public static string Summary(AnalysisResult result, string? baselineUpdate) =>
        $"{result.ErrorCount} error(s), {result.WarningCount} warning(s), {result.NoteCount} note(s) in {result.FileCount} files"
        + (baselineUpdate is not null ? $"; baseline updated: {baselineUpdate}"
            : result.HasBaseline ? $"; baseline: {result.NewCount} new, {result.UnchangedCount} unchanged, {result.AbsentCount} absent" : "");

    /// <summary>
    /// What rewriting a baseline does (<see cref="Baseline.Compare"/> against the previous one, empty on the
    /// first run): "6 findings (6 added, 0 kept, 0 removed)".
    /// </summary>
    public static string BaselineUpdate((int Added, int Kept, int Removed) change) =>
        $"{change.Added + change.Kept} finding(s) ({change.Added} added, {change.Kept} kept, {change.Removed} removed)";

    /// <summary>Relative to <paramref name="baseDirectory"/> with forward slashes when inside it; absolute otherwise.</summary>
    public static string RelativePath(string path, string baseDirectory)
    {
        var relative = Path.GetRelativePath(baseDirectory, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return path;
        }

        return PathText.ForwardSlashes(relative); // a '\\' in a Linux name is part of the name
    }
}
