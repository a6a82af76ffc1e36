using NcpPersistence.Model;

namespace NcpPersistence.Scoping;

/// <summary>
/// Finds the Service an Ingress backend names (contract.md, "Deployment units"): in the Ingress's own
/// unit first (its last definition there, as applying the unit leaves it); else, among the scope's
/// units that define it, those whose folder shares the longest prefix with the Ingress's folder. When
/// several remain, each is checked; identical copies count once.
/// </summary>
internal sealed class BackendResolver
{
    private readonly Dictionary<(string? Namespace, string Name), List<ServiceManifest>> byName = new();

    public BackendResolver(IReadOnlyList<ServiceManifest> services)
    {
        foreach (var service in services)
        {
            var key = (service.Namespace, service.Name);
            if (!byName.TryGetValue(key, out var list))
            {
                byName[key] = list = new List<ServiceManifest>();
            }

            list.Add(service);
        }
    }

    public IReadOnlyList<ServiceManifest> Resolve(IngressManifest ingress, string serviceName)
    {
        if (!byName.TryGetValue((ingress.Namespace, serviceName), out var candidates))
        {
            return Array.Empty<ServiceManifest>();
        }

        var sameUnit = candidates.LastOrDefault(s => ReferenceEquals(s.Unit, ingress.Unit));
        if (sameUnit is not null)
        {
            return new[] { sameUnit };
        }

        // The last definition in each other unit, then the units nearest to the Ingress's folder.
        var perUnit = candidates.GroupBy(s => s.Unit, ReferenceEqualityComparer.Instance).Select(g => g.Last()).ToList();
        var folder = Segments(ingress.Unit.Folder);
        var best = perUnit.Max(s => CommonPrefix(folder, Segments(s.Unit.Folder)));
        return perUnit
            .Where(s => CommonPrefix(folder, Segments(s.Unit.Folder)) == best)
            .GroupBy(s => s.ContentHash)
            .Select(g => g.First())
            .OrderBy(s => s.DocumentIndex)
            .ToList();
    }

    private static string[] Segments(string folder) => folder.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);

    private static int CommonPrefix(string[] a, string[] b)
    {
        var count = 0;
        while (count < a.Length && count < b.Length && a[count] == b[count])
        {
            count++;
        }

        return count;
    }
}
