using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>
/// Identifies what a finding is about: a Kubernetes object (<c>Service/shop/cart</c>) or, for a
/// standalone <c>ncp.ini</c>, the file itself (kind <c>NcpIni</c>, name = repository-relative path).
/// </summary>
public sealed record KubeObjectRef(string Kind, string Namespace, string Name)
{
    /// <summary><c>kind/namespace/name</c>, as SARIF logical locations and fingerprints use it.</summary>
    public string DisplayName => Namespace.Length == 0 ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    /// <summary><c>namespace/name</c>, as the plan lists bound objects.</summary>
    public string QualifiedName => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";

    public override string ToString() => DisplayName;
}

/// <summary>What every modelled object shares: identity, where it is, and its annotations.</summary>
public abstract class KubeObject
{
    protected KubeObject(KubeObjectRef reference, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
    {
        Ref = reference;
        File = file;
        DocumentIndex = documentIndex;
        ObjectSpan = objectSpan;
        NameSpan = nameSpan;
        Annotations = annotations;
    }

    public KubeObjectRef Ref { get; }
    public string Kind => Ref.Kind;
    public string Namespace => Ref.Namespace;
    public string Name => Ref.Name;
    public string File { get; }

    /// <summary>Position of the document in the analysis (file order, then document order).</summary>
    public long DocumentIndex { get; }

    /// <summary>The object's whole mapping: a diagnostic inside it is "located in the object".</summary>
    public SourceSpan ObjectSpan { get; }

    /// <summary>The <c>metadata.name</c> value.</summary>
    public SourceSpan? NameSpan { get; }

    public IReadOnlyDictionary<string, AnnotationValue> Annotations { get; }

    /// <summary>
    /// The API group that, with kind, namespace and name, identifies the object: "" for core kinds, and
    /// for Ingress one group whatever the version (extensions/v1beta1 and networking.k8s.io/v1 name the same object).
    /// </summary>
    public virtual string ApiGroup => Kind == "Ingress" ? "networking.k8s.io" : "";
}

/// <summary>An annotation's value and where its key sits (suppressions point there).</summary>
public sealed record AnnotationValue(string Value, SourceSpan KeySpan);

/// <summary>A string field value and where it is written.</summary>
public sealed record LocatedString(string Value, SourceSpan Span);

/// <summary>An integer field value and where it is written.</summary>
public sealed record LocatedNumber(long Value, SourceSpan Span);
