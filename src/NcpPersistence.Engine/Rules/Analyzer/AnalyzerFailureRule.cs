using NcpPersistence.Diagnostics;
using NcpPersistence.Model;
using NcpPersistence.Rules.Input;

namespace NcpPersistence.Rules.Analyzer;

/// <summary>NCP0000: the analyzer itself failed on a file (a bug to report); the rest was still analysed.</summary>
public sealed class AnalyzerFailureRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP0000", "AnalyzerFailure", "Analyzer", Severity.Error, "analyzer");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Analysis;

    public override void Analyze(Pass pass) =>
        ProblemFindings.Report(pass, Rule, LoadProblemKind.AnalyzerFailure, problem => problem.Message);

    /// <summary>A rule that threw: reported as NCP0000 instead of taking the build down.</summary>
    internal static Diagnostic ForRule(RuleDescriptor failed, Exception exception) =>
        new(Rule,
            $"Rule {failed.Id} ({failed.Name}) failed with {exception.GetType().Name}: {exception.Message}; its findings are missing from this run. Please report this as a bug",
            null,
            null,
            "rule:" + failed.Id,
            details: exception.ToString());
}
