using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9008: the settings file (<c>.ncp-persistence.yaml</c> or <c>--settings</c>) is invalid; the entries in error are left out.</summary>
public sealed class InvalidSettingsFileRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9008", "InvalidSettingsFile", "Input", Severity.Error, "input");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Analysis;

    public override void Analyze(Pass pass)
    {
        if (pass.Model.Settings is not { } settings)
        {
            return;
        }

        foreach (var problem in settings.Problems)
        {
            pass.Report(new Diagnostic(Rule,
                $"The settings file is invalid: {problem.Message}; {problem.Consequence}",
                problem.Span,
                null,
                $"settings@{problem.Span.StartLine}"));
        }
    }
}
