using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9006: a kustomization could not be built; its files are analysed as plain files instead.</summary>
public sealed class KustomizeBuildFailedRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9006", "KustomizeBuildFailed", "Input", Severity.Error, "input", "kustomize");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Analysis;

    public override void Analyze(Pass pass)
    {
        foreach (var failure in pass.Model.Kustomize.Failures)
        {
            var folder = pass.Display(failure.Plan.Root.Folder);
            var baseFolder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(pass.Options.BaseDirectory)) + Path.DirectorySeparatorChar;
            var error = failure.Message.Replace(baseFolder, "", StringComparison.Ordinal); // paths as the console shows them
            error = error.Length > 300 ? error.Substring(0, 297) + "..." : error;
            pass.Report(new Diagnostic(Rule,
                $"The kustomization in {folder} could not be built: {error}. Its files were analysed as plain files instead (patches left out), so what the build would deploy was not checked. Fix the build ({pass.Model.Kustomize.Command ?? "kustomize build"} {folder} shows the whole error)",
                failure.Location,
                null,
                "kustomize:" + pass.Model.Context.RepositoryRelative(failure.Plan.Root.Path)));
        }
    }
}
