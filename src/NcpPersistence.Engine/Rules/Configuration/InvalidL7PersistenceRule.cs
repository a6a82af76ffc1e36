using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1002: <c>l7_persistence</c> has a value NCP does not accept.</summary>
public sealed class InvalidL7PersistenceRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1002", "InvalidL7Persistence", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        var release = pass.Configuration.Release;
        foreach (var entry in ConfigFindings.Assignments(pass.Configuration, NcpKeys.L7Persistence))
        {
            if (ConfigFindings.ChoiceProblem("l7_persistence", $"l7_persistence = '{entry.Value}'", entry.Value, layer7: true, release, pass.Configuration.Source) is { } message)
            {
                pass.Report(ConfigFindings.AtEntry(Rule, pass.Configuration.Source!, entry, message));
            }
        }

        foreach (var setting in ConfigFindings.OverridesOf(pass.Configuration, NcpKeys.L7Persistence))
        {
            if (ConfigFindings.ChoiceProblem("l7_persistence", ConfigFindings.Quote(setting), setting.Value, layer7: true, release) is { } message)
            {
                pass.Report(ConfigFindings.AtOverride(Rule, setting, message));
            }
        }
    }
}
