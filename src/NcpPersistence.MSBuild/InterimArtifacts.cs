using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Output;

namespace NcpPersistence.MSBuild;

/// <summary>
/// TEMPORARY minimal artifacts, so the task writes all three files today.
/// replaced when the SARIF/plan writers land (SarifLogWriter.ToJson and PlanWriter): delete this file
/// and change the three calls in <see cref="NcpPersistenceAnalyze"/>'s WriteArtifacts.
/// </summary>
internal static class InterimArtifacts
{
    private static readonly JsonWriterOptions Json = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A minimal valid SARIF 2.1.0 log: tool, rules, results with physical locations and suppressions.</summary>
    public static string Sarif(AnalysisResult result, ReportOptions report)
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "ncp-persistence");
            w.WriteString("version", ReportOptions.ToolVersion);
            w.WriteStartArray("rules");
            foreach (var rule in result.Diagnostics.Select(d => d.Rule).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("id", rule.Id);
                w.WriteString("name", rule.Name);
                if (report.HelpUriBase is { } help)
                {
                    w.WriteString("helpUri", help + rule.DocumentationPath);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("automationDetails");
            w.WriteString("id", report.SarifCategory);
            w.WriteEndObject();
            w.WriteStartObject("originalUriBaseIds");
            w.WriteStartObject("%SRCROOT%");
            w.WriteString("uri", new Uri(EnsureSlash(report.SourceRoot)).AbsoluteUri);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("results");
            foreach (var d in result.Diagnostics)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", d.Id);
                w.WriteString("level", d.Severity == Severity.Error ? "error" : d.Severity == Severity.Warning ? "warning" : "note");
                w.WriteStartObject("message");
                w.WriteString("text", d.Message);
                w.WriteEndObject();
                if (d.Location is { } l)
                {
                    w.WriteStartArray("locations");
                    w.WriteStartObject();
                    w.WriteStartObject("physicalLocation");
                    w.WriteStartObject("artifactLocation");
                    w.WriteString("uri", Relative(l.File, report.SourceRoot));
                    w.WriteString("uriBaseId", "%SRCROOT%");
                    w.WriteEndObject();
                    w.WriteStartObject("region");
                    w.WriteNumber("startLine", l.StartLine);
                    w.WriteNumber("startColumn", l.StartColumn);
                    if (l.HasExtent)
                    {
                        w.WriteNumber("endLine", l.EndLine);
                        w.WriteNumber("endColumn", l.EndColumn);
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                w.WriteStartObject("partialFingerprints");
                w.WriteString(Diagnostic.SemanticFingerprintKey, d.SemanticFingerprint);
                w.WriteEndObject();
                if (d.Suppression is { } s)
                {
                    w.WriteStartArray("suppressions");
                    w.WriteStartObject();
                    w.WriteString("kind", "inSource");
                    w.WriteString("justification", s.Justification);
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>A minimal plan: schema version, the conflicts (NCP3001) and the analysed files.</summary>
    public static string PlanJson(AnalysisResult result, ReportOptions report)
    {
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("schemaVersion", "0.interim");
            w.WriteStartArray("profiles");
            w.WriteEndArray();
            w.WriteStartArray("virtualServers");
            w.WriteEndArray();
            w.WriteStartArray("conflicts");
            foreach (var d in Conflicts(result))
            {
                w.WriteStartObject();
                w.WriteStartArray("objects");
                foreach (var o in d.Objects)
                {
                    w.WriteStringValue(o.DisplayName);
                }

                w.WriteEndArray();
                w.WriteString("message", d.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("files");
            foreach (var file in result.Model.Files)
            {
                w.WriteStringValue(Relative(file.Path, report.SourceRoot));
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static string PlanMarkdown(AnalysisResult result, ReportOptions report)
    {
        var conflicts = Conflicts(result).ToList();
        var text = new StringBuilder();
        text.Append("# NSX persistence profile plan\n\n");
        text.Append($"{conflicts.Count} conflict(s) in {result.FileCount} file(s). (Interim plan: the full plan writer is not integrated yet.)\n");
        if (conflicts.Count > 0)
        {
            text.Append("\n| objects | conflict |\n| --- | --- |\n");
            foreach (var d in conflicts)
            {
                text.Append($"| {string.Join(", ", d.Objects.Select(o => o.DisplayName))} | {d.Message.Replace("|", "\\|")} |\n");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<Diagnostic> Conflicts(AnalysisResult result) =>
        result.Diagnostics.Where(d => d.Id == "NCP3001" && !d.IsSuppressed);

    private static string Relative(string path, string root) => ConsoleFormatter.RelativePath(path, root);

    private static string EnsureSlash(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Json))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
    }
}
