using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1003: a persistence key is set to the sample files' placeholder <c>&lt;None&gt;</c>.</summary>
public sealed class PlaceholderValueRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1003", "PlaceholderValue", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        foreach (var key in NcpKeys.All)
        {
            foreach (var (source, entry) in ConfigFindings.Assignments(model, key))
            {
                if (ConfigFindings.IsPlaceholder(entry.Value))
                {
                    context.Report(ConfigFindings.AtEntry(Rule, source, entry,
                        $"{key} = <None> sets the literal string '<None>', not 'unset': '<None>' is only the sample file's placeholder for the default. Remove the line, comment it out, or write an empty value or none"));
                }
            }
        }

        var names = model.Options.OverrideNames;
        foreach (var (value, name) in new[]
                 {
                     (model.Options.L4PersistenceOverride, names.L4), (model.Options.L7PersistenceOverride, names.L7),
                     (model.Options.CookieNameOverride, names.CookieName), (model.Options.L7PersistenceTimeoutOverride, names.L7Timeout),
                 })
        {
            if (value == NcpKeys.Placeholder)
            {
                context.Report(ConfigFindings.AtOverride(Rule, name, $"{name} is the placeholder '<None>', which NCP would read as a literal string. Leave it out or give none"));
            }
        }
    }
}
