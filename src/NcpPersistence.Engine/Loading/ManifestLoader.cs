using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Yaml;

namespace NcpPersistence.Loading;

/// <summary>
/// Reads one file into a <see cref="LoadedFile"/>: bytes, strict decoding, a single streaming YAML
/// pass that skips documents of irrelevant kinds, then the model. Never throws: every failure
/// becomes a problem with a location (an unexpected one becomes NCP0000).
/// </summary>
public static class ManifestLoader
{
    public static LoadedFile Load(string path, int fileIndex, AnalysisOptions options)
    {
        var result = new LoadedFile(path, fileIndex);
        try
        {
            LoadCore(path, result, options);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            result.Problems.Add(new LoadProblem(LoadProblemKind.Unreadable, $"the file cannot be read: {exception.Message}", SourceSpan.FileStart(path)));
        }
        catch (Exception exception)
        {
            result.Problems.Add(new LoadProblem(
                LoadProblemKind.AnalyzerFailure,
                $"the analyzer failed on this file ({exception.GetType().Name}: {exception.Message}); the other files were still analysed. Please report this as a bug",
                SourceSpan.FileStart(path),
                Details: exception.ToString()));
        }

        return result;
    }

    public static bool IsStandaloneIni(string path) =>
        string.Equals(System.IO.Path.GetExtension(path), ".ini", StringComparison.OrdinalIgnoreCase);

    /// <summary>Test seam: lets the tests make loading fail, to prove a failure becomes NCP0000.</summary>
    internal static Action<string>? FaultInjection { get; set; }

    private static void LoadCore(string path, LoadedFile result, AnalysisOptions options)
    {
        FaultInjection?.Invoke(path);
        // Only a regular file within the size limit is opened, whatever links lead to it (InputFile).
        if (InputFile.WhyNotRead(path, options.MaxFileSize, out var length) is { } refusal)
        {
            result.Problems.Add(new LoadProblem(LoadProblemKind.Unreadable, refusal, SourceSpan.FileStart(path)));
            return;
        }

        if (length == 0)
        {
            result.WasAnalysed = true; // an empty regular file: nothing to read
            return;
        }

        if (InputFile.ReadBounded(path, length, options.MaxFileSize, out var tooLarge) is not { } bytes)
        {
            result.Problems.Add(new LoadProblem(LoadProblemKind.Unreadable, tooLarge!, SourceSpan.FileStart(path)));
            return;
        }

        if (!SourceText.TryDecode(bytes, out var text, out var error))
        {
            result.Problems.Add(new LoadProblem(LoadProblemKind.Unreadable, error, SourceSpan.FileStart(path)));
            return;
        }

        SuppressionComment.Collect(path, text, result.SuppressionComments);

        if (IsStandaloneIni(path))
        {
            var ini = NcpIniDocument.Parse(text.Replace("\r\n", "\n"), IniPositionMap.Standalone(path));
            result.Configs.Add(new NcpConfigSource(path, SourceSpan.FileStart(path), new KubeObjectRef("NcpIni", "", System.IO.Path.GetFileName(path)), ini, null));
            result.WasAnalysed = true;
            return;
        }

        var mayBeTemplate = text.Contains("{{", StringComparison.Ordinal);
        var documents = new List<YNode>();
        var nonPlainRanges = mayBeTemplate ? new List<(long, long)>() : null;
        var readError = YamlDocumentReader.Read(text, ModelBuilder.IsRelevantKind, documents, nonPlainRanges);

        if (mayBeTemplate && FindTemplateExpression(path, text, readError is not null, nonPlainRanges!) is { } templateAt)
        {
            result.Problems.Add(new LoadProblem(
                LoadProblemKind.Templated,
                "the file holds Helm/Go template syntax ('{{ ... }}'), so it is not a manifest until rendered and was not analysed; analyse the rendered output (helm template ... > rendered.yaml)",
                templateAt));
            return;
        }

        var builder = new ModelBuilder(path, text, options.DefaultNamespace, result);
        foreach (var document in documents)
        {
            builder.AddDocument(document);
        }

        if (readError is not null)
        {
            result.Problems.Add(new LoadProblem(LoadProblemKind.YamlSyntax, $"the file is not valid YAML: {readError.Message}", SourceSpan.At(path, Math.Max(1, readError.Line), Math.Max(1, readError.Column))));
        }

        result.WasAnalysed = true;
    }

    /// <summary>
    /// The first <c>{{</c> that is template syntax rather than text: when the YAML does not parse,
    /// any <c>{{</c>; otherwise one outside quoted and block scalars and outside comments (so a
    /// Prometheus alert's <c>"{{ $value }}"</c> is just a string).
    /// </summary>
    private static SourceSpan? FindTemplateExpression(string path, string text, bool yamlFailed, List<(long Start, long End)> nonPlainRanges)
    {
        var index = text.IndexOf("{{", StringComparison.Ordinal);
        while (index >= 0)
        {
            if (yamlFailed || (!IsInside(index, nonPlainRanges) && !IsInComment(text, index)))
            {
                var line = 1;
                var lineStart = 0;
                for (var i = 0; i < index; i++)
                {
                    if (text[i] == '\n')
                    {
                        line++;
                        lineStart = i + 1;
                    }
                }

                var end = text.IndexOf("}}", index, StringComparison.Ordinal);
                var lineEnd = text.IndexOf('\n', index);
                var length = end >= 0 && (lineEnd < 0 || end < lineEnd) ? end + 2 - index : 2;
                return SourceSpan.At(path, line, index - lineStart + 1, length);
            }

            index = text.IndexOf("{{", index + 2, StringComparison.Ordinal);
        }

        return null;
    }

    private static bool IsInside(long index, List<(long Start, long End)> ranges)
    {
        foreach (var (start, end) in ranges)
        {
            if (index >= start && index < end)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInComment(string text, int index)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        for (var i = lineStart; i < index; i++)
        {
            if (text[i] == '#' && (i == lineStart || text[i - 1] is ' ' or '\t'))
            {
                return true;
            }
        }

        return false;
    }
}
