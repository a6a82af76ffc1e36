using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Services;

/// <summary>NCP2006: more dedicated persistence profiles than the configured budget.</summary>
public sealed class DedicatedProfileBudgetExceededRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP2006", "DedicatedProfileBudgetExceeded", "Service", Severity.Warning, "nsx-cost") { DependsOnConfiguration = true };

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        if (pass.Options.MaxDedicatedProfiles is not { } budget)
        {
            return;
        }

        // A redefined Service counts once: the definition applying everything leaves.
        var dedicated = pass.View.EffectiveServices
            .Where(s => pass.View.L4(s).IsDedicated)
            .Select(s => s.Id.QualifiedName)
            .ToList();
        if (dedicated.Count > budget)
        {
            pass.Report(new Diagnostic(Rule,
                $"The manifests need {dedicated.Count} dedicated NSX persistence profiles, over the budget of {budget} ({string.Join(", ", dedicated)}). Give some of these Services the default timeout of 10800 seconds so they share the common profile, or raise the budget",
                null,
                null,
                "dedicatedProfiles"));
        }
    }
}
