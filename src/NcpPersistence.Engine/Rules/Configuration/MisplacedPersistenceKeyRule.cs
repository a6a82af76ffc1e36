using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1007: a persistence key outside <c>[nsx_v3]</c>, where NCP never reads it.</summary>
public sealed class MisplacedPersistenceKeyRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1007", "MisplacedPersistenceKey", "Configuration", Severity.Warning, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        if (pass.Configuration.Source is { } source)
        {
            foreach (var entry in source.Ini.Entries)
            {
                if (NcpKeys.IsPersistenceKey(entry.Key) && entry.Section != NcpIniDocument.PersistenceSection)
                {
                    pass.Report(ConfigFindings.AtEntry(Rule, source, entry, Message(source, entry)));
                }
            }
        }
    }

    private static string Message(NcpConfigSource source, IniEntry entry)
    {
        var written = entry.WrittenSection ?? entry.Section;
        if (source.Kind == NcpConfigKind.OperatorConfigMap && !GoIniParser.OperatorSections.Contains(written ?? ""))
        {
            var rename = string.Equals(written, NcpIniDocument.PersistenceSection, StringComparison.OrdinalIgnoreCase) ? $" Rename the header [{written}] to [nsx_v3] (exactly)" : " Move it to the [nsx_v3] section";
            return $"{entry.Key} is in section [{written}], which the NCP operator drops: it reads nsx-ncp-operator-config with go-ini, whose section names are exact, and copies only [DEFAULT], [ha], [k8s], [coe], [nsx_v3] and [vc] into NCP's configuration, so this setting never reaches NCP.{rename}";
        }

        return $"{entry.Key} is in section [{written}], where NCP does not read it, so this setting is ignored. Move it to the [nsx_v3] section";
    }
}
