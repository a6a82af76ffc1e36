using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

public enum LoadProblemKind
{
    /// <summary>NCP9001.</summary>
    YamlSyntax,

    /// <summary>NCP9002.</summary>
    Unreadable,

    /// <summary>NCP9003.</summary>
    MalformedField,

    /// <summary>NCP9004.</summary>
    Templated,

    /// <summary>NCP0000.</summary>
    AnalyzerFailure,
}

/// <summary>Something the loader or model builder met that a rule turns into a diagnostic.</summary>
public sealed record LoadProblem(LoadProblemKind Kind, string Message, SourceSpan Span, KubeObjectRef? Object = null, string FieldPath = "", string? Details = null);

/// <summary>A ConfigMap, kept for duplicate detection and annotation suppressions.</summary>
public sealed class ConfigMapManifest : KubeObject
{
    public ConfigMapManifest(KubeObjectRef reference, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(reference, file, documentIndex, objectSpan, nameSpan, annotations)
    {
    }
}

/// <summary>An object of a kind the analyzer does not model (Deployment, a custom resource, ...): identity only.</summary>
public sealed class OtherManifest : KubeObject
{
    public OtherManifest(KubeObjectRef reference, string group, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(reference, file, documentIndex, objectSpan, nameSpan, annotations)
    {
        Group = group;
    }

    /// <summary>The API group (e.g. <c>apps</c>, <c>serving.knative.dev</c>): a Knative Service is not a core Service.</summary>
    public override string ApiGroup => Group;

    public string Group { get; }
}
