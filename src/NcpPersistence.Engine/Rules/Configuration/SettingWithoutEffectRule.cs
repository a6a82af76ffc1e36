using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1004: <c>cookie_name</c> without cookie persistence or on an NCP before 3.2 (which has no such option), or <c>l7_persistence_timeout</c> without any persistence.</summary>
public sealed class SettingWithoutEffectRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1004", "SettingWithoutEffect", "Configuration", Severity.Warning, "ncp-config", "maintainability");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        // Each configuration is judged with its overrides applied, as NCP would run with it.
        var configuration = pass.Configuration;
        var effective = configuration.Effective;
        var l7 = effective.L7;
        var cookieOverrides = ConfigFindings.OverridesOf(configuration, NcpKeys.CookieName).ToList();
        var timeoutOverrides = ConfigFindings.OverridesOf(configuration, NcpKeys.L7PersistenceTimeout).ToList();
        var cookieNameExists = NcpRelease.Has(configuration.Release, NcpVersion.CookieName);
        if (configuration.Source is { } source)
        {
            // A network profile's own timeout is TKGI's (it must come with persistence_type, even "none"): NCP1014 judges it.
            if (cookieOverrides.Count == 0 && source.Effective(NcpKeys.CookieName) is { Value.Length: > 0, ProfileParameter: null } cookie)
            {
                if (!cookieNameExists)
                {
                    pass.Report(ConfigFindings.AtEntry(Rule, source, cookie, TooOldMessage("cookie_name", configuration.Release!)));
                }
                else if (l7 is not PersistenceKind.Cookie and not PersistenceKind.Invalid)
                {
                    pass.Report(ConfigFindings.AtEntry(Rule, source, cookie, CookieMessage("cookie_name", l7), Related(effective)));
                }
            }

            if (timeoutOverrides.Count == 0 && source.Effective(NcpKeys.L7PersistenceTimeout) is { Value.Length: > 0, ProfileParameter: null } timeout
                && l7 == PersistenceKind.None)
            {
                pass.Report(ConfigFindings.AtEntry(Rule, source, timeout, TimeoutMessage("l7_persistence_timeout"), Related(effective)));
            }
        }

        if (cookieOverrides.LastOrDefault() is { Value.Length: > 0 } cookieOverride)
        {
            if (!cookieNameExists)
            {
                pass.Report(ConfigFindings.AtOverride(Rule, cookieOverride, TooOldMessage(cookieOverride.Name, configuration.Release!)));
            }
            else if (l7 is not PersistenceKind.Cookie and not PersistenceKind.Invalid)
            {
                pass.Report(ConfigFindings.AtOverride(Rule, cookieOverride, CookieMessage(cookieOverride.Name, l7)));
            }
        }

        if (timeoutOverrides.LastOrDefault() is { Value.Length: > 0 } timeoutOverride && l7 == PersistenceKind.None)
        {
            pass.Report(ConfigFindings.AtOverride(Rule, timeoutOverride, TimeoutMessage(timeoutOverride.Name)));
        }
    }

    private static IReadOnlyList<RelatedLocation>? Related(EffectiveNcpConfig effective) =>
        PersistenceSemantics.SpanOf(effective.L7Setting) is { } span
            ? new[] { new RelatedLocation(span, $"l7_persistence = {effective.L7Setting.Value}") }
            : null;

    private static string CookieMessage(string what, PersistenceKind l7) =>
        $"{what} has no effect because l7_persistence is {EffectiveNcpConfig.Describe(l7)}, not cookie, so NCP ignores the cookie name. Remove it, or set l7_persistence = cookie if cookie persistence was intended";

    private static string TooOldMessage(string what, NcpRelease release) =>
        $"{what} has no effect on {release.Describe()}: NCP has the cookie_name option only from NCP 3.2, so it ignores the key and NSX uses its default cookie name. Remove it, or set --ncp-version / NcpVersion / ncpVersion to the release the cluster runs if it is 3.2 or later";

    private static string TimeoutMessage(string what) =>
        $"{what} has no effect because l7_persistence is none, so NCP creates no layer-7 persistence profile for the timeout to apply to. Remove it, or set l7_persistence to cookie or source_ip";
}
