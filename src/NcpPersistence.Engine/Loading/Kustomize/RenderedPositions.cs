using System.Text.RegularExpressions;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Yaml;

namespace NcpPersistence.Loading.Kustomize;

/// <summary>The source files a build reads, parsed once per build (positions are found in them).</summary>
internal sealed class SourceDocuments
{
    private readonly Dictionary<string, (string Text, List<YamlDocument> Documents)?> files = new(StringComparer.Ordinal);

    public (string Text, List<YamlDocument> Documents)? Get(string path)
    {
        if (!files.TryGetValue(path, out var parsed))
        {
            parsed = null;
            try
            {
                if (SourceText.TryDecode(File.ReadAllBytes(path), out var text, out _))
                {
                    var documents = new List<YamlDocument>();
                    if (YamlDocumentReader.Read(YamlTextRepair.Repair(text), (_, _) => true, documents) is null)
                    {
                        parsed = (text, documents);
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                parsed = null;
            }

            files[path] = parsed;
        }

        return parsed;
    }

    /// <summary>The documents of an inline patch (its own little YAML text).</summary>
    public static List<YamlDocument>? Parse(string text)
    {
        var documents = new List<YamlDocument>();
        return YamlDocumentReader.Read(YamlTextRepair.Repair(text), (_, _) => true, documents) is null ? documents : null;
    }
}

/// <summary>
/// Where a field of an object rendered by a Kustomize build is written (contract.md, "Kustomize"): in the
/// last patch that sets it (strategic-merge or JSON 6902, in a file or inline in a kustomization), else in
/// the base resource, found through the build's origin annotation and with the build's name prefixes and
/// suffixes taken off; a namespace no source writes is where a kustomization sets it. Lists are matched by
/// their merge keys (a Service port by its port, a container by its name), as strategic merge does.
/// </summary>
internal sealed class RenderedPositions : IPositionMap
{
    private static readonly string[] MergeKeys = { "name", "port", "containerPort", "mountPath", "key", "ip", "hostname", "path", "host" };

    private readonly YMapping rendered;
    private readonly Kustomization root;
    private readonly SourceDocuments sources;
    private readonly string kind;
    private readonly List<KustomizeLevel> levels = new();
    private readonly List<(PatchView View, YNode Patch, bool IsJson6902)> patches = new();
    private readonly KustomizeGenerator? generator;
    private readonly string? baseText;
    private YMapping? baseDocument;
    private string? sourceName;

    public RenderedPositions(YMapping rendered, KustomizeBuildPlan plan, string wrapperFolder, SourceDocuments sources)
    {
        this.rendered = rendered;
        root = plan.Root;
        this.sources = sources;
        kind = (rendered.Get("kind") as YScalar)?.Value ?? "";
        var metadata = rendered.Get("metadata") as YMapping;
        var renderedName = (metadata?.Get("name") as YScalar)?.Value ?? "";
        File = root.Path;

        var origin = Origin(metadata);
        if (origin.Path is { } relative)
        {
            var file = Path.GetFullPath(relative, wrapperFolder);
            if (plan.Levels.TryGetValue(file, out var found))
            {
                levels.AddRange(found);
            }

            sourceName = WithoutAffixes(renderedName);
            if (sources.Get(file) is { } parsed)
            {
                File = file;
                baseText = parsed.Text;
                baseDocument = FindDocument(parsed.Documents, sourceName, renderedName);
            }
        }
        else if (origin.ConfiguredIn is { } configuredIn && plan.LevelOfKustomization.TryGetValue(Path.GetFullPath(configuredIn, wrapperFolder), out var level))
        {
            levels.AddRange(level.AndOuter());
            sourceName = WithoutAffixes(renderedName);
            generator = level.Kustomization.Generators.FirstOrDefault(g => g.Kind == kind && (renderedName == g.Name || sourceName == g.Name || sourceName.StartsWith(g.Name + "-", StringComparison.Ordinal)))
                ?? level.Kustomization.Generators.FirstOrDefault(g => g.Kind == kind);
            File = level.Kustomization.Path;
        }

        CollectPatches();
    }

    public string File { get; }

    public bool IsRendered => true;

    /// <summary>The name of the object in its source file, before the build's prefixes and suffixes.</summary>
    public string? SourceName => baseDocument is not null ? (baseDocument.Get("metadata") as YMapping)?.Get("name") is YScalar n ? n.Value : sourceName : sourceName;

    /// <summary>The namespace written in the source file, if any.</summary>
    public string? SourceNamespace => ((baseDocument?.Get("metadata") as YMapping)?.Get("namespace") as YScalar)?.Value;

    public SourceSpan Span(YNode node, FieldPath path) => Locate(path, key: false);

    public SourceSpan KeySpan(YNode keyNode, FieldPath path) => Locate(path, key: true);

    public IniPositionMap IniPositions(YScalar value, FieldPath path)
    {
        if (generator is not null && path.KeyName is { } key && generator.Files.FirstOrDefault(f => f.Key == key) is { FullPath: { } file })
        {
            return IniPositionMap.Standalone(file); // data from a generator's file: its lines are the file's
        }

        if (Find(path, key: false) is { Node: YScalar source, View: { } view } && view.Text is { } text && view.IsPlainFile && source.Value == value.Value)
        {
            return IniBlockPositions.For(text, view.File, source);
        }

        return IniPositionMap.Fixed(Locate(path, key: false));
    }

    private SourceSpan Locate(FieldPath path, bool key)
    {
        if (Find(path, key) is { } found)
        {
            return found.View.SpanOf(found.Node);
        }

        var segments = path.Segments;
        if (segments.Count == 2 && segments[0].KeyName == "metadata" && segments[1].KeyName == "namespace"
            && levels.LastOrDefault(l => l.Kustomization.Namespace is not null) is { Kustomization.Namespace: { } ns })
        {
            return ns.Span; // the overlay's namespace: it is written there
        }

        if (generator is not null)
        {
            return generator.NameSpan;
        }

        // The deepest part of the path the base resource writes, else the base resource itself.
        if (baseDocument is not null)
        {
            for (var length = segments.Count - 1; length >= 0; length--)
            {
                if (Walk(baseDocument, rendered, segments.Take(length).ToList(), key: false) is { } ancestor)
                {
                    return ancestor.Span(File);
                }
            }
        }

        return SourceSpan.FileStart(root.Path);
    }

    private (YNode Node, PatchView View)? Find(FieldPath path, bool key)
    {
        var segments = path.Segments;
        for (var i = patches.Count - 1; i >= 0; i--)
        {
            var (view, patch, isJson6902) = patches[i];
            var node = isJson6902 ? FindInOperations(patch, segments, key) : Walk(patch, rendered, segments, key);
            if (node is not null)
            {
                return (node, view);
            }
        }

        if (baseDocument is not null && Walk(baseDocument, rendered, segments, key) is { } inBase)
        {
            return (inBase, PatchView.ForFile(File, baseText));
        }

        return null;
    }

    /// <summary>Follows <paramref name="segments"/> in a source document, translating list indices of the rendered object by merge key.</summary>
    private static YNode? Walk(YNode source, YNode renderedNode, IReadOnlyList<FieldPath> segments, bool key)
    {
        YNode? current = source;
        YNode? renderedCurrent = renderedNode;
        for (var i = 0; i < segments.Count && current is not null; i++)
        {
            var segment = segments[i];
            if (segment.KeyName is { } name)
            {
                if (current.Resolved is not YMapping mapping || mapping.GetEntry(name) is not { } entry)
                {
                    return null;
                }

                if (key && i == segments.Count - 1)
                {
                    return entry.Key;
                }

                current = entry.Value;
                renderedCurrent = (renderedCurrent?.Resolved as YMapping)?.GetRaw(name);
            }
            else
            {
                if (current.Resolved is not YSequence sequence)
                {
                    return null;
                }

                var renderedItem = renderedCurrent?.Resolved is YSequence renderedSequence && segment.Index < renderedSequence.Items.Count
                    ? renderedSequence.Items[segment.Index]
                    : null;
                current = MatchItem(sequence, renderedItem, segment.Index, renderedCurrent?.Resolved as YSequence);
                renderedCurrent = renderedItem;
            }
        }

        return current;
    }

    /// <summary>The item of a source list that became <paramref name="renderedItem"/>: the one with the same merge key, else the same index of a list as long.</summary>
    private static YNode? MatchItem(YSequence source, YNode? renderedItem, int index, YSequence? renderedList)
    {
        if (renderedItem?.Resolved is YMapping renderedMapping)
        {
            foreach (var mergeKey in MergeKeys)
            {
                if (renderedMapping.Get(mergeKey) is YScalar { IsNull: false } value)
                {
                    foreach (var item in source.Items)
                    {
                        if ((item.Resolved as YMapping)?.Get(mergeKey) is YScalar candidate && candidate.Value == value.Value)
                        {
                            return item;
                        }
                    }

                    return null; // a keyed list: the item is not in this source
                }
            }
        }

        return renderedList is not null && source.Items.Count == renderedList.Items.Count && index < source.Items.Count ? source.Items[index] : null;
    }

    /// <summary>A JSON 6902 patch: the value of the last add/replace operation whose path leads to the field.</summary>
    private YNode? FindInOperations(YNode patch, IReadOnlyList<FieldPath> segments, bool key)
    {
        if (patch.Resolved is not YSequence operations)
        {
            return null;
        }

        for (var i = operations.Items.Count - 1; i >= 0; i--)
        {
            if (operations.Items[i].Resolved is not YMapping operation
                || (operation.Get("op") as YScalar)?.Value is not ("add" or "replace")
                || (operation.Get("path") as YScalar)?.Value is not { } pointer
                || operation.GetRaw("value") is not { } value)
            {
                continue;
            }

            var pointerSegments = pointer.Split('/').Skip(1).Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
            if (pointerSegments.Count > segments.Count || !PointerMatches(pointerSegments, segments))
            {
                continue;
            }

            var renderedAt = Walk(rendered, rendered, segments.Take(pointerSegments.Count).ToList(), key: false);
            var rest = segments.Skip(pointerSegments.Count).ToList();
            if (rest.Count == 0)
            {
                return key ? null : value;
            }

            if (Walk(value, renderedAt ?? value, rest, key) is { } inside)
            {
                return inside;
            }
        }

        return null;
    }

    private static bool PointerMatches(IReadOnlyList<string> pointer, IReadOnlyList<FieldPath> segments)
    {
        for (var i = 0; i < pointer.Count; i++)
        {
            var segment = segments[i];
            var matches = segment.KeyName is { } name
                ? name == pointer[i]
                : pointer[i] == segment.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The patches that apply to this object, in the order kustomize applies them.</summary>
    private void CollectPatches()
    {
        if (sourceName is null)
        {
            return;
        }

        var name = sourceName;
        foreach (var level in levels)
        {
            foreach (var kustomization in level.Components.Append(level.Kustomization))
            {
                foreach (var patch in kustomization.Patches)
                {
                    AddPatch(kustomization, patch, name);
                }
            }

            // Names grow with each level's prefix and suffix on the way out.
            name = (level.Kustomization.NamePrefix?.Value ?? "") + name + (level.Kustomization.NameSuffix?.Value ?? "");
        }
    }

    private void AddPatch(Kustomization kustomization, KustomizePatch patch, string nameAtLevel)
    {
        List<YamlDocument>? documents;
        PatchView view;
        if (patch.File is { } file)
        {
            if (sources.Get(file) is not { } parsed)
            {
                return;
            }

            documents = parsed.Documents;
            view = PatchView.ForFile(file, parsed.Text);
        }
        else
        {
            documents = SourceDocuments.Parse(patch.InlineText ?? "");
            view = PatchView.Inline(kustomization.Path, patch.InlineAt, patch.Span);
        }

        if (documents is null)
        {
            return;
        }

        foreach (var document in documents)
        {
            switch (document.Root?.Resolved)
            {
                case YSequence operations when TargetMatches(patch.Target, nameAtLevel):
                    patches.Add((view, operations, true));
                    break;
                case YMapping strategic when patch.Target is not null ? TargetMatches(patch.Target, nameAtLevel) : NamesObject(strategic, nameAtLevel):
                    patches.Add((view, strategic, false));
                    break;
            }
        }
    }

    private bool NamesObject(YMapping patch, string nameAtLevel) =>
        (patch.Get("kind") as YScalar)?.Value == kind
        && ((patch.Get("metadata") as YMapping)?.Get("name") as YScalar)?.Value == nameAtLevel;

    private bool TargetMatches(PatchTarget? target, string nameAtLevel)
    {
        if (target is null)
        {
            return false;
        }

        if (target.Kind is { } targetKind && targetKind != kind)
        {
            return false;
        }

        if (target.Name is { } targetName)
        {
            try
            {
                return Regex.IsMatch(nameAtLevel, "^(?:" + targetName + ")$", RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (Exception exception) when (exception is ArgumentException or RegexMatchTimeoutException)
            {
                return targetName == nameAtLevel;
            }
        }

        return true;
    }

    /// <summary>The base document: the object's kind and source name, else the closest name, else the only one of its kind.</summary>
    private YMapping? FindDocument(List<YamlDocument> documents, string source, string renderedName)
    {
        var candidates = documents
            .Select(d => d.Root?.Resolved as YMapping)
            .Where(d => d is not null && (d.Get("kind") as YScalar)?.Value == kind)
            .Select(d => (Document: d!, Name: ((d!.Get("metadata") as YMapping)?.Get("name") as YScalar)?.Value ?? ""))
            .ToList();
        return candidates.FirstOrDefault(c => c.Name == source).Document
            ?? candidates.FirstOrDefault(c => c.Name == renderedName).Document
            ?? candidates.Where(c => c.Name.Length > 0 && renderedName.Contains(c.Name, StringComparison.Ordinal)).OrderByDescending(c => c.Name.Length).FirstOrDefault().Document
            ?? (candidates.Count == 1 ? candidates[0].Document : null);
    }

    /// <summary>The rendered name with the prefixes and suffixes of the levels taken off, outermost first.</summary>
    private string WithoutAffixes(string name)
    {
        for (var i = levels.Count - 1; i >= 0; i--)
        {
            var kustomization = levels[i].Kustomization;
            if (kustomization.NamePrefix?.Value is { Length: > 0 } prefix && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name.Substring(prefix.Length);
            }

            if (kustomization.NameSuffix?.Value is { Length: > 0 } suffix && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - suffix.Length);
            }
        }

        return name;
    }

    private static (string? Path, string? ConfiguredIn) Origin(YMapping? metadata)
    {
        if ((metadata?.Get("annotations") as YMapping)?.Get("config.kubernetes.io/origin") is not YScalar annotation)
        {
            return (null, null);
        }

        string? path = null;
        string? configuredIn = null;
        foreach (var line in annotation.Value.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("path:", StringComparison.Ordinal))
            {
                path = Unquote(trimmed.Substring("path:".Length));
            }
            else if (trimmed.StartsWith("configuredIn:", StringComparison.Ordinal))
            {
                configuredIn = Unquote(trimmed.Substring("configuredIn:".Length));
            }
        }

        return (path, configuredIn);
    }

    private static string Unquote(string value)
    {
        value = value.Trim();
        return value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value.Substring(1, value.Length - 2) : value;
    }
}

/// <summary>Turns a node of a source document into a span of a real file: the file itself, or the lines of an inline patch inside a kustomization.</summary>
internal sealed class PatchView
{
    private readonly InlinePosition? inline;
    private readonly SourceSpan fallback;

    private PatchView(string file, string? text, InlinePosition? inline, SourceSpan fallback, bool isPlainFile)
    {
        File = file;
        Text = text;
        this.inline = inline;
        this.fallback = fallback;
        IsPlainFile = isPlainFile;
    }

    public string File { get; }

    /// <summary>The file's text, for a plain file.</summary>
    public string? Text { get; }

    public bool IsPlainFile { get; }

    public static PatchView ForFile(string file, string? text) => new(file, text, null, SourceSpan.FileStart(file), true);

    public static PatchView Inline(string kustomization, InlinePosition? at, SourceSpan fallback) => new(kustomization, null, at, fallback, false);

    public SourceSpan SpanOf(YNode node)
    {
        if (IsPlainFile)
        {
            return node.Span(File);
        }

        if (inline is not { Exact: true } block)
        {
            return fallback;
        }

        return new SourceSpan(File, block.FirstLine + node.StartLine - 1, block.Indent + node.StartColumn, block.FirstLine + node.EndLine - 1, block.Indent + node.EndColumn);
    }
}
