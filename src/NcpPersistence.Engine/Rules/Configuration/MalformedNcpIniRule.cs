using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1012: a line oslo.config refuses, which keeps NCP from starting.</summary>
public sealed class MalformedNcpIniRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1012", "MalformedNcpIni", "Configuration", Severity.Error, "ncp-config", "correctness");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Configuration;

    public override void Analyze(Pass pass)
    {
        if (pass.Configuration.Source is not { } source)
        {
            return;
        }

        foreach (var problem in source.Ini.Problems)
        {
            pass.Report(new Diagnostic(Rule,
                $"This ncp.ini line is malformed: {problem.Message}",
                problem.LineSpan,
                new[] { source.Owner },
                $"ncp.ini@{problem.LineSpan.StartLine - (source.Location?.StartLine ?? 0)}",
                subjects: source.ConfigMap is { } configMap ? new[] { configMap } : null));
        }
    }
}
