using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1005: <c>cookie_name</c> is not an RFC 6265 cookie-name token.</summary>
public sealed class InvalidCookieNameRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1005", "InvalidCookieName", "Configuration", Severity.Error, "ncp-config", "correctness");

    private const string Separators = "()<>@,;:\\\"/[]?={}";

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        foreach (var (source, entry) in ConfigFindings.Assignments(model, NcpKeys.CookieName))
        {
            if (entry.Value.Length > 0 && !ConfigFindings.IsPlaceholder(entry.Value) && Problem(entry.Value) is { } problem)
            {
                context.Report(ConfigFindings.AtEntry(Rule, source, entry, Message(entry.Value, problem)));
            }
        }

        if (model.Options.CookieNameOverride is { Length: > 0 } value && value != NcpKeys.Placeholder && Problem(value) is { } overrideProblem)
        {
            context.Report(ConfigFindings.AtOverride(Rule, model.Options.OverrideNames.CookieName, Message(value, overrideProblem)));
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

    private static string Message(string value, string problem) =>
        $"cookie_name = '{value}' is not a valid cookie name: {problem}, and RFC 6265 allows only printable ASCII without spaces or ()<>@,;:\\\"/[]?={{}}. Browsers and NSX would mishandle the persistence cookie; use a plain token such as NCP_SESSION";
}
