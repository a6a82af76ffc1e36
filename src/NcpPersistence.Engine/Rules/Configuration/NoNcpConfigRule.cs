using NcpPersistence.Diagnostics;
using NcpPersistence.Scoping;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1010: no NCP configuration found or given (for the whole analysis, or for a cluster); NCP's defaults are assumed.</summary>
public sealed class NoNcpConfigRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1010", "NoNcpConfig", "Configuration", Severity.Note, "ncp-config");

    public override RuleDescriptor Descriptor => Rule;

    public override RuleGranularity Granularity => RuleGranularity.Scope;

    public override void Analyze(Pass pass)
    {
        var configuration = pass.Scope.Configuration;
        if (configuration.Source is not null || configuration.Overrides.Count > 0)
        {
            return;
        }

        var names = pass.Options.OverrideNames;
        var defaults = "NCP's defaults are assumed: l4_persistence and l7_persistence none";
        var remedy = $"Point the analysis at the cluster's NCP configuration with {names.ConfigFile}, or give the values with {names.L4}/{names.L7}";
        string message;
        switch (pass.Scope.Kind)
        {
            case ScopeKind.Given:
                var file = pass.Options.ConfigFile!;
                var loaded = pass.Model.Files.FirstOrDefault(f => string.Equals(Path.GetFullPath(f.Path), Path.GetFullPath(file, pass.Options.BaseDirectory), StringComparison.Ordinal));
                var why = loaded is null ? $"the configuration file '{file}' does not exist"
                    : !loaded.WasAnalysed ? $"the configuration file '{file}' could not be read (see NCP9002)"
                    : $"the configuration file '{file}' ({names.ConfigFile}) holds no ncp.ini (no ConfigMap with an ncp.ini key, and it is neither an ncp.ini file nor a TKGI network profile)";
                message = $"{Capitalize(why)}, so {defaults}. Name a file that holds the NCP configuration, or give the values with {names.L4}/{names.L7}";
                break;
            case ScopeKind.Cluster:
                message = $"Cluster {pass.Scope.Cluster} of {pass.Display(pass.Model.Settings!.Path)} names no NCP configuration ('config') and no persistence values, so {defaults} for its manifests. Add its 'config', or its l4Persistence/l7Persistence";
                break;
            default:
                var unparsed = pass.Model.Files.Where(f => f.MayHoldUnreadNcpConfig).Select(f => pass.Display(f.Path)).ToList();
                var hint = unparsed.Count == 0
                    ? ""
                    : $" ({string.Join(", ", unparsed.Take(3))}{(unparsed.Count > 3 ? $" and {unparsed.Count - 3} more" : "")} {(unparsed.Count == 1 ? "mentions" : "mention")} ncp.ini but could not be read: fix the errors reported there)";
                message = $"No NCP configuration (a ConfigMap with an ncp.ini key, an ncp.ini file, or a TKGI network profile) was found in the analysed files{hint}, so {defaults}. {remedy}";
                break;
        }

        pass.Report(new Diagnostic(Rule, message, null));
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
}
