using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1003: a persistence key is set to the sample files' placeholder <c>&lt;None&gt;</c>.</summary>
public sealed class PlaceholderValueRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1003", "PlaceholderValue", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        foreach (var key in NcpKeys.All)
        {
            foreach (var entry in ConfigFindings.Assignments(pass.Configuration, key))
            {
                if (ConfigFindings.IsPlaceholder(entry.Value))
                {
                    pass.Report(ConfigFindings.AtEntry(Rule, pass.Configuration.Source!, entry,
                        $"{key} = <None> sets the literal string '<None>', not 'unset': '<None>' is only the sample file's placeholder for the default. Remove the line, comment it out, or write none"));
                }
            }

            foreach (var setting in ConfigFindings.OverridesOf(pass.Configuration, key))
            {
                if (ConfigFindings.IsPlaceholder(setting.Value))
                {
                    pass.Report(ConfigFindings.AtOverride(Rule, setting, $"{setting.Name} is the placeholder '<None>', which NCP would read as a literal string. Leave it out or give none"));
                }
            }
        }
    }
}
