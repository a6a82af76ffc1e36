using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1001: <c>l4_persistence</c> has a value NCP does not accept.</summary>
public sealed class InvalidL4PersistenceRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1001", "InvalidL4Persistence", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        var release = pass.Configuration.Release;
        foreach (var entry in ConfigFindings.Assignments(pass.Configuration, NcpKeys.L4Persistence))
        {
            if (ConfigFindings.ChoiceProblem("l4_persistence", $"l4_persistence = '{entry.Value}'", entry.Value, layer7: false, release) is { } message)
            {
                pass.Report(ConfigFindings.AtEntry(Rule, pass.Configuration.Source!, entry, message));
            }
        }

        foreach (var setting in ConfigFindings.OverridesOf(pass.Configuration, NcpKeys.L4Persistence))
        {
            if (ConfigFindings.ChoiceProblem("l4_persistence", ConfigFindings.Quote(setting), setting.Value, layer7: false, release) is { } message)
            {
                pass.Report(ConfigFindings.AtOverride(Rule, setting, message));
            }
        }
    }
}
