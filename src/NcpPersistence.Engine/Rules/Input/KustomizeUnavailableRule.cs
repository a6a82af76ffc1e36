using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9007: kustomizations exist but no kustomize or kubectl was found; their files are analysed as plain files.</summary>
public sealed class KustomizeUnavailableRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9007", "KustomizeUnavailable", "Input", Severity.Note, "input", "kustomize");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Analysis;

    public override void Analyze(Pass pass)
    {
        if (pass.Model.Kustomize.Unavailable is not { } why)
        {
            return;
        }

        var count = pass.Model.Kustomize.Workspace.Builds.Count;
        pass.Report(new Diagnostic(Rule,
            $"The analysed folders hold {count} kustomization{(count == 1 ? "" : "s")} to build, but {why}, so none was rendered: their files were analysed as plain files (patches left out). Install kubectl or kustomize, name the binary with --kustomize PATH / NcpKustomize, or turn rendering off with --kustomize off",
            null,
            null,
            "kustomize"));
    }
}
