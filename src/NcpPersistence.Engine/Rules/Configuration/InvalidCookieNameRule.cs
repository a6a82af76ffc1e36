using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1005: <c>cookie_name</c> is not an RFC 6265 cookie-name token.</summary>
public sealed class InvalidCookieNameRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1005", "InvalidCookieName", "Configuration", Severity.Error, "ncp-config", "correctness");

    private const string Separators = "()<>@,;:\\\"/[]?={}";

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        foreach (var entry in ConfigFindings.Assignments(pass.Configuration, NcpKeys.CookieName))
        {
            if (entry.Value.Length > 0 && !ConfigFindings.IsPlaceholder(entry.Value) && Problem(entry.Value) is { } problem)
            {
                pass.Report(ConfigFindings.AtEntry(Rule, pass.Configuration.Source!, entry, Message($"cookie_name = '{entry.Value}'", problem)));
            }
        }

        foreach (var setting in ConfigFindings.OverridesOf(pass.Configuration, NcpKeys.CookieName))
        {
            if (setting.Value.Length > 0 && !ConfigFindings.IsPlaceholder(setting.Value) && Problem(setting.Value) is { } problem)
            {
                pass.Report(ConfigFindings.AtOverride(Rule, setting, Message(ConfigFindings.Quote(setting), problem)));
            }
        }
    }

    /// <summary>Why the value is not an RFC 6265 token, or null when it is one.</summary>
    internal static string? Problem(string value)
    {
        if (value.Trim().Length == 0)
        {
            return "it is empty once spaces are trimmed";
        }

        foreach (var c in value)
        {
            if (c == ' ' || c == '\t')
            {
                return "it contains whitespace";
            }

            if (c < 0x20 || c == 0x7F)
            {
                return "it contains a control character";
            }

            if (c > 0x7E)
            {
                return $"it contains the non-ASCII character '{c}'";
            }

            if (Separators.IndexOf(c) >= 0)
            {
                return $"it contains the separator '{c}'";
            }
        }

        return null;
    }

    private static string Message(string what, string problem) =>
        $"{what} is not a valid cookie name: {problem}, and RFC 6265 allows only printable ASCII without spaces or ()<>@,;:\\\"/[]?={{}}. Browsers and NSX would mishandle the persistence cookie; use a plain token such as NCP_SESSION";
}
