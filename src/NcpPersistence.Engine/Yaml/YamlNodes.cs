using NcpPersistence.Diagnostics;
using YamlDotNet.Core;

namespace NcpPersistence.Yaml;

/// <summary>
/// A small positioned YAML tree: only what the model builder reads. Kept separate from
/// YamlDotNet's representation model so that aliases are never expanded (a "billion laughs"
/// document costs what its text costs) and building never recurses.
/// </summary>
internal abstract class YNode
{
    protected YNode(Mark start, Mark end)
    {
        StartLine = (int)start.Line;
        StartColumn = (int)start.Column;
        EndLine = (int)end.Line;
        EndColumn = (int)end.Column;
    }

    public int StartLine { get; }
    public int StartColumn { get; }
    public int EndLine { get; protected set; }
    public int EndColumn { get; protected set; }

    public SourceSpan Span(string file) => new(file, StartLine, StartColumn, EndLine, EndColumn);

    public abstract string KindName { get; }
}

internal sealed class YScalar : YNode
{
    public YScalar(string value, ScalarStyle style, string? tag, Mark start, Mark end)
        : base(start, end)
    {
        Value = value;
        Style = style;
        Tag = tag;
    }

    public string Value { get; }
    public ScalarStyle Style { get; }
    public string? Tag { get; }

    public bool IsPlain => Style == ScalarStyle.Plain;

    public bool IsQuoted => Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;

    /// <summary>YAML null: an empty plain scalar, <c>~</c>, or the word null. Kubernetes treats it as unset.</summary>
    public bool IsNull => IsPlain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string KindName => "a scalar";
}

internal sealed class YMapping : YNode
{
    private readonly List<KeyValuePair<YNode, YNode>> entries = new();

    public YMapping(Mark start)
        : base(start, start)
    {
    }

    public IReadOnlyList<KeyValuePair<YNode, YNode>> Entries => entries;

    public override string KindName => "a mapping";

    internal void Add(YNode key, YNode value) => entries.Add(new(key, value));

    internal void Close(Mark end)
    {
        EndLine = (int)end.Line;
        EndColumn = (int)end.Column;
    }

    /// <summary>The value of a plain string key; the last one wins, as in Kubernetes' decoder.</summary>
    public YNode? Get(string key) => GetEntry(key)?.Value;

    public KeyValuePair<YNode, YNode>? GetEntry(string key)
    {
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Key is YScalar scalar && string.Equals(scalar.Value, key, StringComparison.Ordinal))
            {
                return entries[i];
            }
        }

        return null;
    }
}

internal sealed class YSequence : YNode
{
    private readonly List<YNode> items = new();

    public YSequence(Mark start)
        : base(start, start)
    {
    }

    public IReadOnlyList<YNode> Items => items;

    public override string KindName => "a list";

    internal void Add(YNode item) => items.Add(item);

    internal void Close(Mark end)
    {
        EndLine = (int)end.Line;
        EndColumn = (int)end.Column;
    }
}

/// <summary>An alias (<c>*name</c>), never expanded: the analyzer reads no field through aliases.</summary>
internal sealed class YAlias : YNode
{
    public YAlias(string anchor, Mark start, Mark end)
        : base(start, end)
    {
        Anchor = anchor;
    }

    public string Anchor { get; }

    public override string KindName => "an alias";
}
