namespace NcpPersistence.Plan;

/// <summary>
/// What a change does to NSX compared with the base branch's plan. Objects are matched by their
/// stable keys (profile id, virtual server id, conflict ingress+service+field path, skipped
/// Ingress), never by line numbers, so moving YAML around is not a change.
/// </summary>
/// <param name="Status"><c>compared</c>, or <c>unavailable</c> when the baseline plan could not be read (then <paramref name="Message"/> says why and the lists are empty).</param>
public sealed record PlanDelta(
    string Status,
    string? Message,
    IReadOnlyList<PlanFieldChange> ConfigChanges,
    IReadOnlyList<PlanProfile> ProfilesAdded,
    IReadOnlyList<PlanProfile> ProfilesRemoved,
    IReadOnlyList<PlanObjectChange> ProfilesChanged,
    IReadOnlyList<PlanVirtualServer> VirtualServersAdded,
    IReadOnlyList<PlanVirtualServer> VirtualServersRemoved,
    IReadOnlyList<PlanObjectChange> VirtualServersChanged,
    IReadOnlyList<PlanConflict> ConflictsAdded,
    IReadOnlyList<PlanConflict> ConflictsResolved,
    IReadOnlyList<PlanSkippedIngress> SkippedAdded,
    IReadOnlyList<PlanSkippedIngress> SkippedRemoved)
{
    public const string Compared = "compared";
    public const string Unavailable = "unavailable";

    public bool IsAvailable => Status == Compared;

    public bool IsEmpty =>
        ConfigChanges.Count == 0 && ProfilesAdded.Count == 0 && ProfilesRemoved.Count == 0 && ProfilesChanged.Count == 0
        && VirtualServersAdded.Count == 0 && VirtualServersRemoved.Count == 0 && VirtualServersChanged.Count == 0
        && ConflictsAdded.Count == 0 && ConflictsResolved.Count == 0 && SkippedAdded.Count == 0 && SkippedRemoved.Count == 0;

    public static PlanDelta UnavailableBecause(string message) => new(
        Unavailable, message, Array.Empty<PlanFieldChange>(), Array.Empty<PlanProfile>(), Array.Empty<PlanProfile>(), Array.Empty<PlanObjectChange>(),
        Array.Empty<PlanVirtualServer>(), Array.Empty<PlanVirtualServer>(), Array.Empty<PlanObjectChange>(),
        Array.Empty<PlanConflict>(), Array.Empty<PlanConflict>(), Array.Empty<PlanSkippedIngress>(), Array.Empty<PlanSkippedIngress>());

    /// <summary>
    /// Compares two plans; <paramref name="baseline"/> is the base branch's. Clusters are matched by key;
    /// with several clusters on either side, every id is prefixed with its cluster (<c>prod: l7-cookie</c>),
    /// so what a change does is said per cluster. Two one-cluster plans compare directly, whatever their keys.
    /// </summary>
    public static PlanDelta Compute(NsxProfilePlan current, NsxProfilePlan baseline)
    {
        var single = current.Clusters.Count == 1 && baseline.Clusters.Count == 1;
        var delta = Compute(Flatten(current, single), Flatten(baseline, single));
        if (single)
        {
            return delta;
        }

        var changes = new List<PlanFieldChange>();
        foreach (var after in current.Clusters)
        {
            if (baseline.Clusters.FirstOrDefault(c => c.Key == after.Key) is { } before)
            {
                changes.AddRange(SettingChanges(before.NcpConfig, after.NcpConfig).Select(c => c with { Cluster = after.Label }));
            }
        }

        return delta with { ConfigChanges = changes };
    }

    private static List<PlanFieldChange> SettingChanges(PlanNcpConfig baseline, PlanNcpConfig current)
    {
        var configChanges = new List<PlanFieldChange>();
        void Setting(string field, PlanSetting before, PlanSetting after)
        {
            if (!string.Equals(before.Effective, after.Effective, StringComparison.Ordinal))
            {
                configChanges.Add(new PlanFieldChange(field, before.Effective, after.Effective));
            }
        }

        Setting("l4Persistence", baseline.L4Persistence, current.L4Persistence);
        Setting("l7Persistence", baseline.L7Persistence, current.L7Persistence);
        Setting("cookieName", baseline.CookieName, current.CookieName);
        Setting("l7PersistenceTimeout", baseline.L7PersistenceTimeout, current.L7PersistenceTimeout);
        foreach (var ((field, before), (_, after)) in baseline.Gates().Zip(current.Gates()))
        {
            // Plans before 2.1 do not have these settings: nothing to compare.
            if (before is not null && after is not null)
            {
                Setting(field, before, after);
            }
        }

        return configChanges;
    }

    /// <summary>All clusters as one, ids prefixed with the cluster unless <paramref name="single"/>.</summary>
    private static PlanCluster Flatten(NsxProfilePlan plan, bool single)
    {
        if (single)
        {
            return plan.Clusters[0];
        }

        var empty = new PlanSetting("", null, null, PlanOrigin.Default);
        var clusters = plan.Clusters;
        return new PlanCluster(
            "all",
            null,
            null,
            null,
            new PlanNcpConfig(empty, empty, empty, empty),
            clusters.SelectMany(c => c.Profiles.Select(p => p with { Cluster = c.Label })).ToList(),
            clusters.SelectMany(c => c.VirtualServers.Select(v => v with { Cluster = c.Label })).ToList(),
            clusters.SelectMany(c => c.Ingresses).ToList(),
            clusters.SelectMany(c => c.Conflicts.Select(x => x with { Cluster = c.Label })).ToList(),
            clusters.SelectMany(c => c.Skipped.Select(x => x with { Cluster = c.Label })).ToList());
    }

    private static PlanDelta Compute(PlanCluster current, PlanCluster baseline)
    {
        var configChanges = SettingChanges(baseline.NcpConfig, current.NcpConfig);

        var (profilesAdded, profilesRemoved, profilePairs) = Match(current.Profiles, baseline.Profiles, p => p.Cluster + "|" + p.Id);
        var profilesChanged = new List<PlanObjectChange>();
        foreach (var (before, after) in profilePairs)
        {
            var fields = new List<PlanFieldChange>();
            Field(fields, "timeoutSeconds", Num(before.TimeoutSeconds), Num(after.TimeoutSeconds));
            Field(fields, "shared", before.Shared ? "true" : "false", after.Shared ? "true" : "false");
            Field(fields, "cookieName", before.CookieName, after.CookieName);
            var (bound, unbound) = SetDiff(after.BoundObjects, before.BoundObjects);
            if (fields.Count > 0 || bound.Count > 0 || unbound.Count > 0)
            {
                profilesChanged.Add(new PlanObjectChange(after.Id, fields, bound, unbound) { Cluster = after.Cluster });
            }
        }

        var (serversAdded, serversRemoved, serverPairs) = Match(current.VirtualServers, baseline.VirtualServers, v => v.Cluster + "|" + v.Id);
        var serversChanged = new List<PlanObjectChange>();
        foreach (var (before, after) in serverPairs)
        {
            var fields = new List<PlanFieldChange>();
            Field(fields, "profile", before.Profile, after.Profile);
            var (hosted, unhosted) = SetDiff(after.HostedObjects, before.HostedObjects);
            if (fields.Count > 0 || hosted.Count > 0 || unhosted.Count > 0)
            {
                serversChanged.Add(new PlanObjectChange(after.Id, fields, hosted, unhosted) { Cluster = after.Cluster });
            }
        }

        var (conflictsAdded, conflictsResolved, _) = Match(current.Conflicts, baseline.Conflicts, c => c.Key);
        var (skippedAdded, skippedRemoved, _) = Match(current.Skipped, baseline.Skipped, s => s.Cluster + "|" + (s.Kind == "Ingress" ? "" : s.Kind + ":") + s.Ingress);
        return new PlanDelta(Compared, null, configChanges, profilesAdded, profilesRemoved, profilesChanged,
            serversAdded, serversRemoved, serversChanged, conflictsAdded, conflictsResolved, skippedAdded, skippedRemoved);
    }

    private static string Num(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static void Field(List<PlanFieldChange> fields, string name, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            fields.Add(new PlanFieldChange(name, before, after));
        }
    }

    /// <summary>Added and removed items (in the order of the plan they come from) and the pairs present in both.</summary>
    private static (List<T> Added, List<T> Removed, List<(T Before, T After)> Both) Match<T>(IReadOnlyList<T> current, IReadOnlyList<T> baseline, Func<T, string> key)
    {
        var before = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in baseline)
        {
            before.TryAdd(key(item), item);
        }

        var after = new HashSet<string>(current.Select(key), StringComparer.Ordinal);
        var added = new List<T>();
        var both = new List<(T, T)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in current)
        {
            if (!seen.Add(key(item)))
            {
                continue;
            }

            if (before.TryGetValue(key(item), out var old))
            {
                both.Add((old, item));
            }
            else
            {
                added.Add(item);
            }
        }

        var removedKeys = new HashSet<string>(StringComparer.Ordinal);
        var removed = baseline.Where(item => !after.Contains(key(item)) && removedKeys.Add(key(item))).ToList();
        return (added, removed, both);
    }

    private static (List<string> Added, List<string> Removed) SetDiff(IReadOnlyList<string> current, IReadOnlyList<string> baseline)
    {
        var added = current.Except(baseline, StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var removed = baseline.Except(current, StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToList();
        return (added, removed);
    }
}

/// <summary>A field whose value differs; values are rendered as strings (null when absent).</summary>
public sealed record PlanFieldChange(string Field, string? Before, string? After)
{
    /// <summary>In a delta between plans of several clusters: the cluster whose configuration changed; null elsewhere.</summary>
    public string? Cluster { get; init; }
}

/// <summary>A profile or virtual server present in both plans that changed: its fields, and the objects bound to it (Services or Ingresses) that came or went.</summary>
public sealed record PlanObjectChange(string Id, IReadOnlyList<PlanFieldChange> Changes, IReadOnlyList<string> BoundAdded, IReadOnlyList<string> BoundRemoved)
{
    /// <summary>In a delta between plans of several clusters: the cluster the object belongs to; null elsewhere.</summary>
    public string? Cluster { get; init; }
}
