using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9004: a Helm/Go template is not a manifest until rendered; it is skipped with a note.</summary>
public sealed class TemplatedManifestSkippedRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9004", "TemplatedManifestSkipped", "Input", Severity.Note, "input");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context) =>
        ProblemFindings.Report(model, context, Rule, LoadProblemKind.Templated,
            problem => $"{char.ToUpperInvariant(problem.Message[0])}{problem.Message.Substring(1)}");
}
