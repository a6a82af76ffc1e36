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
                    pass.Report(ConfigFindings.AtEntry(Rule, source, entry,
                        $"{entry.Key} is in section [{entry.Section}], where NCP does not read it, so this setting is ignored. Move it to the [nsx_v3] section"));
                }
            }
        }
    }
}
