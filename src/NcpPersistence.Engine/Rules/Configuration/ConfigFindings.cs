using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>What the NCP1xxx rules share: walking [nsx_v3] assignments and overrides, and building their diagnostics.</summary>
internal static class ConfigFindings
{
    /// <summary>
    /// Every assignment of <paramref name="key"/> in <c>[nsx_v3]</c> of the configuration's ncp.ini, in file order
    /// (sections as the flavour names them, so <c>[NSX_V3]</c> counts for oslo.config). A network profile's own
    /// parameters are left out: NCP1014 judges them as TKGI does.
    /// </summary>
    public static IEnumerable<IniEntry> Assignments(NcpConfiguration configuration, string key)
    {
        if (configuration.Source is not { } source)
        {
            yield break;
        }

        foreach (var entry in source.Ini.Entries)
        {
            if (entry.Section == NcpIniDocument.PersistenceSection && entry.Key == key && entry.ProfileParameter is null)
            {
                yield return entry;
            }
        }
    }

    /// <summary>
    /// Why NCP refuses a value of <c>l4_persistence</c> (<paramref name="layer7"/> false) or <c>l7_persistence</c>, for the
    /// configuration's NCP release; null when it accepts it. <paramref name="what"/> names the value as written.
    /// </summary>
    public static string? ChoiceProblem(string key, string what, string value, bool layer7, NcpRelease? release, NcpConfigSource? source = null)
    {
        var comments = source?.Kind == NcpConfigKind.OperatorConfigMap ? "" : "; ncp.ini has no inline comments";
        var choices = layer7 ? "cookie, source_ip" : "source_ip";
        var none = NcpRelease.Has(release, NcpVersion.NoneValues);
        var fix = none ? $"Use {choices} or none" : $"Use {choices}, or remove the line for no persistence (none is a value only from NCP 4.1.1)";
        var kind = layer7 ? EffectiveNcpConfig.ParseL7(value, release) : EffectiveNcpConfig.ParseL4(value, release);
        if (kind != PersistenceKind.Invalid || IsPlaceholder(value))
        {
            return null;
        }

        if (value.Length == 0)
        {
            return $"{what} is empty, which is not 'unset': oslo.config accepts only one of the option's choices, so NCP rejects its configuration and does not start. Remove the line for no persistence, or write {(layer7 ? "cookie or source_ip" : "source_ip")}";
        }

        if (EffectiveNcpConfig.IsNoneValue(value))
        {
            return $"{what} is a value NCP accepts only from NCP 4.1.1, and this configuration runs {release!.Describe()}: its oslo.config choices for {key} have no {value}, so NCP rejects its configuration and does not start. Remove the line for no persistence (or set --ncp-version / NcpVersion / ncpVersion to the release the cluster runs)";
        }

        return layer7
            ? $"{what} is not a value NCP accepts for l7_persistence, so NCP rejects its configuration. {fix} (values are case-sensitive{comments})"
            : $"{what} is not a value NCP accepts for l4_persistence, so NCP rejects its configuration. {fix} (values are case-sensitive; layer 4 knows no cookie persistence)";
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
