namespace NcpPersistence.Loading;

/// <summary>A Helm chart: a folder with <c>Chart.yaml</c>. Its <c>templates/</c> are Go templates, not manifests.</summary>
public sealed record HelmChart(string ChartFile, string Folder, int TemplateFiles);

/// <summary>
/// Finds the Helm charts among the discovered files and leaves their templates out of the analysis:
/// every file under a chart's <c>templates/</c> folder (sub-charts are charts of their own). Works on the
/// discovered list, so it needs nothing from the folder walk.
/// </summary>
public static class HelmCharts
{
    public const string ChartFileName = "Chart.yaml";

    public static IReadOnlyList<HelmChart> Separate(List<string> paths)
    {
        var chartFolders = paths
            .Where(p => string.Equals(Path.GetFileName(p), ChartFileName, StringComparison.Ordinal))
            .Select(p => Path.GetDirectoryName(Path.GetFullPath(p))!)
            .ToHashSet(StringComparer.Ordinal);
        if (chartFolders.Count == 0)
        {
            return Array.Empty<HelmChart>();
        }

        var templates = new Dictionary<string, int>(StringComparer.Ordinal);
        paths.RemoveAll(path =>
        {
            if (ChartOfTemplate(Path.GetFullPath(path), chartFolders) is not { } chart)
            {
                return false;
            }

            templates[chart] = templates.TryGetValue(chart, out var count) ? count + 1 : 1;
            return true;
        });

        return chartFolders
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(folder => new HelmChart(Path.Combine(folder, ChartFileName), folder, templates.TryGetValue(folder, out var count) ? count : 0))
            .ToList();
    }

    /// <summary>The chart whose <c>templates/</c> folder holds <paramref name="path"/> (the nearest chart above it).</summary>
    private static string? ChartOfTemplate(string path, HashSet<string> chartFolders)
    {
        var child = path;
        for (var folder = Path.GetDirectoryName(path); folder is not null; child = folder, folder = Path.GetDirectoryName(folder))
        {
            if (chartFolders.Contains(folder))
            {
                return Path.GetFileName(child) == "templates" && child != path ? folder : null;
            }
        }

        return null;
    }
}
