using NcpPersistence.Model;

namespace NcpPersistence.Loading;

/// <summary>Everything one file contributes to the analysis; small records only, never the YAML tree.</summary>
public sealed class LoadedFile
{
    private int documentCounter;

    public LoadedFile(string path, int fileIndex)
    {
        Path = path;
        FileIndex = fileIndex;
    }

    public string Path { get; }

    /// <summary>Position in path order; with the document counter it orders objects deterministically.</summary>
    public int FileIndex { get; }

    // The lists of the kinds a file rarely holds are made on their first item: 50,000 files with six empty lists
    // each kept 10 MB for nothing. Objects (almost every file has one) and Problems (added to from many places) are plain.
    private List<ServiceManifest>? services;
    private List<IngressManifest>? ingresses;
    private List<RouteManifest>? routes;
    private List<LoadBalancerManifest>? loadBalancers;
    private List<NcpConfigSource>? configs;
    private List<SuppressionComment>? suppressionComments;

    public IReadOnlyList<ServiceManifest> Services => Items(services);
    public IReadOnlyList<IngressManifest> Ingresses => Items(ingresses);

    /// <summary>OpenShift Routes (NCP is the OpenShift router).</summary>
    public IReadOnlyList<RouteManifest> Routes => Items(routes);

    /// <summary>NCP LoadBalancer custom resources.</summary>
    public IReadOnlyList<LoadBalancerManifest> LoadBalancers => Items(loadBalancers);
    public IReadOnlyList<NcpConfigSource> Configs => Items(configs);

    /// <summary>All modelled objects in document order.</summary>
    public List<KubeObject> Objects { get; } = new();

    public List<LoadProblem> Problems { get; } = new();

    /// <summary>Suppression comments found in the file's text (YAML comments and comments inside ncp.ini).</summary>
    public IReadOnlyList<SuppressionComment> SuppressionComments => Items(suppressionComments);

    /// <summary>Whether the file's content was read (false when unreadable, templated or too large).</summary>
    public bool WasAnalysed { get; internal set; }

    /// <summary>The file mentions <c>ncp.ini</c> but could not be read whole (a YAML error, a template): an NCP configuration may be lost there.</summary>
    public bool MayHoldUnreadNcpConfig { get; internal set; }

    /// <summary>For the output of a Kustomize build: the build (<see cref="Path"/> is then its kustomization file).</summary>
    public Kustomize.KustomizeBuildPlan? Build { get; internal init; }

    /// <summary>
    /// What the file is to the analysis beyond its text: a Kustomize patch (never objects), or a file a
    /// successful build reads (analysed through the build only). Its suppression comments count either way.
    /// </summary>
    public FileRole Role { get; internal set; }

    /// <summary>True when the file was named explicitly (a path argument, an NcpManifest item): it is then a unit of its own.</summary>
    public bool IsExplicit { get; internal set; }

    private static IReadOnlyList<T> Items<T>(List<T>? list) => (IReadOnlyList<T>?)list ?? Array.Empty<T>();

    // A modelled object of a kind the rules read: its kind's list and Objects (document order), always both.
    internal void Add(ServiceManifest service) => Objects.Add(Added(ref services, service));

    internal void Add(IngressManifest ingress) => Objects.Add(Added(ref ingresses, ingress));

    internal void Add(RouteManifest route) => Objects.Add(Added(ref routes, route));

    internal void Add(LoadBalancerManifest loadBalancer) => Objects.Add(Added(ref loadBalancers, loadBalancer));

    private static T Added<T>(ref List<T>? list, T item)
    {
        (list ??= new()).Add(item);
        return item;
    }

    internal void Add(NcpConfigSource config) => (configs ??= new()).Add(config);

    /// <summary>The suppression comments of the file's text, found once when it is read.</summary>
    internal void SetSuppressionComments(List<SuppressionComment>? comments) => suppressionComments = comments is { Count: > 0 } ? comments : null;

    internal long NextDocumentIndex() => ((long)FileIndex << 32) + documentCounter++;

    /// <summary>How much the file holds now, so that what is added after it can be taken back (<see cref="ResetTo"/>).</summary>
    internal Contents Mark() => new(Services.Count, Ingresses.Count, Routes.Count, LoadBalancers.Count, Configs.Count, Objects.Count, Problems.Count, documentCounter);

    /// <summary>Takes back everything the model added since <paramref name="mark"/>.</summary>
    internal void ResetTo(Contents mark)
    {
        Truncate(services, mark.Services);
        Truncate(ingresses, mark.Ingresses);
        Truncate(routes, mark.Routes);
        Truncate(loadBalancers, mark.LoadBalancers);
        Truncate(configs, mark.Configs);
        Truncate(Objects, mark.Objects);
        Truncate(Problems, mark.Problems);
        documentCounter = mark.Documents;

        static void Truncate<T>(List<T>? list, int count) => list?.RemoveRange(count, list.Count - count);
    }

    internal readonly record struct Contents(int Services, int Ingresses, int Routes, int LoadBalancers, int Configs, int Objects, int Problems, int Documents);

    /// <summary>Drops what the file would contribute as objects (a patch, or a file analysed through a build); keeps its comments and its syntax problems.</summary>
    internal void DropObjects(FileRole role)
    {
        Role = role;

        // Through ResetTo, which knows every list of objects (a list added to Contents cannot be forgotten here).
        ResetTo(new Contents(Services: 0, Ingresses: 0, Routes: 0, LoadBalancers: 0, Configs: 0, Objects: 0, Problems.Count, documentCounter));
        Problems.RemoveAll(p => p.Kind == LoadProblemKind.MalformedField);
    }
}

/// <summary>What a file is to the analysis besides its own manifests.</summary>
public enum FileRole
{
    Manifest,

    /// <summary>Named by a kustomization's patches: it changes objects, it is not one.</summary>
    KustomizePatch,

    /// <summary>Read by a successful Kustomize build: its objects are analysed as the build renders them.</summary>
    InKustomizeBuild,
}
