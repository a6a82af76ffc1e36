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
        foreach (var entry in ConfigFindings.Assignments(pass.Configuration, NcpKeys.L4Persistence))
        {
            if (!ConfigFindings.IsPlaceholder(entry.Value) && EffectiveNcpConfig.ParseL4(entry.Value) == PersistenceKind.Invalid)
            {
                pass.Report(ConfigFindings.AtEntry(Rule, pass.Configuration.Source!, entry, Message($"l4_persistence = '{entry.Value}'")));
            }
        }

        foreach (var setting in ConfigFindings.OverridesOf(pass.Configuration, NcpKeys.L4Persistence))
        {
            if (!ConfigFindings.IsPlaceholder(setting.Value) && EffectiveNcpConfig.ParseL4(setting.Value) == PersistenceKind.Invalid)
            {
                pass.Report(ConfigFindings.AtOverride(Rule, setting, Message(ConfigFindings.Quote(setting))));
            }
        }
    }

    private static string Message(string what) =>
        $"{what} is not a value NCP accepts for l4_persistence, so NCP rejects its configuration. Use source_ip or none (values are case-sensitive; layer 4 knows no cookie persistence)";
}
