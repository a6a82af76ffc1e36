namespace NcpPersistence.Loading.Kustomize;

/// <summary>
/// One top-level kustomization to build: every file the build reads (they are analysed through the build
/// only), and for each resource file, the kustomizations whose patches and transformers apply to its
/// objects, innermost first (positions are mapped back through them).
/// </summary>
public sealed class KustomizeBuildPlan
{
    internal KustomizeBuildPlan(Kustomization root)
    {
        Root = root;
    }

    public Kustomization Root { get; }

    /// <summary>Every file the build reads: kustomization files, resources, patches, generator and transformer inputs.</summary>
    public SortedSet<string> Inputs { get; } = new(StringComparer.Ordinal);

    /// <summary>The resource files whose objects come out of the build.</summary>
    public SortedSet<string> ResourceFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Resource file -> the kustomizations it passes through, innermost first.</summary>
    public Dictionary<string, List<KustomizeLevel>> Levels { get; } = new(StringComparer.Ordinal);

    /// <summary>Every kustomization of the build by its file (for generated objects, whose origin names the kustomization).</summary>
    public Dictionary<string, KustomizeLevel> LevelOfKustomization { get; } = new(StringComparer.Ordinal);

    /// <summary>Remote resources or components: never fetched, the build is not run.</summary>
    public List<(Kustomization Kustomization, KustomizeReference Reference)> RemoteReferences { get; } = new();

    /// <summary>
    /// Generator inputs (<c>files</c>, <c>envs</c>) that do not exist: typically secrets a deployment creates and git
    /// ignores. The build runs with an empty stand-in for each, so the rest of what it deploys is still analysed.
    /// </summary>
    public SortedSet<string> MissingGeneratorInputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Inputs that are not regular files (a FIFO, a device): kustomize would block on them until the timeout.</summary>
    public List<(string Path, string Kind)> SpecialInputs { get; } = new();

    /// <summary>Looks at what each input is, once the inputs are known (a stat each).</summary>
    internal void FindSpecialInputs()
    {
        foreach (var input in Inputs)
        {
            var kind = FileKinds.Of(input, followLinks: true);
            if (FileKinds.IsSpecial(kind))
            {
                SpecialInputs.Add((input, FileKinds.Describe(kind)));
            }
        }
    }

    /// <summary>A kustomization of the build that cannot be read, with why.</summary>
    public List<(Kustomization Kustomization, string Problem)> Problems { get; } = new();
}

/// <summary>
/// One kustomization an object passes through on its way out of a build, with the components it applies
/// (their patches act at this level) and the levels above it.
/// </summary>
public sealed record KustomizeLevel(Kustomization Kustomization, IReadOnlyList<Kustomization> Components, IReadOnlyList<KustomizeLevel> Outer)
{
    /// <summary>This level and the ones above it, innermost first.</summary>
    public IEnumerable<KustomizeLevel> AndOuter()
    {
        yield return this;
        foreach (var level in Outer)
        {
            yield return level;
        }
    }
}

/// <summary>
/// The kustomizations among the analysed files (contract.md, "Kustomize"): which ones are built (those no
/// other scanned kustomization includes), which files each build reads, and which files are patches
/// (never objects). Reads only kustomization files; builds nothing.
/// </summary>
public sealed class KustomizeWorkspace
{
    private readonly Dictionary<string, Kustomization> byFolder = new(StringComparer.Ordinal);

    private KustomizeWorkspace()
    {
    }

    public static KustomizeWorkspace Empty { get; } = new();

    /// <summary>The builds, in path order of their kustomization.</summary>
    public IReadOnlyList<KustomizeBuildPlan> Builds { get; private set; } = Array.Empty<KustomizeBuildPlan>();

    /// <summary>Every file named as a patch by any kustomization: never analysed as an object.</summary>
    public IReadOnlySet<string> PatchFiles { get; private set; } = new HashSet<string>();

    public bool IsEmpty => Builds.Count == 0;

    /// <summary>
    /// Folders whose files are deployed through a kustomization (<c>kubectl apply -k</c>), never together with
    /// <c>kubectl apply -f folder/</c>: those that hold a kustomization, and those that hold a file a kustomization
    /// names as a patch (kubebuilder's <c>config/crd/patches</c>). A file there that no build includes (a
    /// commented-out patch, the other of two alternative bundles) is applied by nobody together with its
    /// neighbours, so it is a unit of its own, not one folder unit with them.
    /// </summary>
    public IReadOnlySet<string> FoldersDeployedThroughKustomize { get; private set; } = new HashSet<string>();

    /// <summary>Finds the kustomizations among <paramref name="discovered"/> (full paths) and plans their builds.</summary>
    public static KustomizeWorkspace Plan(IEnumerable<string> discovered)
    {
        var workspace = new KustomizeWorkspace();
        var scanned = discovered
            .Where(p => Kustomization.IsKustomizationFileName(Path.GetFileName(p)))
            .Select(Path.GetFullPath)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        if (scanned.Count == 0)
        {
            return workspace;
        }

        var scannedFolders = scanned.Select(p => Path.GetDirectoryName(p)!).ToHashSet(StringComparer.Ordinal);
        var included = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in scannedFolders)
        {
            var kustomization = workspace.Load(folder);
            foreach (var reference in kustomization!.Resources.Concat(kustomization.Components))
            {
                if (reference.FullPath is { } target && Directory.Exists(target))
                {
                    included.Add(Path.TrimEndingDirectorySeparator(target));
                }
            }
        }

        var builds = new List<KustomizeBuildPlan>();
        foreach (var folder in scannedFolders.OrderBy(f => f, StringComparer.Ordinal))
        {
            var root = workspace.byFolder[folder];
            if (included.Contains(folder) || root.IsComponent)
            {
                continue; // built as part of the kustomizations that include it
            }

            var plan = new KustomizeBuildPlan(root);
            workspace.Collect(plan, root, Array.Empty<KustomizeLevel>(), new HashSet<string>(StringComparer.Ordinal));
            plan.FindSpecialInputs();
            builds.Add(plan);
        }

        // Kustomizations that include each other in a cycle are all "included", so none is top-level: build the
        // first of each such group anyway, so that kustomize reports the cycle (NCP9006) instead of silence.
        var reached = builds.SelectMany(b => b.LevelOfKustomization.Keys).Select(k => Path.GetDirectoryName(k)!).ToHashSet(StringComparer.Ordinal);
        foreach (var folder in scannedFolders.OrderBy(f => f, StringComparer.Ordinal))
        {
            var root = workspace.byFolder[folder];
            if (reached.Contains(folder) || root.IsComponent)
            {
                continue;
            }

            var plan = new KustomizeBuildPlan(root);
            workspace.Collect(plan, root, Array.Empty<KustomizeLevel>(), new HashSet<string>(StringComparer.Ordinal));
            plan.FindSpecialInputs();
            builds.Add(plan);
            reached.UnionWith(plan.LevelOfKustomization.Keys.Select(k => Path.GetDirectoryName(k)!));
        }

        // Patches of every kustomization read while planning (the scanned ones and those outside the scanned folders).
        var patches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kustomization in workspace.byFolder.Values)
        {
            foreach (var patch in kustomization.Patches)
            {
                if (patch.File is { } file)
                {
                    patches.Add(file);
                }
            }
        }

        workspace.Builds = builds;
        workspace.PatchFiles = patches;
        workspace.FoldersDeployedThroughKustomize = workspace.byFolder.Keys
            .Concat(patches.Select(p => Path.GetDirectoryName(p)!))
            .ToHashSet(StringComparer.Ordinal);
        return workspace;
    }

    private Kustomization? Load(string folder)
    {
        folder = Path.TrimEndingDirectorySeparator(folder);
        if (byFolder.TryGetValue(folder, out var known))
        {
            return known;
        }

        if (Kustomization.FileIn(folder) is not { } file)
        {
            return null;
        }

        var kustomization = Kustomization.Read(file);
        byFolder[folder] = kustomization;
        return kustomization;
    }

    /// <summary>Walks a kustomization and what it includes; <paramref name="outer"/> are the levels above it, innermost first.</summary>
    private void Collect(KustomizeBuildPlan plan, Kustomization kustomization, IReadOnlyList<KustomizeLevel> outer, HashSet<string> visiting)
    {
        if (!visiting.Add(kustomization.Folder) || visiting.Count > 64)
        {
            return; // a cycle (kustomize refuses it) or absurd depth
        }

        plan.Inputs.Add(kustomization.Path);
        if (kustomization.Problem is { } problem)
        {
            plan.Problems.Add((kustomization, problem));
        }

        var components = new List<Kustomization>();
        foreach (var component in kustomization.Components)
        {
            if (component.IsRemote)
            {
                plan.RemoteReferences.Add((kustomization, component));
            }
            else if (component.FullPath is { } folder && Load(folder) is { } loaded)
            {
                components.Add(loaded);
            }
        }

        var level = new KustomizeLevel(kustomization, components, outer);
        plan.LevelOfKustomization.TryAdd(kustomization.Path, level);
        var inner = level.AndOuter().ToList();
        foreach (var component in components)
        {
            // A component's patches act at the level of the kustomization that lists it; its resources enter there too.
            Collect(plan, component, inner, visiting);
        }

        foreach (var reference in kustomization.Resources)
        {
            if (reference.IsRemote)
            {
                plan.RemoteReferences.Add((kustomization, reference));
                continue;
            }

            var target = reference.FullPath!;
            if (Directory.Exists(target))
            {
                if (Load(target) is { } child)
                {
                    Collect(plan, child, inner, visiting);
                }
            }
            else if (File.Exists(target))
            {
                plan.Inputs.Add(target);
                plan.ResourceFiles.Add(target);
                plan.Levels.TryAdd(target, inner);
            }
        }

        foreach (var patch in kustomization.Patches)
        {
            if (patch.File is { } file && File.Exists(file))
            {
                plan.Inputs.Add(file);
            }
        }

        // A generator's file, a transformer or a configuration can be a URL too ("files: [https://...]"): kustomize
        // would fetch it, so it fails fast like a remote resource.
        foreach (var remote in kustomization.OtherFiles.Where(f => f.IsRemote))
        {
            plan.RemoteReferences.Add((kustomization, remote));
        }

        foreach (var input in kustomization.GeneratorInputs)
        {
            if (input.FullPath is { } missing && !File.Exists(missing) && !Directory.Exists(missing))
            {
                plan.MissingGeneratorInputs.Add(missing);
            }
        }

        foreach (var other in kustomization.OtherFiles)
        {
            if (other.FullPath is { } file)
            {
                if (File.Exists(file))
                {
                    plan.Inputs.Add(file);
                }
                else if (Directory.Exists(file))
                {
                    foreach (var inside in Directory.EnumerateFiles(file, "*", SearchOption.AllDirectories).Take(1000))
                    {
                        plan.Inputs.Add(Path.GetFullPath(inside));
                    }
                }
            }
        }

        visiting.Remove(kustomization.Folder);
    }
}
