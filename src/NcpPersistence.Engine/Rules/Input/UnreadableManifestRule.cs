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
            if (missing.Reason is { } reason)
            {
                // A folder the walk could not scan: located at the folder, as an unreadable file is.
                context.Report(new Diagnostic(Rule, $"The folder was not scanned: {reason}", SourceSpan.FileStart(missing.Path), null, "path:" + missing.Path));
                continue;
            }

            context.Report(new Diagnostic(Rule,
                $"The manifest path '{missing.Path}' does not exist, so nothing there was analysed. Fix the path in NcpManifestFolders / NcpManifest or on the command line",
                null,
                null,
                "path:" + missing.Path));
        }
    }
}
