using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1002: <c>l7_persistence</c> has a value NCP does not accept.</summary>
public sealed class InvalidL7PersistenceRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1002", "InvalidL7Persistence", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        foreach (var (source, entry) in ConfigFindings.Assignments(model, NcpKeys.L7Persistence))
        {
            if (!ConfigFindings.IsPlaceholder(entry.Value) && EffectiveNcpConfig.ParseL7(entry.Value) == PersistenceKind.Invalid)
            {
                context.Report(ConfigFindings.AtEntry(Rule, source, entry, Message(entry.Value)));
            }
        }

        var overrideValue = model.Options.L7PersistenceOverride;
        if (overrideValue is not null && overrideValue != NcpKeys.Placeholder && EffectiveNcpConfig.ParseL7(overrideValue) == PersistenceKind.Invalid)
        {
            context.Report(ConfigFindings.AtOverride(Rule, model.Options.OverrideNames.L7, Message(overrideValue)));
        }
    }

    private static string Message(string value) =>
        $"l7_persistence = '{value}' is not a value NCP accepts, so NCP rejects its configuration. Use cookie, source_ip or none (values are case-sensitive; ncp.ini has no inline comments)";
}
