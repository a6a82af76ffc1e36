using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Services;

/// <summary>NCP2006: more dedicated persistence profiles than the configured budget.</summary>
public sealed class DedicatedProfileBudgetExceededRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP2006", "DedicatedProfileBudgetExceeded", "Service", Severity.Warning, "nsx-cost");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        if (model.Options.MaxDedicatedProfiles is not { } budget)
        {
            return;
        }

        var dedicated = model.Services
            .Where(s => ReferenceEquals(model.FindService(s.Namespace, s.Name), s)) // a redefined Service counts once
            .Where(s => PersistenceSemantics.L4For(s, model.Effective).IsDedicated)
            .Select(s => s.Ref.QualifiedName)
            .ToList();
        if (dedicated.Count > budget)
        {
            context.Report(new Diagnostic(Rule,
                $"The manifests need {dedicated.Count} dedicated NSX persistence profiles, over the budget of {budget} ({string.Join(", ", dedicated)}). Give some of these Services the default timeout of 10800 seconds so they share the common profile, or raise the budget",
                null,
                null,
                "dedicatedProfiles"));
        }
    }
}
