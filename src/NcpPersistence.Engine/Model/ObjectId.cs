using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>
/// Identifies what a finding is about: a Kubernetes object by API group, kind, namespace and name
/// (<c>Service/shop/cart</c>; a cluster-scoped kind has no namespace: <c>ClusterRole/admin</c>), or a
/// file that is not a Kubernetes object, such as a standalone <c>ncp.ini</c> (kind <c>NcpIni</c>, name =
/// its repository-relative path, so two <c>ncp.ini</c> files in different folders never share an identity).
/// </summary>
public sealed record ObjectId(string Group, string Kind, string? Namespace, string Name)
{
    /// <summary>A standalone configuration or other non-object file, named by its repository-relative path.</summary>
    public static ObjectId ForFile(string kind, string repositoryRelativePath) => new("", kind, null, repositoryRelativePath);

    /// <summary><c>kind/namespace/name</c> (<c>kind/name</c> without namespace), as SARIF logical locations and fingerprints use it.</summary>
    public string DisplayName => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    /// <summary><c>namespace/name</c> (just the name without namespace), as messages and the plan name objects.</summary>
    public string QualifiedName => Namespace is null ? Name : $"{Namespace}/{Name}";

    /// <summary>The identity as fingerprint v1 wrote it (namespace defaulted, group left out); only for matching old baselines.</summary>
    internal string LegacyDisplayName => Kind == "NcpIni" ? $"NcpIni/{System.IO.Path.GetFileName(Name)}" : $"{Kind}/{Namespace ?? "default"}/{Name}";

    public override string ToString() => DisplayName;
}

/// <summary>What every modelled object shares: identity, where it is written, and its annotations.</summary>
public abstract class KubeObject
{
    protected KubeObject(ObjectId id, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
    {
        Id = id;
        File = file;
        DocumentIndex = documentIndex;
        ObjectSpan = objectSpan;
        NameSpan = nameSpan;
        Annotations = annotations;
    }

    public ObjectId Id { get; }
    public string Kind => Id.Kind;
    public string? Namespace => Id.Namespace;
    public string Name => Id.Name;

    /// <summary>The file the object's document is read from (for a rendered build: the file of its base resource).</summary>
    public string File { get; }

    /// <summary>Position of the document in the analysis (file order, then document order).</summary>
    public long DocumentIndex { get; }

    /// <summary>The object's whole mapping: a diagnostic inside it is "located in the object".</summary>
    public SourceSpan ObjectSpan { get; }

    /// <summary>The <c>metadata.name</c> value.</summary>
    public SourceSpan? NameSpan { get; }

    public IReadOnlyDictionary<string, AnnotationValue> Annotations { get; }

    /// <summary>
    /// A hash of the document's content (mapping order, comments and formatting ignored): two documents
    /// with the same hash are the same object state, so applying both changes nothing (no NCP9005).
    /// </summary>
    public ulong ContentHash { get; internal set; }

    /// <summary>
    /// Set while <see cref="ContentHash"/> is a hash of the document's text rather than of its content: the reader
    /// skipped the rest of a document of a kind the analysis does not read (the line is where that document starts).
    /// Such a hash tells identical copies apart from different ones, but a copy indented otherwise looks different:
    /// before units are compared, <see cref="Loading.ExactContentHashes"/> reads again the documents that may be copies.
    /// </summary>
    internal int? TextHashDocumentLine { get; set; }

    /// <summary>The deployment unit the object is applied with (a file, a folder, a Kustomize build); set when units are assembled.</summary>
    public Unit Unit { get; internal set; } = null!;

    /// <summary>
    /// The Helm template the document was rendered from, when a <c># Source: CHART/templates/FILE</c> comment
    /// (as <c>helm template</c> writes) precedes it; null otherwise.
    /// </summary>
    public string? TemplateSource { get; internal set; }

    /// <summary>
    /// The object's identity as written in its source file. The same as <see cref="Id"/> for plain files;
    /// for an object rendered by a Kustomize build, the identity of the base resource before the build's
    /// name prefixes, suffixes and namespace.
    /// </summary>
    public ObjectId SourceId
    {
        get => sourceId ?? Id;
        internal set => sourceId = value;
    }

    private ObjectId? sourceId;
}

/// <summary>An annotation's value and where its key sits (suppressions point there).</summary>
public sealed record AnnotationValue(string Value, SourceSpan KeySpan, SourceSpan? ValueSpan = null);

/// <summary>A string field value and where it is written.</summary>
public sealed record LocatedString(string Value, SourceSpan Span);

/// <summary>An integer field value and where it is written.</summary>
public sealed record LocatedNumber(long Value, SourceSpan Span);
