using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Analyzer;

/// <summary>NCP0001: a suppression gives no reason; an auditor cannot tell why the finding is accepted.</summary>
/// <remarks>Reported by <see cref="NcpPersistence.Analysis.SuppressionEngine"/>, which sees every suppression once the rules have run.</remarks>
public static class SuppressionWithoutJustificationRule
{
    public static readonly RuleDescriptor Rule = new("NCP0001", "SuppressionWithoutJustification", "Analyzer", Severity.Warning, "suppression");

    internal static Diagnostic Create(SourceSpan location, ObjectId? owner, string form) =>
        new(Rule,
            $"This suppression ({form}) gives no justification, so nobody can tell why the finding is accepted. Write the reason after '--' in the comment, or as the annotation's value",
            location,
            owner is null ? null : new[] { owner },
            "suppression:" + form);
}
