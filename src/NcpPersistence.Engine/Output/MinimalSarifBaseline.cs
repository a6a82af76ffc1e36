using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace NcpPersistence.Output;

/// <summary>
/// TO BE REPLACED by the SARIF writer (Output/SarifLogWriter): a minimal but valid SARIF 2.1.0 log
/// for <c>--update-baseline</c>, holding what a baseline needs (ruleId, level, message.text and
/// <c>partialFingerprints["ncpSemantic/v1"]</c>). Its only caller is <see cref="Baseline.Write"/>.
/// Findings suppressed in source are left out (they need no baseline). No timestamps or absolute
/// paths, so an unchanged set of findings rewrites nothing.
/// </summary>
internal static class MinimalSarifBaseline
{
    public static string Serialize(AnalysisResult result)
    {
        var results = new JArray();
        foreach (var diagnostic in result.Diagnostics.Where(d => !d.IsSuppressed))
        {
            results.Add(new JObject
            {
                ["ruleId"] = diagnostic.Id,
                ["level"] = diagnostic.Severity switch
                {
                    Severity.Error => "error",
                    Severity.Warning => "warning",
                    Severity.Note => "note",
                    _ => "none",
                },
                ["message"] = new JObject { ["text"] = diagnostic.Message },
                ["partialFingerprints"] = new JObject { [Diagnostic.SemanticFingerprintKey] = diagnostic.SemanticFingerprint },
            });
        }

        var log = new JObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JArray
            {
                new JObject
                {
                    ["tool"] = new JObject
                    {
                        ["driver"] = new JObject
                        {
                            ["name"] = "NcpPersistence",
                            ["version"] = ReportOptions.ToolVersion,
                        },
                    },
                    ["results"] = results,
                },
            },
        };
        return log.ToString(Formatting.Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
