using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1006: <c>l7_persistence_timeout</c> is not an integer of at least 1.</summary>
public sealed class InvalidL7PersistenceTimeoutRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1006", "InvalidL7PersistenceTimeout", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        foreach (var entry in ConfigFindings.Assignments(pass.Configuration, NcpKeys.L7PersistenceTimeout))
        {
            if (entry.Value.Length == 0)
            {
                pass.Report(ConfigFindings.AtEntry(Rule, pass.Configuration.Source!, entry, EmptyMessage));
            }
            else if (!ConfigFindings.IsPlaceholder(entry.Value) && !EffectiveNcpConfig.TryParseTimeout(entry.Value, out _))
            {
                pass.Report(ConfigFindings.AtEntry(Rule, pass.Configuration.Source!, entry, Message($"l7_persistence_timeout = '{entry.Value}'")));
            }
        }

        foreach (var setting in ConfigFindings.OverridesOf(pass.Configuration, NcpKeys.L7PersistenceTimeout))
        {
            if (setting.Value.Length > 0 && !ConfigFindings.IsPlaceholder(setting.Value) && !EffectiveNcpConfig.TryParseTimeout(setting.Value, out _))
            {
                pass.Report(ConfigFindings.AtOverride(Rule, setting, Message(ConfigFindings.Quote(setting))));
            }
        }
    }

    /// <summary>oslo.config's IntOpt reads an empty value as None: the 10800 default is replaced, not kept.</summary>
    private const string EmptyMessage =
        "l7_persistence_timeout is empty, which is not 'unset': oslo.config reads an empty integer option as None, so the 10800-second default no longer applies and NCP gets no usable timeout. Write a positive integer such as 10800, or remove the line for the default";

    private static string Message(string what) =>
        $"{what} is not a whole number of seconds of at least 1, so NCP rejects its configuration. Write a positive integer such as 10800 (the default), without units";
}
