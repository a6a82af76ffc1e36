using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules;

/// <summary>
/// One rule: its descriptor and a check over the shared model. Rules only report; suppressions
/// and severity configuration are applied centrally afterwards.
/// </summary>
public abstract class Rule
{
    public abstract RuleDescriptor Descriptor { get; }

    public abstract void Analyze(AnalysisModel model, RuleContext context);
}

/// <summary>Collects a rule's diagnostics.</summary>
public sealed class RuleContext
{
    private readonly List<Diagnostic> diagnostics;

    internal RuleContext(List<Diagnostic> diagnostics)
    {
        this.diagnostics = diagnostics;
    }

    public void Report(Diagnostic diagnostic) => diagnostics.Add(diagnostic);
}
