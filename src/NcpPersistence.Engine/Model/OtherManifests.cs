using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

/// <summary>A ConfigMap, kept for duplicate detection and annotation suppressions.</summary>
public sealed class ConfigMapManifest : KubeObject
{
    public ConfigMapManifest(ObjectId id, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(id, file, documentIndex, objectSpan, nameSpan, annotations)
    {
    }
}

/// <summary>An object of a kind the analyzer does not model (Deployment, a custom resource, ...): identity only.</summary>
public sealed class OtherManifest : KubeObject
{
    public OtherManifest(ObjectId id, string file, long documentIndex, SourceSpan objectSpan, SourceSpan? nameSpan, IReadOnlyDictionary<string, AnnotationValue> annotations)
        : base(id, file, documentIndex, objectSpan, nameSpan, annotations)
    {
    }
}
