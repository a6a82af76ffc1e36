using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1004: <c>cookie_name</c> without cookie persistence, or <c>l7_persistence_timeout</c> without any.</summary>
public sealed class SettingWithoutEffectRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1004", "SettingWithoutEffect", "Configuration", Severity.Warning, "ncp-config", "maintainability");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        foreach (var source in model.ConfigSources)
        {
            // Each configuration is judged with the overrides applied, as NCP would run with it.
            var effective = AnalysisModel.BuildEffective(source, model.Options);
            var l7 = effective.L7;
            if (model.Options.CookieNameOverride is null && source.Effective(NcpKeys.CookieName) is { Value.Length: > 0 } cookie
                && l7 is not PersistenceKind.Cookie and not PersistenceKind.Invalid)
            {
                context.Report(ConfigFindings.AtEntry(Rule, source, cookie, CookieMessage(l7), Related(effective)));
            }

            if (model.Options.L7PersistenceTimeoutOverride is null && source.Effective(NcpKeys.L7PersistenceTimeout) is { Value.Length: > 0 } timeout
                && l7 == PersistenceKind.None)
            {
                context.Report(ConfigFindings.AtEntry(Rule, source, timeout, TimeoutMessage(), Related(effective)));
            }
        }

        var overall = model.Effective;
        var names = model.Options.OverrideNames;
        if (model.Options.CookieNameOverride is { Length: > 0 } && overall.L7 is not PersistenceKind.Cookie and not PersistenceKind.Invalid)
        {
            context.Report(ConfigFindings.AtOverride(Rule, names.CookieName, $"{names.CookieName} has no effect: " + CookieMessage(overall.L7)));
        }

        if (model.Options.L7PersistenceTimeoutOverride is { Length: > 0 } && overall.L7 == PersistenceKind.None)
        {
            context.Report(ConfigFindings.AtOverride(Rule, names.L7Timeout, $"{names.L7Timeout} has no effect: " + TimeoutMessage()));
        }
    }

    private static IReadOnlyList<RelatedLocation>? Related(EffectiveNcpConfig effective) =>
        PersistenceSemantics.SpanOf(effective.L7Setting) is { } span
            ? new[] { new RelatedLocation(span, $"l7_persistence = {effective.L7Setting.Value}") }
            : null;

    private static string CookieMessage(PersistenceKind l7) =>
        $"cookie_name has no effect because l7_persistence is {EffectiveNcpConfig.Describe(l7)}, not cookie, so NCP ignores the cookie name. Remove cookie_name, or set l7_persistence = cookie if cookie persistence was intended";

    private static string TimeoutMessage() =>
        "l7_persistence_timeout has no effect because l7_persistence is none, so NCP creates no layer-7 persistence profile for the timeout to apply to. Remove l7_persistence_timeout, or set l7_persistence to cookie or source_ip";
}
