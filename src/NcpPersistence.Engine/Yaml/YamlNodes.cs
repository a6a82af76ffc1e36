using NcpPersistence.Diagnostics;
using YamlDotNet.Core;

namespace NcpPersistence.Yaml;

/// <summary>
/// A small positioned YAML tree: only what the model builder reads. Kept separate from
/// YamlDotNet's representation model so that aliases are never expanded (a "billion laughs"
/// document costs what its text costs) and building never recurses.
/// </summary>
/// <remarks>Lines and columns are 1-based and count only LF, CR and CR LF as line breaks, as editors do.</remarks>
internal abstract class YNode
{
    protected YNode(TextPosition start, TextPosition end)
    {
        StartLine = start.Line;
        StartColumn = start.Column;
        EndLine = end.Line;
        EndColumn = end.Column;
    }

    public int StartLine { get; }
    public int StartColumn { get; }
    public int EndLine { get; protected set; }
    public int EndColumn { get; protected set; }

    public SourceSpan Span(string file) => new(file, StartLine, StartColumn, EndLine, EndColumn);

    public abstract string KindName { get; }

    /// <summary>The node itself, or what an alias stands for (YAML aliases are expanded by Kubernetes' decoder before the API server sees anything).</summary>
    public virtual YNode Resolved => this;
}

/// <summary>A 1-based line and column.</summary>
internal readonly record struct TextPosition(int Line, int Column);

internal sealed class YScalar : YNode
{
    public YScalar(string value, ScalarStyle style, string? tag, TextPosition start, TextPosition end)
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
    /// <summary>The YAML merge key (<c>&lt;&lt;: *base</c>), which kubectl's decoder expands.</summary>
    public const string MergeKey = "<<";

    private const int MaxMergeDepth = 16;

    private readonly List<KeyValuePair<YNode, YNode>> entries = new();
    private bool hasMergeKey;

    public YMapping(TextPosition start)
        : base(start, start)
    {
    }

    /// <summary>
    /// A flow mapping that begins with <c>{{</c>: a Helm/Go template expression such as <c>{{ .Values.name }}</c>,
    /// which happens to be valid YAML (a mapping whose key is a mapping). Its value is unknown until rendered.
    /// </summary>
    public bool IsTemplateExpression { get; init; }

    /// <summary>The content hash of the mapping (<see cref="ContentHasher"/>), set when it is closed.</summary>
    public ulong ContentHash { get; internal set; }

    /// <summary>The entries as written (merge keys not expanded).</summary>
    public IReadOnlyList<KeyValuePair<YNode, YNode>> Entries => entries;

    public override string KindName => "a mapping";

    internal void Add(YNode key, YNode value)
    {
        entries.Add(new(key, value));
        hasMergeKey |= key is YScalar { Value: MergeKey, IsPlain: true };
    }

    internal void Close(TextPosition end)
    {
        EndLine = end.Line;
        EndColumn = end.Column;
    }

    /// <summary>The value of a plain string key, alias resolved; the last one wins, as in Kubernetes' decoder, then merged mappings.</summary>
    public YNode? Get(string key) => GetEntry(key)?.Value.Resolved;

    /// <summary>The value node as written (an alias stays an alias), for positions: a field is reported where it is written.</summary>
    public YNode? GetRaw(string key) => GetEntry(key)?.Value;

    /// <summary>The entry of a key: an explicit one (the last wins), else one from the mappings merged with <c>&lt;&lt;</c> (the first wins).</summary>
    public KeyValuePair<YNode, YNode>? GetEntry(string key) => GetEntry(key, 0);

    /// <summary>Every entry with merge keys expanded: explicit keys override merged ones, as YAML's merge key type says.</summary>
    public IEnumerable<KeyValuePair<YNode, YNode>> EffectiveEntries()
    {
        if (!hasMergeKey)
        {
            return entries;
        }

        var result = new List<KeyValuePair<YNode, YNode>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        CollectEffective(result, seen, 0);
        return result;
    }

    private KeyValuePair<YNode, YNode>? GetEntry(string key, int depth)
    {
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Key.Resolved is YScalar scalar && string.Equals(scalar.Value, key, StringComparison.Ordinal) && !IsMerge(entries[i].Key))
            {
                return entries[i];
            }
        }

        if (!hasMergeKey || depth >= MaxMergeDepth)
        {
            return null;
        }

        foreach (var source in MergeSources())
        {
            if (source.GetEntry(key, depth + 1) is { } merged)
            {
                return merged;
            }
        }

        return null;
    }

    private void CollectEffective(List<KeyValuePair<YNode, YNode>> result, HashSet<string> seen, int depth)
    {
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (IsMerge(entry.Key))
            {
                continue;
            }

            if (entry.Key.Resolved is not YScalar scalar || seen.Add(scalar.Value))
            {
                result.Add(entry);
            }
        }

        if (depth >= MaxMergeDepth)
        {
            return;
        }

        foreach (var source in MergeSources())
        {
            source.CollectEffective(result, seen, depth + 1);
        }
    }

    private IEnumerable<YMapping> MergeSources()
    {
        foreach (var entry in entries)
        {
            if (!IsMerge(entry.Key))
            {
                continue;
            }

            switch (entry.Value.Resolved)
            {
                case YMapping mapping when !ReferenceEquals(mapping, this):
                    yield return mapping;
                    break;
                case YSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        if (item.Resolved is YMapping merged && !ReferenceEquals(merged, this))
                        {
                            yield return merged;
                        }
                    }

                    break;
            }
        }
    }

    private static bool IsMerge(YNode key) => key is YScalar { Value: MergeKey, IsPlain: true };
}

internal sealed class YSequence : YNode
{
    private readonly List<YNode> items = new();

    public YSequence(TextPosition start)
        : base(start, start)
    {
    }

    public IReadOnlyList<YNode> Items => items;

    public override string KindName => "a list";

    internal void Add(YNode item) => items.Add(item);

    internal void Close(TextPosition end)
    {
        EndLine = end.Line;
        EndColumn = end.Column;
    }
}

/// <summary>
/// An alias (<c>*name</c>). It points at the anchored node without copying it, so reading through an
/// alias costs nothing and a "billion laughs" document stays as small as its text.
/// </summary>
internal sealed class YAlias : YNode
{
    public YAlias(YNode? target, TextPosition start, TextPosition end)
        : base(start, end)
    {
        Target = target;
    }

    /// <summary>The anchored node, or null when the anchor is unknown (or inside a part of the document that was not built).</summary>
    public YNode? Target { get; }

    /// <summary>The anchored node, followed through aliases of aliases; the alias itself when it leads nowhere.</summary>
    public override YNode Resolved
    {
        get
        {
            YNode current = this;
            for (var hops = 0; hops < 64 && current is YAlias { Target: { } next }; hops++)
            {
                current = next;
            }

            return current;
        }
    }

    public override string KindName => "an alias";
}
