using NcpPersistence.Diagnostics;
using NcpPersistence.Loading;
using NcpPersistence.Loading.Kustomize;

namespace NcpPersistence.Analysis;

/// <summary>A build that failed (NCP9006), at its kustomization or at the remote reference that stopped it.</summary>
public sealed record KustomizeFailure(KustomizeBuildPlan Plan, string Message, SourceSpan Location);

/// <summary>What the Kustomize stage did: the builds, the ones that failed, and why nothing was built when no binary was found.</summary>
public sealed class KustomizeOutcome
{
    public static KustomizeOutcome None { get; } = new(KustomizeWorkspace.Empty, Array.Empty<KustomizeFailure>(), Array.Empty<KustomizeBuildResult>(), null, null);

    internal KustomizeOutcome(KustomizeWorkspace workspace, IReadOnlyList<KustomizeFailure> failures, IReadOnlyList<KustomizeBuildResult> withStandIns, string? unavailable, string? command)
    {
        Workspace = workspace;
        Failures = failures;
        WithStandIns = withStandIns;
        Unavailable = unavailable;
        Command = command;
    }

    public KustomizeWorkspace Workspace { get; }
    public IReadOnlyList<KustomizeFailure> Failures { get; }

    /// <summary>Successful builds that ran with empty stand-ins for missing generator inputs.</summary>
    public IReadOnlyList<KustomizeBuildResult> WithStandIns { get; }

    /// <summary>Why no kustomization was built although there are some (NCP9007), or null.</summary>
    public string? Unavailable { get; }

    /// <summary>The command that rendered the builds (<c>kubectl kustomize</c>), or null.</summary>
    public string? Command { get; }
}

/// <summary>
/// The Kustomize stage of the pipeline (contract.md, "Kustomize"): finds the kustomizations among the
/// discovered files, builds the top-level ones with the real binary while the files load, then makes each
/// successful build one more unit of the analysis. Files a build reads are analysed through the build
/// only; patches are never objects; a failed build's files are analysed as plain files.
/// </summary>
internal sealed class KustomizeStage
{
    private readonly KustomizeWorkspace workspace;
    private readonly KustomizeRunner? runner;
    private readonly AnalysisOptions options;
    private readonly List<KustomizeFailure> failures = new();
    private readonly List<KustomizeBuildResult> withStandIns = new();
    private readonly HashSet<string> outsideScan = new(StringComparer.Ordinal);
    private string? unavailable;

    private KustomizeStage(KustomizeWorkspace workspace, KustomizeRunner? runner, AnalysisOptions options)
    {
        this.workspace = workspace;
        this.runner = runner;
        this.options = options;
    }

    /// <summary>
    /// Every file the builds read, for the incremental check of MSBuild, and the generator inputs they ran with
    /// empty stand-ins for: MSBuild reruns a target while one of its inputs does not exist, so creating the
    /// missing file (a secrets.env, or an ncp.ini a configMapGenerator reads) is never a stale green build.
    /// </summary>
    public IEnumerable<string> Inputs => workspace.Builds.SelectMany(b => b.Inputs.Concat(b.MissingGeneratorInputs)).Distinct(StringComparer.Ordinal);

    public KustomizeOutcome Outcome => new(workspace, failures, withStandIns, unavailable, runner?.CommandName);

    public static KustomizeStage Plan(List<string> paths, AnalysisOptions options)
    {
        var workspace = KustomizeWorkspace.Plan(paths.Select(p => Path.GetFullPath(p)));
        var runner = workspace.IsEmpty ? null : KustomizeRunner.Find(options.Kustomize);
        var stage = new KustomizeStage(workspace, runner, options);
        if (!workspace.IsEmpty && runner is null && options.Kustomize.Mode != KustomizeMode.Off)
        {
            stage.unavailable = options.Kustomize.Mode == KustomizeMode.Path
                ? $"the Kustomize binary '{options.Kustomize.Binary}' does not exist"
                : "neither kustomize nor kubectl was found on PATH";
        }

        if (runner is not null)
        {
            // Files a build reads outside the scanned folders are loaded too: their suppression comments count.
            var known = new HashSet<string>(paths.Select(p => Path.GetFullPath(p)), StringComparer.Ordinal);
            foreach (var input in workspace.Builds.SelectMany(b => b.ResourceFiles.Concat(b.Inputs)))
            {
                if (known.Add(input) && ManifestDiscovery.IsManifestName(Path.GetFileName(input)) && !Kustomization.IsKustomizationFileName(Path.GetFileName(input)))
                {
                    paths.Add(input);
                    stage.outsideScan.Add(input);
                }
            }

            paths.Sort(StringComparer.Ordinal);
        }

        return stage;
    }

    public Task<IReadOnlyList<KustomizeBuildResult>>? StartBuilds() =>
        runner is null ? null : Task.Run(() => runner.BuildAll(workspace.Builds, Math.Max(1, options.MaxDegreeOfParallelism)));

    /// <summary>Applies the builds to the loaded files: patches and files read by a successful build lose their objects, and each build becomes a file of its own.</summary>
    public IReadOnlyList<LoadedFile> Integrate(List<LoadedFile> files, Task<IReadOnlyList<KustomizeBuildResult>>? builds, LoadContext context)
    {
        if (workspace.IsEmpty)
        {
            return files;
        }

        var byPath = files.GroupBy(f => Path.GetFullPath(f.Path), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var patch in workspace.PatchFiles)
        {
            if (byPath.TryGetValue(patch, out var file))
            {
                file.DropObjects(FileRole.KustomizePatch);
            }
        }

        var results = builds?.GetAwaiter().GetResult() ?? Array.Empty<KustomizeBuildResult>();
        var rendered = new List<LoadedFile>();
        var built = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.Error is { } error)
            {
                var location = result.Plan.RemoteReferences.FirstOrDefault() is { Reference: { } remote } ? remote.Span : SourceSpan.FileStart(result.Plan.Root.Path);
                failures.Add(new KustomizeFailure(result.Plan, error, location));
                continue;
            }

            if (result.StandIns.Count > 0)
            {
                withStandIns.Add(result);
            }

            rendered.Add(KustomizeBuildLoader.Load(result, files.Count + rendered.Count, context));
            foreach (var input in result.Plan.Inputs)
            {
                built.Add(input);
            }
        }

        foreach (var file in files)
        {
            var full = Path.GetFullPath(file.Path);
            if (file.Role == FileRole.Manifest && (built.Contains(full) || Kustomization.IsKustomizationFileName(Path.GetFileName(full))))
            {
                file.DropObjects(FileRole.InKustomizeBuild);
            }
        }

        // Files outside the scanned folders were read only for the builds: without a successful one, they are not analysed.
        return files.Where(f => !outsideScan.Contains(Path.GetFullPath(f.Path)) || built.Contains(Path.GetFullPath(f.Path))).Concat(rendered).ToList();
    }
}
