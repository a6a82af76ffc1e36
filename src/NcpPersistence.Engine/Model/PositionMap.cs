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

    /// <summary>Where the lines of an <c>ncp.ini</c> held by the scalar at <paramref name="path"/> are written.</summary>
    IniPositionMap IniPositions(YScalar value, FieldPath path);

    /// <summary>The file the object is attributed to (suppression comments and SARIF artifacts).</summary>
    string File { get; }

    /// <summary>True for an object rendered by a build: the annotations the build adds are not the user's.</summary>
    bool IsRendered { get; }
}

/// <summary>Positions in the file the document was read from.</summary>
internal sealed class FilePositions : IPositionMap
{
    private readonly string text;

    public FilePositions(string file, string text)
    {
        File = file;
        this.text = text;
    }

    public string File { get; }

    public bool IsRendered => false;

    public SourceSpan Span(YNode node, FieldPath path) => node.Span(File);

    public SourceSpan KeySpan(YNode keyNode, FieldPath path) => keyNode.Span(File);

    public IniPositionMap IniPositions(YScalar value, FieldPath path) => IniBlockPositions.For(text, File, value);
}

/// <summary>Maps the lines of an ncp.ini held by a YAML scalar to the lines of the YAML file.</summary>
internal static class IniBlockPositions
{
    /// <summary>
    /// A literal block scalar keeps its lines one to one: text line i is the YAML line after the header
    /// plus i, shifted by the block's indentation (found by comparing a content line with the raw line,
    /// which works with and without indentation indicators). Any other style points everything at the value.
    /// </summary>
    public static IniPositionMap For(string text, string file, YScalar value)
    {
        var valueSpan = value.Span(file);
        if (value.Style != YamlDotNet.Core.ScalarStyle.Literal)
        {
            return IniPositionMap.Fixed(valueSpan);
        }

        var firstLine = value.StartLine + 1;
        var contentLines = value.Value.Split('\n');
        for (var i = 0; i < contentLines.Length; i++)
        {
            if (contentLines[i].Trim().Length == 0)
            {
                continue;
            }

            if (LineOf(text, firstLine + i) is not { } raw)
            {
                break;
            }

            var indent = raw.Length - contentLines[i].Length;
            if (indent >= 0 && raw.EndsWith(contentLines[i], StringComparison.Ordinal))
            {
                return IniPositionMap.Block(file, firstLine, indent);
            }

            break;
        }

        return IniPositionMap.Fixed(valueSpan);
    }

    /// <summary>Line <paramref name="number"/> (1-based) without its line break, or null past the end.</summary>
    private static string? LineOf(string text, int number)
    {
        var start = 0;
        for (var line = 1; line < number; line++)
        {
            var next = text.IndexOf('\n', start);
            if (next < 0)
            {
                return null;
            }

            start = next + 1;
        }

        var end = text.IndexOf('\n', start);
        return (end < 0 ? text.Substring(start) : text.Substring(start, end - start)).TrimEnd('\r');
    }
}
