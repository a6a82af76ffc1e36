using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

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

    /// <summary>
    /// What the analysis saw (for <c>--verbose</c>): the deployment units by kind, how the Kustomize builds went,
    /// and each scope with its configuration, so a user can tell why two files were or were not compared. Units
    /// left without objects (a base folder whose files are analysed only through a build) are not counted.
    /// </summary>
    public static string Structure(AnalysisResult result)
    {
        var model = result.Model;
        var units = string.Join(", ", model.Units.Where(u => u.Objects.Count > 0).GroupBy(u => u.Kind).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key switch { UnitKind.File => "file", UnitKind.Folder => "folder", _ => "Kustomize build" }}{(g.Count() == 1 ? "" : "s")}"));
        var kustomize = model.Kustomize;
        var builds = kustomize.Workspace.Builds.Count;
        var kustomizeText = builds == 0
            ? "no kustomization"
            : kustomize.Unavailable is not null
                ? $"{builds} kustomization(s) not built ({kustomize.Unavailable})"
                : $"{builds} kustomization(s) built with {kustomize.Command ?? "kustomize"}, {kustomize.Failures.Count} failed"
                    + string.Concat(kustomize.WithStandIns.Select(b => $", {model.Display(b.Plan.Root.Folder)} with empty stand-ins for its missing generator input(s) {string.Join(", ", b.StandIns.Select(model.Display))}"));
        var scopes = string.Join("; ", model.Scopes.Select(s => $"{s.Describe()}: {s.Members.Count} file(s)"));
        return $"units: {(units.Length == 0 ? "none" : units)}; {kustomizeText}; scopes: {(scopes.Length == 0 ? "none" : scopes)}";
    }

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
