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
    public static LoadedFile Load(string path, int fileIndex, LoadContext options)
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

    /// <summary>
    /// Whether a file is read as a TKGI network profile: a <c>*network-profile*.json</c> that is not a Kubernetes
    /// object, or any other <c>.json</c> file (named explicitly) that looks like a network profile. Other JSON
    /// files are YAML manifests (JSON is YAML), as kubectl reads them.
    /// </summary>
    internal static bool IsNetworkProfile(string path, string text) =>
        NetworkProfileReader.IsNetworkProfileName(System.IO.Path.GetFileName(path))
            ? !NetworkProfileReader.LooksLikeKubernetesObject(text)
            : string.Equals(System.IO.Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase) && NetworkProfileReader.LooksLikeNetworkProfile(text);

    /// <summary>Test seam: lets the tests make loading fail, to prove a failure becomes NCP0000.</summary>
    internal static Action<string>? FaultInjection { get; set; }

    private static void LoadCore(string path, LoadedFile result, LoadContext options)
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

        Analyse(path, text, result, options);
    }

    /// <summary>A loaded file's decoded text, read again as <see cref="Load"/> read it; null when that fails now.</summary>
    internal static string? ReadTextAgain(string path, LoadContext options)
    {
        try
        {
            return InputFile.ReadText(path, options.MaxFileSize, out _, out _);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The analysis of a file's decoded text (also used for standard input).</summary>
    internal static void Analyse(string path, string text, LoadedFile result, LoadContext options)
    {
        result.SetSuppressionComments(SuppressionComment.Collect(path, text));

        if (IsStandaloneIni(path))
        {
            var ini = NcpIniDocument.Parse(text.Replace("\r\n", "\n"), IniPositionMap.Standalone(path));
            var owner = ObjectId.ForFile("NcpIni", options.RepositoryRelative(path));
            result.Add(new NcpConfigSource(path, SourceSpan.FileStart(path), owner, ini, null));
            result.WasAnalysed = true;
            return;
        }

        if (IsNetworkProfile(path, text))
        {
            var profile = NetworkProfileReader.Read(path, text);
            result.Add(new NcpConfigSource(path, ObjectId.ForFile("NetworkProfile", options.RepositoryRelative(path)), profile));
            result.WasAnalysed = true;
            return;
        }

        // Each document becomes model as soon as the parser has read it, and its tree is garbage from then on.
        var builder = new ModelBuilder(new FilePositions(path, text), options, result);
        var before = result.Mark();
        var readError = YamlDocumentReader.Read(YamlTextRepair.Repair(text), ModelBuilder.IsRelevantKind, builder.AddDocument);
        result.MayHoldUnreadNcpConfig = readError is not null && text.Contains("ncp.ini", StringComparison.Ordinal);

        // A file with template syntax that still parses is analysed like any other (Argo CD ApplicationSets,
        // PrometheusRules); only a parse error on a line of template syntax makes it a template (NCP9004), and
        // then nothing of it is analysed: what its documents before the error gave the model is taken back.
        if (readError is not null && TemplateExpressionOnLines(path, text, readError.Line, readError.EndLine) is { } templateAt)
        {
            result.ResetTo(before);
            result.Problems.Add(new LoadProblem(
                LoadProblemKind.Templated,
                "the file holds template syntax ('{{ ... }}') where the YAML parser fails, so it is a template rather than a manifest, and it was not analysed; analyse what it renders to (for Helm: helm template ... | ncp-persistence -)",
                templateAt));
            return;
        }

        NameHelmTemplates(text, result.Objects);

        if (readError is not null)
        {
            result.Problems.Add(new LoadProblem(LoadProblemKind.YamlSyntax, readError.IsAnalysisBound ? $"the file was not read whole: {readError.Message}" : $"the file is not valid YAML: {readError.Message}", SourceSpan.At(path, Math.Max(1, readError.Line), Math.Max(1, readError.Column))));
        }

        result.WasAnalysed = true;
    }

    /// <summary>
    /// Output of <c>helm template</c> starts each document with <c># Source: CHART/templates/FILE</c>: the
    /// objects of that document are named after their template in messages and SARIF.
    /// </summary>
    private static void NameHelmTemplates(string text, List<KubeObject> objects)
    {
        const string Marker = "# Source: ";
        if (objects.Count == 0 || !text.Contains(Marker, StringComparison.Ordinal))
        {
            return;
        }

        var sources = new List<(int Line, string Template)>();
        var line = 1;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '\n')
            {
                var content = text.AsSpan(start, i - start).Trim();
                if (content.StartsWith(Marker, StringComparison.Ordinal))
                {
                    sources.Add((line, content.Slice(Marker.Length).Trim().ToString()));
                }

                line++;
                start = i + 1;
            }
        }

        var previousEnd = 0;
        foreach (var item in objects.OrderBy(o => o.ObjectSpan.StartLine))
        {
            var template = sources.LastOrDefault(s => s.Line < item.ObjectSpan.StartLine && s.Line > previousEnd);
            if (template.Template is { Length: > 0 })
            {
                item.TemplateSource = template.Template;
            }

            previousEnd = Math.Max(previousEnd, item.ObjectSpan.EndLine - 1);
        }
    }

    /// <summary>The first template expression (<c>{{ ... }}</c> outside quotes and comments) on the lines from <paramref name="firstLine"/> to <paramref name="lastLine"/>, if any.</summary>
    private static SourceSpan? TemplateExpressionOnLines(string path, string text, int firstLine, int lastLine)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i <= text.Length && line <= lastLine; i++)
        {
            if (i == text.Length || text[i] == '\n')
            {
                if (line >= firstLine && TemplateSyntaxIn(text.AsSpan(lineStart, i - lineStart)) is { } at)
                {
                    var content = text.AsSpan(lineStart, i - lineStart);
                    var close = content.Slice(at).IndexOf("}}", StringComparison.Ordinal);
                    return SourceSpan.At(path, line, at + 1, close >= 0 ? close + 2 : 2);
                }

                line++;
                lineStart = i + 1;
            }
        }

        return null;
    }

    /// <summary>
    /// Where <c>{{</c> starts template syntax on a line: not inside a quoted YAML string (a Prometheus or
    /// Alertmanager template in <c>'{{ ... }}'</c> is text) and not in a comment.
    /// </summary>
    internal static int? TemplateSyntaxIn(ReadOnlySpan<char> line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c == '#' && (i == 0 || line[i - 1] is ' ' or '\t'))
            {
                return null;
            }

            if (c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or '\t' or ':' or '[' or '{' or ',' or '-'))
            {
                quote = c;
            }
            else if (c == '{' && i + 1 < line.Length && line[i + 1] == '{')
            {
                return i;
            }
        }

        return null;
    }
}
