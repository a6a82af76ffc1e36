using NcpPersistence.Diagnostics;
using NcpPersistence.Yaml;

namespace NcpPersistence.Model;

/// <summary>
/// Says where a field of an object is written. For a plain file that is where its node sits; for an
/// object rendered by a Kustomize build it is the line of the base resource or of the patch that wrote
/// the value. The model builder asks this for every position it records, so rules never know which.
/// </summary>
internal interface IPositionMap
{
    /// <summary>The span of <paramref name="node"/>, found at <paramref name="path"/> of the object.</summary>
    SourceSpan Span(YNode node, FieldPath path);

    /// <summary>The span of the key of the entry at <paramref name="path"/> (the node is the key node).</summary>
    SourceSpan KeySpan(YNode keyNode, FieldPath path);

    /// <summary>The file the object is attributed to (suppression comments and SARIF artifacts).</summary>
    string File { get; }
}

/// <summary>Positions in the file the document was read from.</summary>
internal sealed class FilePositions : IPositionMap
{
    public FilePositions(string file)
    {
        File = file;
    }

    public string File { get; }

    public SourceSpan Span(YNode node, FieldPath path) => node.Span(File);

    public SourceSpan KeySpan(YNode keyNode, FieldPath path) => keyNode.Span(File);
}
