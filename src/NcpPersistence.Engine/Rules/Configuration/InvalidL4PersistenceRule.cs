using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1001: <c>l4_persistence</c> has a value NCP does not accept.</summary>
public sealed class InvalidL4PersistenceRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1001", "InvalidL4Persistence", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        foreach (var (source, entry) in ConfigFindings.Assignments(model, NcpKeys.L4Persistence))
        {
            if (!ConfigFindings.IsPlaceholder(entry.Value) && EffectiveNcpConfig.ParseL4(entry.Value) == PersistenceKind.Invalid)
            {
                context.Report(ConfigFindings.AtEntry(Rule, source, entry, Message(entry.Value)));
            }
        }

        var overrideValue = model.Options.L4PersistenceOverride;
        if (overrideValue is not null && overrideValue != NcpKeys.Placeholder && EffectiveNcpConfig.ParseL4(overrideValue) == PersistenceKind.Invalid)
        {
            context.Report(ConfigFindings.AtOverride(Rule, model.Options.OverrideNames.L4, Message(overrideValue)));
        }
    }

    private static string Message(string value) =>
        $"l4_persistence = '{value}' is not a value NCP accepts, so NCP rejects its configuration. Use source_ip or none (values are case-sensitive; layer 4 knows no cookie persistence)";
}
