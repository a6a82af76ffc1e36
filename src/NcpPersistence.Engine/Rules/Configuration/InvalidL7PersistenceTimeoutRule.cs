using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1006: <c>l7_persistence_timeout</c> is not an integer of at least 1.</summary>
public sealed class InvalidL7PersistenceTimeoutRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1006", "InvalidL7PersistenceTimeout", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        foreach (var (source, entry) in ConfigFindings.Assignments(model, NcpKeys.L7PersistenceTimeout))
        {
            if (entry.Value.Length > 0 && !ConfigFindings.IsPlaceholder(entry.Value) && !EffectiveNcpConfig.TryParseTimeout(entry.Value, out _))
            {
                context.Report(ConfigFindings.AtEntry(Rule, source, entry, Message(entry.Value)));
            }
        }

        if (model.Options.L7PersistenceTimeoutOverride is { Length: > 0 } value && value != NcpKeys.Placeholder && !EffectiveNcpConfig.TryParseTimeout(value, out _))
        {
            context.Report(ConfigFindings.AtOverride(Rule, model.Options.OverrideNames.L7Timeout, Message(value)));
        }
    }

    private static string Message(string value) =>
        $"l7_persistence_timeout = '{value}' is not a whole number of seconds of at least 1, so NCP rejects its configuration. Write a positive integer such as 10800 (the default), without units";
}
