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
        foreach (var entry in ConfigFindings.Assignments(pass.Configuration, NcpKeys.L7Persistence))
        {
            if (!ConfigFindings.IsPlaceholder(entry.Value) && EffectiveNcpConfig.ParseL7(entry.Value) == PersistenceKind.Invalid)
            {
                pass.Report(ConfigFindings.AtEntry(Rule, pass.Configuration.Source!, entry, Message($"l7_persistence = '{entry.Value}'")));
            }
        }

        foreach (var setting in ConfigFindings.OverridesOf(pass.Configuration, NcpKeys.L7Persistence))
        {
            if (!ConfigFindings.IsPlaceholder(setting.Value) && EffectiveNcpConfig.ParseL7(setting.Value) == PersistenceKind.Invalid)
            {
                pass.Report(ConfigFindings.AtOverride(Rule, setting, Message(ConfigFindings.Quote(setting))));
            }
        }
    }

    private static string Message(string what) =>
        $"{what} is not a value NCP accepts for l7_persistence, so NCP rejects its configuration. Use cookie, source_ip or none (values are case-sensitive; ncp.ini has no inline comments)";
}
