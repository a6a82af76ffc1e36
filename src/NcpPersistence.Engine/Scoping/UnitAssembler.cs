using NcpPersistence.Loading;
using NcpPersistence.Model;

namespace NcpPersistence.Scoping;

/// <summary>
/// Puts every object into its deployment unit: a file named explicitly is a unit of its own; the files
/// found by scanning a folder form one unit per folder (not its sub-folders), as <c>kubectl apply -f folder/</c>
/// applies them together, unless the folder is deployed through a kustomization (then each file that no build
/// includes is a unit of its own; see <see cref="Loading.Kustomize.KustomizeWorkspace.FoldersDeployedThroughKustomize"/>).
/// </summary>
internal static class UnitAssembler
{
    public static IReadOnlyList<Unit> Assemble(IReadOnlyList<LoadedFile> files, IReadOnlySet<string>? foldersDeployedThroughKustomize = null)
    {
        var byRoot = new Dictionary<(UnitKind, string), List<KubeObject>>();
        var order = new List<(UnitKind Kind, string Root)>();
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file.Path);
            var folder = Path.GetDirectoryName(full) ?? full;
            var key = file.Build is { } build ? (UnitKind.KustomizeBuild, build.Root.Folder)
                : file.IsExplicit || foldersDeployedThroughKustomize?.Contains(folder) == true ? (UnitKind.File, full)
                : (UnitKind.Folder, folder);
            if (!byRoot.TryGetValue(key, out var objects))
            {
                byRoot[key] = objects = new List<KubeObject>();
                order.Add(key);
            }

            objects.AddRange(file.Objects);
        }

        var units = new List<Unit>();
        foreach (var key in order.OrderBy(k => k.Root, StringComparer.Ordinal).ThenBy(k => k.Kind))
        {
            var unit = new Unit(key.Kind, key.Root, byRoot[key]);
            foreach (var item in unit.Objects)
            {
                item.Unit = unit;
            }

            units.Add(unit);
        }

        return units;
    }
}
