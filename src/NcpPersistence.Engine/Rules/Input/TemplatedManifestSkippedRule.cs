using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9004: a Helm/Go template is not a manifest until rendered; it is skipped with a note.</summary>
public sealed class TemplatedManifestSkippedRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9004", "TemplatedManifestSkipped", "Input", Severity.Note, "input");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Analysis;

    public override void Analyze(Pass pass) =>
        ProblemFindings.Report(pass, Rule, LoadProblemKind.Templated,
            problem => problem.Message);
}
