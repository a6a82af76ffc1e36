using NcpPersistence.Diagnostics;
using NcpPersistence.Model;

namespace NcpPersistence.Rules.Input;

/// <summary>NCP9002: a file cannot be read or decoded, or a named path does not exist.</summary>
public sealed class UnreadableManifestRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP9002", "UnreadableManifest", "Input", Severity.Error, "input");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Analysis;

    public override void Analyze(Pass pass)
    {
        ProblemFindings.Report(pass, Rule, LoadProblemKind.Unreadable,
            problem => $"The file was not analysed: {problem.Message}");

        var names = pass.Options.OverrideNames;
        foreach (var missing in pass.Model.MissingPaths)
        {
            if (missing.Reason is { } reason)
            {
                // A folder the walk could not scan: located at the folder, as an unreadable file is.
                pass.Report(new Diagnostic(Rule, $"The folder was not scanned: {reason}", SourceSpan.FileStart(missing.Path), null, "path:" + missing.Path));
                continue;
            }

            var configured = pass.Options.ConfigFile is { } config && string.Equals(Path.GetFullPath(config, pass.Options.BaseDirectory), Path.GetFullPath(missing.Path, pass.Options.BaseDirectory), StringComparison.Ordinal)
                ? names.ConfigFile
                : pass.Model.Settings?.Clusters.FirstOrDefault(c => c.ConfigFile == Path.GetFullPath(missing.Path, pass.Options.BaseDirectory)) is { } cluster
                    ? $"the 'config' of cluster {cluster.Name} in {pass.Display(pass.Model.Settings.Path)}"
                    : names.Paths;
            var message = configured == names.Paths
                ? $"The manifest path '{missing.Path}' does not exist, so nothing there was analysed. Fix the path in {configured}"
                : $"The NCP configuration file '{missing.Path}' does not exist, so NCP's settings were not read. Fix the path in {configured}";
            pass.Report(new Diagnostic(Rule,
                message,
                null,
                null,
                "path:" + missing.Path));
        }
    }
}
