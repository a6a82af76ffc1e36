using NcpPersistence.Model;

namespace NcpPersistence.Scoping;

/// <summary>
/// Finds the object a reference names in the referrer's namespace (contract.md, "Deployment units"): the
/// Service of an Ingress or Route backend, the LoadBalancer of an <c>nsx/loadbalancer</c> annotation. In the
/// referrer's own unit first (its last definition there, as applying the unit leaves it); else, among the
/// scope's units that define it, those whose folder shares the longest prefix with the referrer's folder.
/// When several remain, each is checked; identical copies count once.
/// </summary>
internal sealed class ObjectResolver<T>
    where T : KubeObject
{
    private readonly Dictionary<(string? Namespace, string Name), List<T>> byName = new();

    public ObjectResolver(IReadOnlyList<T> services)
    {
        foreach (var service in services)
        {
            var key = (service.Namespace, service.Name);
            if (!byName.TryGetValue(key, out var list))
            {
                byName[key] = list = new List<T>();
            }

            list.Add(service);
        }
    }

    public IReadOnlyList<T> Resolve(KubeObject ingress, string serviceName)
    {
        if (!byName.TryGetValue((ingress.Namespace, serviceName), out var candidates))
        {
            return Array.Empty<T>();
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
