using NcpPersistence.Loading;
using NcpPersistence.Model;

namespace NcpPersistence.Scoping;

/// <summary>What the scope builder needs to know about the run.</summary>
internal sealed record ScopeInputs(
    IReadOnlyList<LoadedFile> Files,
    IReadOnlyList<string> Roots,
    string? GivenConfigFile,
    SettingsFile? Settings,
    IReadOnlyList<SettingOverride> GlobalOverrides,
    NcpRelease? GlobalRelease,
    LoadContext Context,
    Func<string, string> DisplayPath);

/// <summary>
/// Decides which NCP configuration applies to which manifest (contract.md, "Scopes"): the given
/// configuration for everything; else the settings file's clusters, then automatic scopes for what no
/// cluster claims; else NCP's defaults for everything. Linear in files times folder depth.
/// </summary>
internal static class ScopeBuilder
{
    public const string PersistenceSection = "nsx_v3";

    /// <summary>The ConfigMap NCP's nsx-node-agent reads; it has an ncp.ini key but never configures load balancing.</summary>
    private const string NodeAgentConfigMap = "nsx-node-agent-config";

    /// <summary>Whether an ncp.ini text is an NCP configuration: a network profile, or an [nsx_v3] section (written in any letter case) and not the node agent's.</summary>
    public static bool IsNcpConfiguration(NcpConfigSource source) =>
        source.Kind == NcpConfigKind.NetworkProfile
        || (source.Ini.WrittenSections.Any(s => string.Equals(s, PersistenceSection, StringComparison.OrdinalIgnoreCase))
            && source.ConfigMap?.Name != NodeAgentConfigMap);

    public static IReadOnlyList<Scope> Build(ScopeInputs inputs)
    {
        var scopes = new List<Scope>();
        var scopeOf = new Dictionary<LoadedFile, Scope>();

        if (inputs.GivenConfigFile is { } given)
        {
            var sources = SourcesIn(inputs.Files, given);
            var configurations = Configurations(sources, null, inputs.GlobalOverrides, inputs);
            var scope = new Scope(ScopeKind.Given, configurations[0].Key, configurations[0], configurations, null);
            scopes.Add(scope);
            foreach (var file in inputs.Files)
            {
                scopeOf[file] = scope;
            }

            return Finish(scopes, scopeOf, inputs.Files);
        }

        var claimed = new HashSet<NcpConfigSource>();
        if (inputs.Settings is { Clusters.Count: > 0 } settings)
        {
            var clusterScopes = new Dictionary<ClusterSettings, Scope>();
            foreach (var cluster in settings.Clusters)
            {
                var sources = cluster.ConfigFile is null ? new List<NcpConfigSource>() : SourcesIn(inputs.Files, cluster.ConfigFile);
                claimed.UnionWith(sources);
                var overrides = cluster.Overrides.Concat(inputs.GlobalOverrides).ToList();
                var configurations = Configurations(sources, cluster, overrides, inputs);
                var scope = new Scope(ScopeKind.Cluster, cluster.Name, configurations[0], configurations, null);
                clusterScopes[cluster] = scope;
                scopes.Add(scope);
            }

            foreach (var file in inputs.Files)
            {
                if (settings.ClusterOf(file.Path) is { } cluster)
                {
                    scopeOf[file] = clusterScopes[cluster];
                }
            }
        }

        // Automatic scopes from the configurations no cluster uses, in the files no cluster claims.
        var automatic = inputs.Files
            .Where(f => !scopeOf.ContainsKey(f))
            .SelectMany(f => f.Configs)
            .Where(s => IsNcpConfiguration(s) && !claimed.Contains(s))
            .ToList();
        if (automatic.Count > 0)
        {
            var byFolder = ScopeFolders(automatic, inputs.Roots);
            var folderScopes = new Dictionary<string, Scope>(StringComparer.Ordinal);
            foreach (var (folder, sources) in byFolder.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var configurations = Configurations(sources, null, inputs.GlobalOverrides, inputs);
                var scope = new Scope(ScopeKind.Automatic, configurations[0].Key, configurations[0], configurations, folder);
                folderScopes[folder] = scope;
                scopes.Add(scope);
            }

            foreach (var file in inputs.Files)
            {
                if (!scopeOf.ContainsKey(file) && InnermostScope(file.Path, folderScopes) is { } scope)
                {
                    scopeOf[file] = scope;
                }
            }
        }

        if (scopes.Count == 0)
        {
            var defaults = new NcpConfiguration("default", null, null, inputs.GlobalOverrides, null, inputs.GlobalRelease);
            var scope = new Scope(ScopeKind.Default, defaults.Key, defaults, new[] { defaults }, null);
            scopes.Add(scope);
            foreach (var file in inputs.Files)
            {
                scopeOf[file] = scope;
            }
        }

        return Finish(scopes, scopeOf, inputs.Files);
    }

    /// <summary>Fills each scope's members: its own files, then the files of no scope (checked under every configuration).</summary>
    private static IReadOnlyList<Scope> Finish(List<Scope> scopes, Dictionary<LoadedFile, Scope> scopeOf, IReadOnlyList<LoadedFile> files)
    {
        var unscoped = files.Where(f => !scopeOf.ContainsKey(f)).ToList();
        foreach (var scope in scopes)
        {
            var own = files.Where(f => scopeOf.TryGetValue(f, out var s) && ReferenceEquals(s, scope)).ToList();
            scope.OwnFiles = own;
            var members = unscoped.Count == 0 ? own : own.Concat(unscoped).OrderBy(f => f.FileIndex).ToList();
            scope.Members = members;
            scope.Services = members.SelectMany(f => f.Services).ToList();
            scope.Ingresses = members.SelectMany(f => f.Ingresses).ToList();
            scope.Routes = members.SelectMany(f => f.Routes).ToList();
            scope.LoadBalancers = members.SelectMany(f => f.LoadBalancers).ToList();
        }

        return scopes;
    }

    /// <summary>The NCP configurations of one file (a --config file or a cluster's config), the persistence ones first.</summary>
    private static List<NcpConfigSource> SourcesIn(IReadOnlyList<LoadedFile> files, string fullPath)
    {
        var sources = files.Where(f => string.Equals(Path.GetFullPath(f.Path), fullPath, StringComparison.Ordinal)).SelectMany(f => f.Configs).ToList();
        var persistence = sources.Where(IsNcpConfiguration).ToList();
        return persistence.Count > 0 ? persistence : sources.Take(1).ToList();
    }

    private static List<NcpConfiguration> Configurations(IReadOnlyList<NcpConfigSource> sources, ClusterSettings? cluster, IReadOnlyList<SettingOverride> overrides, ScopeInputs inputs)
    {
        // A cluster's own ncpVersion wins over the global option.
        var release = cluster?.Version is { } version
            ? new NcpRelease(version, $"ncpVersion of cluster {cluster.Name}")
            : inputs.GlobalRelease;
        if (sources.Count == 0)
        {
            return new List<NcpConfiguration> { new(cluster?.Name ?? "default", cluster?.Name, null, overrides, null, release) };
        }

        return sources
            .Select(source => new NcpConfiguration(
                cluster?.Name ?? ConfigurationKey(source, sources.Count > 1, inputs.Context),
                cluster?.Name,
                source,
                overrides,
                sources.Count > 1 && source.ConfigMap is { } configMap
                    ? $"{inputs.DisplayPath(source.File)} (ConfigMap {configMap.Id.QualifiedName})"
                    : inputs.DisplayPath(source.File),
                release))
            .ToList();
    }

    private static string ConfigurationKey(NcpConfigSource source, bool severalInFile, LoadContext context)
    {
        var path = context.RepositoryRelative(source.File);
        return severalInFile || source.ConfigMap is not null ? $"{path}#{source.Owner.QualifiedName}" : path;
    }

    /// <summary>
    /// Each configuration starts at its folder and climbs while the parent folder (never above its scanned
    /// root) holds no other configuration outside the subtree it came from; configurations that reach the
    /// same folder share one scope. Counting configurations per subtree keeps this linear.
    /// </summary>
    private static Dictionary<string, List<NcpConfigSource>> ScopeFolders(IReadOnlyList<NcpConfigSource> sources, IReadOnlyList<string> roots)
    {
        var inSubtree = new Dictionary<string, int>(StringComparer.Ordinal);
        var rootOf = new Dictionary<NcpConfigSource, string>();
        foreach (var source in sources)
        {
            var folder = FolderOf(source.File);
            var root = RootOf(folder, roots);
            rootOf[source] = root;
            foreach (var ancestor in SelfAndAncestors(folder, root))
            {
                inSubtree[ancestor] = inSubtree.TryGetValue(ancestor, out var count) ? count + 1 : 1;
            }
        }

        var result = new Dictionary<string, List<NcpConfigSource>>(StringComparer.Ordinal);
        foreach (var source in sources.OrderBy(s => s.File, StringComparer.Ordinal))
        {
            var root = rootOf[source];
            var scopeFolder = FolderOf(source.File);
            while (scopeFolder != root && Path.GetDirectoryName(scopeFolder) is { } parent && inSubtree.TryGetValue(parent, out var parentCount) && parentCount == inSubtree[scopeFolder])
            {
                scopeFolder = parent;
            }

            if (!result.TryGetValue(scopeFolder, out var list))
            {
                result[scopeFolder] = list = new List<NcpConfigSource>();
            }

            list.Add(source);
        }

        return result;
    }

    private static Scope? InnermostScope(string file, Dictionary<string, Scope> folderScopes)
    {
        for (var folder = Path.GetDirectoryName(Path.GetFullPath(file)); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (folderScopes.TryGetValue(folder, out var scope))
            {
                return scope;
            }
        }

        return null;
    }

    private static string FolderOf(string file) => Path.GetDirectoryName(Path.GetFullPath(file)) ?? Path.GetFullPath(file);

    /// <summary>The deepest scanned root that contains <paramref name="folder"/>, else the folder itself.</summary>
    private static string RootOf(string folder, IReadOnlyList<string> roots)
    {
        string? best = null;
        foreach (var root in roots)
        {
            if ((folder == root || folder.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                && (best is null || root.Length > best.Length))
            {
                best = root;
            }
        }

        return best ?? folder;
    }

    private static IEnumerable<string> SelfAndAncestors(string folder, string root)
    {
        for (var current = folder; current is not null; current = Path.GetDirectoryName(current))
        {
            yield return current;
            if (current == root)
            {
                yield break;
            }
        }
    }
}
