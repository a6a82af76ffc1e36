using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>What the NCP1xxx rules share: walking [nsx_v3] assignments and overrides, and building their diagnostics.</summary>
internal static class ConfigFindings
{
    /// <summary>Every assignment of <paramref name="key"/> in <c>[nsx_v3]</c> of the configuration's ncp.ini, in file order.</summary>
    public static IEnumerable<IniEntry> Assignments(NcpConfiguration configuration, string key)
    {
        if (configuration.Source is not { } source)
        {
            yield break;
        }

        foreach (var entry in source.Ini.Entries)
        {
            if (entry.Section == NcpIniDocument.PersistenceSection && entry.Key == key)
            {
                yield return entry;
            }
        }
    }

    /// <summary>The overrides of <paramref name="key"/> that apply to the configuration.</summary>
    public static IEnumerable<SettingOverride> OverridesOf(NcpConfiguration configuration, string key) =>
        configuration.Overrides.Where(o => o.Key == key);

    public static string FieldPath(NcpConfigSource source, IniEntry entry) =>
        $"{(source.ConfigMap is null ? "" : "data.")}ncp.ini[{entry.Section ?? ""}].{entry.Key}";

    public static Diagnostic AtEntry(RuleDescriptor rule, NcpConfigSource source, IniEntry entry, string message, IReadOnlyList<RelatedLocation>? related = null) =>
        new(rule, message, entry.KeySpan, new[] { source.Owner }, FieldPath(source, entry), related, subjects: source.ConfigMap is { } configMap ? new[] { configMap } : null);

    /// <summary>
    /// A diagnostic about a value given outside ncp.ini: at the settings file's value for a cluster's
    /// override, without location for a command-line option or MSBuild property.
    /// </summary>
    public static Diagnostic AtOverride(RuleDescriptor rule, SettingOverride setting, string message) =>
        new(rule, message, setting.Span, null, "override." + setting.Name);

    /// <summary>Where the value comes from, for messages: <c>l4_persistence = 'x'</c> or <c>--l4 'x'</c>.</summary>
    public static string Quote(SettingOverride setting) => $"{setting.Name} '{setting.Value}'";

    public static bool IsPlaceholder(string value) => value == NcpKeys.Placeholder;
}
