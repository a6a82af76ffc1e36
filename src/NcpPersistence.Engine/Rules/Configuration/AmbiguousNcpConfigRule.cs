using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1009: several NCP configurations claim the same manifests (one scope) and disagree; the analysis cannot know which the cluster runs.</summary>
public sealed class AmbiguousNcpConfigRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1009", "AmbiguousNcpConfig", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        var configurations = pass.Scope.Configurations.Where(c => c.Source is not null).ToList();
        if (configurations.Count < 2)
        {
            return;
        }

        var first = configurations[0];
        var firstSource = first.Source!;
        foreach (var other in configurations.Skip(1))
        {
            var source = other.Source!;
            var differences = NcpKeys.All
                .Where(key => Normalize(key, firstSource.Effective(key)?.Value) != Normalize(key, source.Effective(key)?.Value))
                .ToList();
            if (differences.Count == 0)
            {
                continue;
            }

            var detail = string.Join(", ", differences.Select(key => $"{key} = '{source.Effective(key)?.Value ?? "unset"}' here but '{firstSource.Effective(key)?.Value ?? "unset"}' there"));
            var related = new List<RelatedLocation>();
            if (firstSource.Location is { } firstLocation)
            {
                related.Add(new RelatedLocation(firstLocation, "the configuration in use"));
            }

            var where = pass.Scope.Folder is { } folder
                ? pass.Display(folder) is "." ? "every manifest of the analysed folder" : $"the manifests under {pass.Display(folder)}/"
                : "the same manifests";
            var names = pass.Options.OverrideNames;
            pass.Report(new Diagnostic(
                Rule,
                $"This NCP configuration ({Describe(source, pass)}) and {Describe(firstSource, pass)} both apply to {where}, and they disagree: {detail}. The analysis uses the first, {pass.Display(firstSource.File)}. Keep one NCP configuration per cluster folder, name the real one with {names.ConfigFile}, or give each cluster its configuration in {SettingsFileName}",
                source.Location,
                new[] { source.Owner, firstSource.Owner },
                "ncp.ini",
                related));
        }
    }

    private const string SettingsFileName = NcpPersistence.Loading.SettingsFile.DefaultFileName;

    private static string Describe(NcpConfigSource source, Pass pass)
    {
        var line = source.Location?.StartLine ?? 1;
        return source.ConfigMap is null
            ? $"file {pass.Display(source.File)}"
            : $"ConfigMap {source.Owner.QualifiedName} at {pass.Display(source.File)} line {line}";
    }

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
