using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>What the NCP1xxx rules share: walking [nsx_v3] assignments and building their diagnostics.</summary>
internal static class ConfigFindings
{
    /// <summary>Every assignment of <paramref name="key"/> in <c>[nsx_v3]</c>, in file order.</summary>
    public static IEnumerable<(NcpConfigSource Source, IniEntry Entry)> Assignments(AnalysisModel model, string key)
    {
        foreach (var source in model.ConfigSources)
        {
            foreach (var entry in source.Ini.Entries)
            {
                if (entry.Section == NcpIniDocument.PersistenceSection && entry.Key == key)
                {
                    yield return (source, entry);
                }
            }
        }
    }

    public static string FieldPath(NcpConfigSource source, IniEntry entry) =>
        $"{(source.ConfigMap is null ? "" : "data.")}ncp.ini[{entry.Section ?? ""}].{entry.Key}";

    public static Diagnostic AtEntry(RuleDescriptor rule, NcpConfigSource source, IniEntry entry, string message, IReadOnlyList<RelatedLocation>? related = null) =>
        new(rule, message, entry.KeySpan, new[] { source.Owner }, FieldPath(source, entry), related);

    /// <summary>A diagnostic about a value given on the command line or as an MSBuild property: no file location.</summary>
    public static Diagnostic AtOverride(RuleDescriptor rule, string overrideName, string message) =>
        new(rule, message, null, null, "override." + overrideName);

    public static bool IsPlaceholder(string value) => value == NcpKeys.Placeholder;
}
