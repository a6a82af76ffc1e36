using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9002: a file cannot be read or decoded, or a named path does not exist.</summary>
public sealed class UnreadableManifestRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9002", "UnreadableManifest", "Input", Severity.Error, "input");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        ProblemFindings.Report(model, context, Rule, LoadProblemKind.Unreadable,
            problem => $"The file was not analysed: {problem.Message}");

        foreach (var missing in model.MissingPaths)
        {
            var isConfigFile = string.Equals(missing.Path, model.Options.ConfigFile, StringComparison.Ordinal);
            context.Report(new Diagnostic(Rule,
                isConfigFile
                    ? $"The NCP configuration file '{missing.Path}' does not exist, so NCP's settings were not read. Fix the path in NcpConfigFile or --config"
                    : $"The manifest path '{missing.Path}' does not exist, so nothing there was analysed. Fix the path in NcpManifestFolders / NcpManifest or on the command line",
                null,
                null,
                "path:" + missing.Path));
        }
    }
}
