using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Yaml;

namespace NcpPersistence.Loading.Kustomize;

/// <summary>
/// Reads the output of a build into a file of its own (the build's unit): each rendered document goes
/// through the same model builder as any manifest, with positions mapped back to its sources.
/// </summary>
internal static class KustomizeBuildLoader
{
    public static LoadedFile Load(KustomizeBuildResult build, int fileIndex, LoadContext context)
    {
        var plan = build.Plan;
        var file = new LoadedFile(plan.Root.Path, fileIndex) { Build = plan };
        var documents = new List<YamlDocument>();
        var error = YamlDocumentReader.Read(build.Output ?? "", (_, _) => true, documents);
        if (error is not null)
        {
            file.Problems.Add(new LoadProblem(LoadProblemKind.YamlSyntax, $"the output of the build is not valid YAML: {error.Message}", SourceSpan.FileStart(plan.Root.Path)));
        }

        var sources = new SourceDocuments();
        foreach (var document in documents)
        {
            if (document.Root?.Resolved is not YMapping root)
            {
                continue;
            }

            var positions = new RenderedPositions(root, plan, build.WrapperFolder!, sources);
            var before = file.Objects.Count;
            new ModelBuilder(positions, context, file).AddDocument(document);
            for (var i = before; i < file.Objects.Count; i++)
            {
                var item = file.Objects[i];
                if (positions.SourceName is { } name && name != item.Name)
                {
                    item.SourceId = item.Id with { Name = name, Namespace = item.Namespace is null ? null : positions.SourceNamespace ?? item.Namespace };
                }
            }
        }

        file.WasAnalysed = true;
        return file;
    }
}
