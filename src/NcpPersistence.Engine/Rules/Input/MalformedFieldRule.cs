using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9003: a field the analyzer reads has a shape Kubernetes would reject.</summary>
public sealed class MalformedFieldRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9003", "MalformedField", "Input", Severity.Error, "kubernetes-validation", "input");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Analysis;

    public override void Analyze(Pass pass) =>
        ProblemFindings.Report(pass, Rule, LoadProblemKind.MalformedField,
            problem => $"The field {problem.Message}, so the API server rejects the object and this field was not analysed");
}
