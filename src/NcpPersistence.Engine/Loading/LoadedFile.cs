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

    public List<ServiceManifest> Services { get; } = new();
    public List<IngressManifest> Ingresses { get; } = new();

    /// <summary>OpenShift Routes (NCP is the OpenShift router).</summary>
    public List<RouteManifest> Routes { get; } = new();

    /// <summary>NCP LoadBalancer custom resources.</summary>
    public List<LoadBalancerManifest> LoadBalancers { get; } = new();
    public List<NcpConfigSource> Configs { get; } = new();

    /// <summary>All modelled objects in document order.</summary>
    public List<KubeObject> Objects { get; } = new();

    public List<LoadProblem> Problems { get; } = new();

    /// <summary>Suppression comments found in the file's text (YAML comments and comments inside ncp.ini).</summary>
    public List<SuppressionComment> SuppressionComments { get; } = new();

    /// <summary>Whether the file's content was read (false when unreadable, templated or too large).</summary>
    public bool WasAnalysed { get; internal set; }

    /// <summary>The file mentions <c>ncp.ini</c> but could not be read whole (a YAML error, a template): an NCP configuration may be lost there.</summary>
    public bool MayHoldUnreadNcpConfig { get; internal set; }

    /// <summary>True when the file was named explicitly (a path argument, an NcpManifest item): it is then a unit of its own.</summary>
    public bool IsExplicit { get; internal set; }

    internal long NextDocumentIndex() => ((long)FileIndex << 32) + documentCounter++;
}
