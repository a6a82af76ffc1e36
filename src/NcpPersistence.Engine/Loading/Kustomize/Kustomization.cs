using NcpPersistence.Diagnostics;
using NcpPersistence.Yaml;

namespace NcpPersistence.Loading.Kustomize;

/// <summary>A reference of a kustomization to something else: a local file or folder, or a remote URL.</summary>
/// <param name="Value">As written.</param>
/// <param name="FullPath">The local path it names (null for a remote reference).</param>
public sealed record KustomizeReference(string Value, string? FullPath, SourceSpan Span)
{
    public bool IsRemote => FullPath is null;
}

/// <summary>Which objects a patch of <c>patches</c> / <c>patchesJson6902</c> applies to (the subset of kustomize's selector the analyzer needs).</summary>
public sealed record PatchTarget(string? Kind, string? Name, string? Namespace);

/// <summary>
/// One patch of a kustomization: a file (<see cref="File"/>), or an inline patch written in the kustomization
/// itself (<see cref="InlineText"/>, with the position of its first line). Strategic-merge patches name
/// their object; JSON 6902 patches (a list of operations) have a <see cref="Target"/>.
/// </summary>
public sealed record KustomizePatch(string? File, string? InlineText, SourceSpan Span, PatchTarget? Target, InlinePosition? InlineAt);

/// <summary>A ConfigMap or Secret generator: the object it generates and the files its data keys come from.</summary>
public sealed record KustomizeGenerator(string Kind, string Name, SourceSpan NameSpan, IReadOnlyList<(string Key, string FullPath)> Files);

/// <summary>Where the text of an inline patch starts in the kustomization file (for a literal block scalar: line and indentation).</summary>
public sealed record InlinePosition(int FirstLine, int Indent, bool Exact);

/// <summary>
/// A kustomization (<c>kustomization.yaml</c>, <c>kustomization.yml</c> or <c>Kustomization</c>), read with
/// the analyzer's own YAML reader so that every reference keeps its position. Only what the analysis needs:
/// what it includes (resources, bases, components), its patches, the files its generators and
/// transformers read, and the namespace and name prefix/suffix it sets.
/// </summary>
public sealed class Kustomization
{
    public static readonly string[] FileNames = { "kustomization.yaml", "kustomization.yml", "Kustomization" };

    private Kustomization(string path)
    {
        Path = path;
        Folder = System.IO.Path.GetDirectoryName(path)!;
    }

    /// <summary>The kustomization file (full path).</summary>
    public string Path { get; }

    /// <summary>Its folder, the kustomization root.</summary>
    public string Folder { get; }

    /// <summary><c>kind: Component</c>: applied by the kustomizations that list it under <c>components</c>.</summary>
    public bool IsComponent { get; private set; }

    /// <summary><c>resources</c> and the deprecated <c>bases</c>: files or kustomization folders.</summary>
    public List<KustomizeReference> Resources { get; } = new();

    public List<KustomizeReference> Components { get; } = new();

    /// <summary><c>patches</c>, <c>patchesStrategicMerge</c> and <c>patchesJson6902</c>, in the order kustomize applies them.</summary>
    public List<KustomizePatch> Patches { get; } = new();

    /// <summary>Files read by generators, transformers, replacements, CRDs and configurations (inputs of the build).</summary>
    public List<KustomizeReference> OtherFiles { get; } = new();

    /// <summary><c>configMapGenerator</c> and <c>secretGenerator</c> entries.</summary>
    public List<KustomizeGenerator> Generators { get; } = new();

    /// <summary>The files and env files of the generators (also in <see cref="OtherFiles"/>): often git-ignored secrets.</summary>
    public List<KustomizeReference> GeneratorInputs { get; } = new();

    /// <summary><c>helmCharts</c>: kustomize renders them only with <c>--enable-helm</c> and a network.</summary>
    public bool HasHelmCharts { get; private set; }

    public (string Value, SourceSpan Span)? Namespace { get; private set; }
    public (string Value, SourceSpan Span)? NamePrefix { get; private set; }
    public (string Value, SourceSpan Span)? NameSuffix { get; private set; }

    /// <summary>Why the file cannot be used, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The file itself could not be read (not a regular file, too large, an I/O error): kustomize is not run on it.</summary>
    public bool IsUnreadable { get; private set; }

    public IEnumerable<KustomizeReference> RemoteReferences => Resources.Concat(Components).Where(r => r.IsRemote);

    /// <summary>The kustomization file of a folder, if it has one.</summary>
    public static string? FileIn(string folder)
    {
        foreach (var name in FileNames)
        {
            var candidate = System.IO.Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static bool IsKustomizationFileName(string fileName) => FileNames.Contains(fileName, StringComparer.Ordinal);

    /// <summary>A kustomization file is small: anything past this is refused, as the default manifest limit.</summary>
    private const long MaxSize = 16L * 1024 * 1024;

    public static Kustomization Read(string path)
    {
        var result = new Kustomization(System.IO.Path.GetFullPath(path));
        string text;
        try
        {
            // As every input: only a regular file of bounded size is opened (a FIFO named kustomization.yaml would hang).
            // One that is read but not decodable is still built: kustomize's verdict on it is the one that counts.
            if (InputFile.ReadText(result.Path, MaxSize, out var problem, out var undecodable) is not { } read)
            {
                result.Problem = problem;
                result.IsUnreadable = !undecodable;
                return result;
            }

            text = read;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            result.Problem = $"it cannot be read: {exception.Message}";
            result.IsUnreadable = true;
            return result;
        }

        var documents = new List<YamlDocument>();
        var readError = YamlDocumentReader.Read(YamlTextRepair.Repair(text), (_, _) => true, documents);
        if (readError is not null)
        {
            result.Problem = $"it is not valid YAML: {readError.Message} (line {readError.Line})";
            return result;
        }

        if (documents.FirstOrDefault(d => d.Root is not null)?.Root?.Resolved is YMapping root)
        {
            result.Parse(root, text);
        }

        return result;
    }

    private void Parse(YMapping root, string text)
    {
        IsComponent = (root.Get("kind") as YScalar)?.Value == "Component";
        foreach (var key in new[] { "resources", "bases" })
        {
            foreach (var item in Strings(root.Get(key)))
            {
                Resources.Add(Reference(item.Value, item.Node));
            }
        }

        foreach (var item in Strings(root.Get("components")))
        {
            Components.Add(Reference(item.Value, item.Node));
        }

        ReadPatches(root, text);
        foreach (var key in new[] { "crds", "configurations", "generators", "transformers", "validators" })
        {
            foreach (var item in Strings(root.Get(key)))
            {
                OtherFiles.Add(Reference(item.Value, item.Node));
            }
        }

        foreach (var key in new[] { "configMapGenerator", "secretGenerator" })
        {
            if (root.Get(key) is not YSequence generators)
            {
                continue;
            }

            foreach (var generator in generators.Items.Select(i => i.Resolved).OfType<YMapping>())
            {
                var files = new List<(string, string)>();
                foreach (var file in Strings(generator.Get("files")))
                {
                    var equals = file.Value.IndexOf('=');
                    var reference = Reference(equals >= 0 ? file.Value.Substring(equals + 1) : file.Value, file.Node);
                    OtherFiles.Add(reference);
                    GeneratorInputs.Add(reference);
                    if (reference.FullPath is { } full)
                    {
                        files.Add((equals >= 0 ? file.Value.Substring(0, equals).Trim() : System.IO.Path.GetFileName(full), full));
                    }
                }

                if (generator.GetEntry("name") is { } nameEntry && nameEntry.Value.Resolved is YScalar { IsNull: false } name)
                {
                    Generators.Add(new KustomizeGenerator(key == "configMapGenerator" ? "ConfigMap" : "Secret", name.Value, name.Span(Path), files));
                }

                foreach (var env in Strings(generator.Get("envs")).Concat(Strings(generator.Get("env"))))
                {
                    var reference = Reference(env.Value, env.Node);
                    OtherFiles.Add(reference);
                    GeneratorInputs.Add(reference);
                }
            }
        }

        if (root.Get("replacements") is YSequence replacements)
        {
            foreach (var replacement in replacements.Items.Select(i => i.Resolved).OfType<YMapping>())
            {
                if (replacement.Get("path") is YScalar { IsNull: false } replacementPath)
                {
                    OtherFiles.Add(Reference(replacementPath.Value, replacementPath));
                }
            }
        }

        if ((root.Get("openapi") as YMapping)?.Get("path") is YScalar { IsNull: false } openapi)
        {
            OtherFiles.Add(Reference(openapi.Value, openapi));
        }

        HasHelmCharts = root.Get("helmCharts") is YSequence { Items.Count: > 0 } || root.Get("helmChartInflationGenerator") is YSequence { Items.Count: > 0 };
        Namespace = ScalarWithSpan(root, "namespace");
        NamePrefix = ScalarWithSpan(root, "namePrefix");
        NameSuffix = ScalarWithSpan(root, "nameSuffix");
    }

    private void ReadPatches(YMapping root, string text)
    {
        if (root.Get("patches") is YSequence patches)
        {
            foreach (var item in patches.Items.Select(i => i.Resolved))
            {
                if (item is YScalar { IsNull: false } scalarPatch)
                {
                    Patches.Add(new KustomizePatch(FullPath(scalarPatch.Value), null, scalarPatch.Span(Path), null, null));
                }
                else if (item is YMapping patch)
                {
                    Patches.Add(PatchFrom(patch, text));
                }
            }
        }

        foreach (var item in Strings(root.Get("patchesStrategicMerge")))
        {
            // An entry is a file, or the patch itself written inline.
            var inline = item.Value.Contains('\n', StringComparison.Ordinal) || item.Value.TrimStart().StartsWith("apiVersion", StringComparison.Ordinal) || item.Value.TrimStart().StartsWith("kind", StringComparison.Ordinal);
            Patches.Add(inline
                ? new KustomizePatch(null, item.Value, item.Node.Span(Path), null, InlineAt(item.Node as YScalar, text))
                : new KustomizePatch(FullPath(item.Value), null, item.Node.Span(Path), null, null));
        }

        if (root.Get("patchesJson6902") is YSequence json6902)
        {
            foreach (var patch in json6902.Items.Select(i => i.Resolved).OfType<YMapping>())
            {
                Patches.Add(PatchFrom(patch, text));
            }
        }
    }

    private KustomizePatch PatchFrom(YMapping patch, string text)
    {
        PatchTarget? target = null;
        if (patch.Get("target") is YMapping selector)
        {
            target = new PatchTarget((selector.Get("kind") as YScalar)?.Value, (selector.Get("name") as YScalar)?.Value, (selector.Get("namespace") as YScalar)?.Value);
        }

        if (patch.Get("path") is YScalar { IsNull: false } path)
        {
            return new KustomizePatch(FullPath(path.Value), null, path.Span(Path), target, null);
        }

        var inline = patch.Get("patch") as YScalar;
        return new KustomizePatch(null, inline?.Value ?? "", (inline ?? (YNode)patch).Span(Path), target, InlineAt(inline, text));
    }

    /// <summary>For a literal block scalar, line i of the inline text is the line after the header plus i, shifted by the block's indentation.</summary>
    private static InlinePosition? InlineAt(YScalar? scalar, string text)
    {
        if (scalar is null)
        {
            return null;
        }

        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Literal)
        {
            return new InlinePosition(scalar.StartLine, scalar.StartColumn - 1, Exact: false);
        }

        var lines = text.Split('\n');
        var firstLine = scalar.StartLine + 1;
        var content = scalar.Value.Split('\n');
        for (var i = 0; i < content.Length && firstLine - 1 + i < lines.Length; i++)
        {
            if (content[i].Trim().Length == 0)
            {
                continue;
            }

            var raw = lines[firstLine - 1 + i].TrimEnd('\r');
            var indent = raw.Length - content[i].Length;
            return indent >= 0 && raw.EndsWith(content[i], StringComparison.Ordinal)
                ? new InlinePosition(firstLine, indent, Exact: true)
                : new InlinePosition(scalar.StartLine, scalar.StartColumn - 1, Exact: false);
        }

        return new InlinePosition(scalar.StartLine, scalar.StartColumn - 1, Exact: false);
    }

    private KustomizeReference Reference(string value, YNode node)
    {
        var trimmed = value.Trim();
        return new KustomizeReference(trimmed, LooksRemote(trimmed) ? null : FullPath(trimmed), node.Span(Path));
    }

    private string FullPath(string relative) => System.IO.Path.GetFullPath(relative, Folder);

    /// <summary>What kustomize would fetch over the network: URLs, <c>git@</c>, hosted repositories, <c>?ref=</c> pins.</summary>
    internal static bool LooksRemote(string value) =>
        value.Contains("://", StringComparison.Ordinal)
        || value.StartsWith("git@", StringComparison.Ordinal)
        || value.StartsWith("github.com/", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("gitlab.com/", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("bitbucket.org/", StringComparison.OrdinalIgnoreCase)
        || value.Contains("?ref=", StringComparison.Ordinal)
        || value.Contains("?version=", StringComparison.Ordinal);

    private static IEnumerable<(string Value, YNode Node)> Strings(YNode? node)
    {
        switch (node)
        {
            case YSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (item.Resolved is YScalar { IsNull: false } scalar)
                    {
                        yield return (scalar.Value, scalar);
                    }
                }

                break;
            case YScalar { IsNull: false } single:
                yield return (single.Value, single);
                break;
        }
    }

    private (string, SourceSpan)? ScalarWithSpan(YMapping root, string key) =>
        root.GetEntry(key) is { } entry && entry.Value.Resolved is YScalar { IsNull: false } value
            ? (value.Value, entry.Key.Span(Path))
            : null;
}
