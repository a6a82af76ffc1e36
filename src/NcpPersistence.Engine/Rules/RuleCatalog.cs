using NcpPersistence.Diagnostics;
using NcpPersistence.Rules.Analyzer;
using NcpPersistence.Rules.Configuration;
using NcpPersistence.Rules.Ingresses;
using NcpPersistence.Rules.Input;
using NcpPersistence.Rules.LoadBalancers;
using NcpPersistence.Rules.Services;

namespace NcpPersistence.Rules;

/// <summary>The rule set, in ID order. IDs are never reused or renumbered.</summary>
public static class RuleCatalog
{
    /// <summary>The rules that run over the model.</summary>
    public static IReadOnlyList<Rule> Rules { get; } = new Rule[]
    {
        new AnalyzerFailureRule(),
        new InvalidL4PersistenceRule(),
        new InvalidL7PersistenceRule(),
        new PlaceholderValueRule(),
        new SettingWithoutEffectRule(),
        new InvalidCookieNameRule(),
        new InvalidL7PersistenceTimeoutRule(),
        new MisplacedPersistenceKeyRule(),
        new DuplicatePersistenceKeyRule(),
        new AmbiguousNcpConfigRule(),
        new NoNcpConfigRule(),
        new MisspelledPersistenceKeyRule(),
        new MalformedNcpIniRule(),
        new NativeLoadBalancerDisabledRule(),
        new InvalidNetworkProfileRule(),
        new AffinityTimeoutOutOfRangeRule(),
        new AffinityConfigWithoutClientIPRule(),
        new InvalidSessionAffinityRule(),
        new AffinityOverriddenByGlobalL4Rule(),
        new DedicatedPersistenceProfileRule(),
        new DedicatedProfileBudgetExceededRule(),
        new LoadBalancerCapacityExceededRule(),
        new L4L7PersistenceConflictRule(),
        new UnresolvedBackendServiceRule(),
        new UnknownLoadBalancerRule(),
        new LoadBalancerCrdDisabledRule(),
        new InvalidLoadBalancerSpecRule(),
        new ForeignAffinityAnnotationRule(),
        new YamlSyntaxErrorRule(),
        new UnreadableManifestRule(),
        new MalformedFieldRule(),
        new TemplatedManifestSkippedRule(),
        new DuplicateObjectRule(),
        new KustomizeBuildFailedRule(),
        new KustomizeUnavailableRule(),
        new InvalidSettingsFileRule(),
    };

    /// <summary>Every descriptor, including those reported by the suppression pass, in ID order.</summary>
    public static IReadOnlyList<RuleDescriptor> Descriptors { get; } = Rules.Select(r => r.Descriptor)
        .Append(SuppressionWithoutJustificationRule.Rule)
        .Append(UnnecessarySuppressionRule.Rule)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    public static RuleDescriptor? Find(string id) => Descriptors.FirstOrDefault(d => string.Equals(d.Id, id, StringComparison.OrdinalIgnoreCase));
}
