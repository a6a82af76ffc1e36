using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1009: several NCP configurations that disagree; the analysis cannot know which the cluster runs.</summary>
public sealed class AmbiguousNcpConfigRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1009", "AmbiguousNcpConfig", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        if (model.PersistenceConfigs.Count < 2)
        {
            return;
        }

        var first = model.PersistenceConfigs[0];
        foreach (var other in model.PersistenceConfigs.Skip(1))
        {
            var differences = NcpKeys.All
                .Where(key => Normalize(key, first.Effective(key)?.Value) != Normalize(key, other.Effective(key)?.Value))
                .ToList();
            if (differences.Count == 0)
            {
                continue;
            }

            var detail = string.Join(", ", differences.Select(key => $"{key} = '{other.Effective(key)?.Value ?? "unset"}' here but '{first.Effective(key)?.Value ?? "unset"}' there"));
            var related = new List<RelatedLocation>();
            if (first.Location is { } firstLocation)
            {
                related.Add(new RelatedLocation(firstLocation, "the configuration in use"));
            }

            context.Report(new Diagnostic(
                Rule,
                $"This NCP configuration ({Describe(other)}) disagrees with {Describe(first)}, found first and used for the analysis: {detail}. Keep one NCP configuration in the analysed folders, or name the real one with --config / NcpConfigFile",
                other.Location,
                new[] { other.Owner, first.Owner },
                "ncp.ini",
                related));
        }
    }

    private static string Describe(NcpConfigSource source) =>
        source.ConfigMap is null ? $"file {Path.GetFileName(source.File)}" : $"ConfigMap {source.Owner.QualifiedName}";

    /// <summary>Compares meanings, not spellings: 'None', 'none' and unset are the same setting.</summary>
    private static string Normalize(string key, string? value) => key switch
    {
        NcpKeys.L4Persistence when EffectiveNcpConfig.ParseL4(value) != PersistenceKind.Invalid => EffectiveNcpConfig.ParseL4(value).ToString(),
        NcpKeys.L7Persistence when EffectiveNcpConfig.ParseL7(value) != PersistenceKind.Invalid => EffectiveNcpConfig.ParseL7(value).ToString(),
        NcpKeys.L7PersistenceTimeout when EffectiveNcpConfig.TryParseTimeout(value, out var seconds) => seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        NcpKeys.L7PersistenceTimeout when string.IsNullOrEmpty(value) => NcpKeys.DefaultL7PersistenceTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value ?? "",
    };
}
