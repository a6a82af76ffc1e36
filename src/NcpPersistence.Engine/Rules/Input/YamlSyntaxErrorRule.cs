using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9001: a file is not valid YAML (reported at the parser's position).</summary>
public sealed class YamlSyntaxErrorRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9001", "YamlSyntaxError", "Input", Severity.Error, "input");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Analysis;

    public override void Analyze(Pass pass) =>
        ProblemFindings.Report(pass, Rule, LoadProblemKind.YamlSyntax,
            problem => problem.Message + ". Documents before the error were analysed, the rest were not");
}
