using NcpPersistence.Diagnostics;
using NcpPersistence.Output;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NcpPersistence.Analysis;

/// <summary>
/// A finding of the baseline: its rule, semantic fingerprint, the message and level it had then, and
/// its SARIF location as it was written (JSON), so a fixed finding can be reported "absent" where it was.
/// </summary>
public sealed record BaselineEntry(string RuleId, string? Fingerprint, string Message, string? Level, string? LocationJson = null, string? FingerprintV2 = null);

/// <summary>A baseline file that cannot be used; the message says which file and why (front ends print it, exit 2).</summary>
public sealed class BaselineException : Exception
{
    public BaselineException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The findings of an earlier run, read from its SARIF log: each result's <c>ruleId</c> and
/// <c>partialFingerprints["ncpSemantic/v2"]</c> (rule + context + objects + field path, no line numbers;
/// logs of 0.1 carry only <c>ncpSemantic/v1</c>, which still matches), so
/// moving lines or reformatting YAML does not make a finding new. Read as plain JSON, so any
/// SARIF 2.1.0 log of the tool will do. Results suppressed in source, results already
/// <c>baselineState: "absent"</c> and results without the fingerprint are not part of the baseline.
/// </summary>
public sealed class Baseline
{
    private Baseline(string path, IReadOnlyList<BaselineEntry> entries)
    {
        Path = path;
        Entries = entries;
    }

    public string Path { get; }

    /// <summary>In file order; a finding reported twice in the baseline is here twice.</summary>
    public IReadOnlyList<BaselineEntry> Entries { get; }

    /// <summary>An empty baseline, for <c>--update-baseline</c> when the file does not exist yet.</summary>
    public static Baseline Empty(string path) => new(path, Array.Empty<BaselineEntry>());

    /// <summary>Reads a SARIF log; throws <see cref="BaselineException"/> when it is missing or not a SARIF log.</summary>
    public static Baseline Load(string path)
    {
        // Only a regular file is read: a FIFO would block the run, a device never end (F9).
        if (NcpPersistence.Loading.FileKinds.NotARegularFile(path) is { } what)
        {
            throw new BaselineException($"the baseline file '{path}' is {what}, not a regular file.");
        }

        try
        {
            // Streamed: a baseline is a whole SARIF log, which can be hundreds of megabytes (50,000 findings: 229 MB,
            // about 2 GiB as a JObject tree); only one result at a time is ever a tree.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var text = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true); // as File.ReadAllText
            return Parse(text, path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new BaselineException(exception is FileNotFoundException or DirectoryNotFoundException
                ? $"the baseline file '{path}' does not exist (create it with --update-baseline)."
                : $"the baseline file '{path}' cannot be read: {exception.Message}", exception);
        }
    }

    public static Baseline Parse(string json, string path)
    {
        using var text = new StringReader(json);
        return Parse(text, path);
    }

    /// <summary>
    /// Reads the log token by token (Newtonsoft's <see cref="JsonTextReader"/>): everything but <c>runs[*].results[*]</c>
    /// is skipped (still checked to be JSON), and each result object is loaded on its own and read as before. Where a
    /// member occurs twice, the last one counts, as it did when the whole log was loaded as a <see cref="JObject"/>.
    /// </summary>
    private static Baseline Parse(TextReader text, string path)
    {
        List<BaselineEntry>? entries = null; // null until a "runs" array is read
        try
        {
            using var reader = new JsonTextReader(text) { DateParseHandling = DateParseHandling.None, CloseInput = false };
            if (!ReadContent(reader))
            {
                throw new JsonReaderException("Error reading JObject from JsonReader. Path '', line 0, position 0.");
            }

            if (reader.TokenType != JsonToken.StartObject)
            {
                throw new JsonReaderException($"Error reading JObject from JsonReader. Current JsonReader item is not an object: {reader.TokenType}. Path '{reader.Path}', line {reader.LineNumber}, position {reader.LinePosition}.");
            }

            while (Next(reader) == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                Next(reader);
                if (name == "runs" && reader.TokenType == JsonToken.StartArray)
                {
                    entries = ReadRuns(reader);
                }
                else
                {
                    if (name == "runs")
                    {
                        entries = null;
                    }

                    reader.Skip();
                }
            }

            if (reader.Read() && reader.TokenType != JsonToken.Comment)
            {
                throw new JsonReaderException($"unexpected content after the JSON object at line {reader.LineNumber}.");
            }
        }
        catch (JsonException exception)
        {
            throw new BaselineException($"the baseline file '{path}' is not valid JSON: {exception.Message}", exception);
        }

        if (entries is null)
        {
            throw new BaselineException($"the baseline file '{path}' is not a SARIF log: it has no 'runs' array.");
        }

        return new Baseline(path, entries);
    }

    /// <summary>The entries of a <c>runs</c> array (the reader is on its start), in file order.</summary>
    private static List<BaselineEntry> ReadRuns(JsonTextReader reader)
    {
        var entries = new List<BaselineEntry>();
        while (Next(reader) != JsonToken.EndArray)
        {
            if (reader.TokenType != JsonToken.StartObject)
            {
                reader.Skip(); // not a run
                continue;
            }

            List<BaselineEntry>? results = null;
            while (Next(reader) == JsonToken.PropertyName)
            {
                var name = (string)reader.Value!;
                Next(reader);
                if (name == "results" && reader.TokenType == JsonToken.StartArray)
                {
                    results = new List<BaselineEntry>();
                    while (Next(reader) != JsonToken.EndArray)
                    {
                        if (reader.TokenType == JsonToken.StartObject)
                        {
                            AddEntry(JObject.Load(reader), results);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    if (name == "results")
                    {
                        results = null;
                    }

                    reader.Skip();
                }
            }

            if (results is not null)
            {
                entries.AddRange(results);
            }
        }

        return entries;
    }

    private static void AddEntry(JObject result, List<BaselineEntry> entries)
    {
        // Every member read by type: a baseline is user input, and Newtonsoft's indexers throw on the wrong
        // kind of token ("partialFingerprints": "x" or "message": ["t"] was a stack trace, F10).
        var ruleId = (result["ruleId"] as JValue)?.Value as string;
        var fingerprints = result["partialFingerprints"] as JObject;
        var fingerprint = (fingerprints?[Diagnostic.SemanticFingerprintKey] as JValue)?.Value as string;
        var fingerprintV2 = (fingerprints?[Diagnostic.SemanticFingerprintV2Key] as JValue)?.Value as string;
        if (string.IsNullOrEmpty(ruleId) || (string.IsNullOrEmpty(fingerprint) && string.IsNullOrEmpty(fingerprintV2)))
        {
            return;
        }

        if (result["suppressions"] is JArray { Count: > 0 }
            || string.Equals((result["baselineState"] as JValue)?.Value as string, "absent", StringComparison.Ordinal))
        {
            return;
        }

        var message = ((result["message"] as JObject)?["text"] as JValue)?.Value as string ?? "";
        var level = (result["level"] as JValue)?.Value as string;
        var location = (result["locations"] as JArray)?.FirstOrDefault() as JObject;
        entries.Add(new BaselineEntry(ruleId, NullIfEmpty(fingerprint), message, level, location?.ToString(Formatting.None), NullIfEmpty(fingerprintV2)));
    }

    /// <summary>Reads the next token that is not a comment; false at the end of the input.</summary>
    private static bool ReadContent(JsonTextReader reader)
    {
        while (reader.Read())
        {
            if (reader.TokenType != JsonToken.Comment)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The next token that is not a comment; the end of the input inside the log is invalid JSON.</summary>
    private static JsonToken Next(JsonTextReader reader) =>
        ReadContent(reader) ? reader.TokenType : throw new JsonReaderException($"Unexpected end of content while loading JObject. Path '{reader.Path}', line {reader.LineNumber}, position {reader.LinePosition}.");

    /// <summary>
    /// Marks each finding that is not suppressed in source "unchanged" when the baseline has it
    /// (as many times as the baseline has it) and "new" otherwise, and lists the baseline's findings
    /// that this run no longer has as <see cref="AnalysisResult.AbsentFromBaseline"/>.
    /// Only new findings then count (<see cref="AnalysisResult.Active"/>).
    /// </summary>
    public void ApplyTo(AnalysisResult result)
    {
        var (states, absent) = Match(result);
        for (var i = 0; i < result.Diagnostics.Count; i++)
        {
            result.Diagnostics[i].BaselineState = states[i];
        }

        result.AbsentFromBaseline = absent;
        result.HasBaseline = true;
        if (File.Exists(Path))
        {
            result.AddInputFile(Path);
        }
    }

    /// <summary>
    /// What replacing this baseline with <paramref name="result"/>'s findings changes, without marking
    /// anything: findings added to it, kept in it, and removed from it (fixed).
    /// </summary>
    public (int Added, int Kept, int Removed) Compare(AnalysisResult result)
    {
        var (states, absent) = Match(result);
        return (states.Count(s => s == BaselineStates.New), states.Count(s => s == BaselineStates.Unchanged), absent.Count);
    }

    private (string?[] States, List<BaselineEntry> Absent) Match(AnalysisResult result)
    {
        // Entries written with fingerprint v2 match on it; entries of 0.1 logs (v1 only) on v1.
        var byV2 = new Dictionary<(string, string), Queue<BaselineEntry>>();
        var byV1 = new Dictionary<(string, string), Queue<BaselineEntry>>();
        foreach (var entry in Entries)
        {
            var (index, key) = entry.FingerprintV2 is { } v2 ? (byV2, (entry.RuleId, v2)) : (byV1, (entry.RuleId, entry.Fingerprint!));
            if (!index.TryGetValue(key, out var queue))
            {
                index[key] = queue = new Queue<BaselineEntry>();
            }

            queue.Enqueue(entry);
        }

        var matchedEntries = new HashSet<BaselineEntry>(ReferenceEqualityComparer.Instance);
        var states = new string?[result.Diagnostics.Count];
        for (var i = 0; i < result.Diagnostics.Count; i++)
        {
            var diagnostic = result.Diagnostics[i];
            if (diagnostic.IsSuppressed)
            {
                continue;
            }

            BaselineEntry? matched = null;
            if (byV2.TryGetValue((diagnostic.Id, diagnostic.SemanticFingerprintV2), out var queue) && queue.Count > 0)
            {
                matched = queue.Dequeue();
            }
            else if (byV1.TryGetValue((diagnostic.Id, diagnostic.SemanticFingerprint), out var legacy) && legacy.Count > 0)
            {
                matched = legacy.Dequeue();
            }

            if (matched is not null)
            {
                matchedEntries.Add(matched);
            }

            states[i] = matched is not null ? BaselineStates.Unchanged : BaselineStates.New;
        }

        // The baseline's findings no current one matched, in file order.
        return (states, Entries.Where(e => !matchedEntries.Contains(e)).ToList());
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// Writes this run's findings as the new baseline (only when the content changes) and returns
    /// the baseline that was written.
    /// </summary>
    /// <remarks>
    /// The baseline is the run's full SARIF log (the same writer as the artifact), so the log a CI job
    /// uploaded can serve as the next baseline, and a baseline can be reviewed like any log.
    /// </remarks>
    /// <exception cref="BaselineException">The file cannot be written (a folder, a parent that is a file, no permission, a FIFO or device).</exception>
    public static Baseline Write(string path, AnalysisResult result, ReportOptions options)
    {
        try
        {
            SarifLogWriter.Write(path, result, options);
            using var text = new StreamReader(OutputPaths.ReplacedFile(System.IO.Path.GetFullPath(path)), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return Parse(text, path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new BaselineException($"the baseline file '{path}' cannot be written: {exception.Message}", exception);
        }
    }
}

/// <summary>SARIF <c>baselineState</c> values.</summary>
public static class BaselineStates
{
    public const string New = "new";
    public const string Unchanged = "unchanged";
    public const string Absent = "absent";
}
