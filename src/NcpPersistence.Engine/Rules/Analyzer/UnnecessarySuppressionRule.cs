using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Analyzer;

/// <summary>NCP0002: a suppression that matched no diagnostic; it is stale or misplaced.</summary>
/// <remarks>Reported by <see cref="NcpPersistence.Analysis.SuppressionEngine"/>.</remarks>
public static class UnnecessarySuppressionRule
{
    public static readonly RuleDescriptor Rule = new("NCP0002", "UnnecessarySuppression", "Analyzer", Severity.Note, "suppression");

    internal static Diagnostic Create(SourceSpan location, ObjectId? owner, string form) =>
        new(Rule,
            $"This suppression ({form}) matches no diagnostic, so it hides nothing; it is stale or on the wrong line. Remove it, or move it to the line or object that has the finding",
            location,
            owner is null ? null : new[] { owner },
            "suppression:" + form);
}
