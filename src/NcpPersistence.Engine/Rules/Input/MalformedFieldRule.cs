using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9003: a field the analyzer reads has a shape Kubernetes would reject.</summary>
public sealed class MalformedFieldRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9003", "MalformedField", "Input", Severity.Error, "kubernetes-validation", "input");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context) =>
        ProblemFindings.Report(model, context, Rule, LoadProblemKind.MalformedField,
            problem => $"The field {problem.Message}, so the API server rejects the object and this field was not analysed");
}
