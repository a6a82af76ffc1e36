using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1008: a persistence key written twice in <c>[nsx_v3]</c>; the last one wins.</summary>
public sealed class DuplicatePersistenceKeyRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1008", "DuplicatePersistenceKey", "Configuration", Severity.Warning, "ncp-config", "maintainability");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        if (pass.Configuration.Source is { } source)
        {
            var earlier = new Dictionary<string, IniEntry>(StringComparer.Ordinal);
            foreach (var entry in source.Ini.Entries)
            {
                // Network-profile parameters given again through extensions are NCP1014's.
                if (entry.Section != NcpIniDocument.PersistenceSection || !NcpKeys.IsPersistenceKey(entry.Key) || entry.ProfileParameter is not null)
                {
                    continue;
                }

                if (earlier.TryGetValue(entry.Key, out var previous))
                {
                    pass.Report(ConfigFindings.AtEntry(Rule, source, entry,
                        $"{entry.Key} is set again in [nsx_v3]{(entry.WrittenSection != previous.WrittenSection ? $" (as [{entry.WrittenSection}] and [{previous.WrittenSection}], which are one section)" : "")} (first on line {previous.KeySpan.StartLine}); NCP uses this last value, '{entry.Value}', and ignores '{previous.Value}'. Keep one assignment",
                        new[] { new RelatedLocation(previous.KeySpan, $"first {entry.Key}") }));
                }

                earlier[entry.Key] = entry;
            }
        }
    }
}
