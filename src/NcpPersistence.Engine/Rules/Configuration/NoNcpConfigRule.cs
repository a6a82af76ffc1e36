using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;

namespace NcpPersistence.Rules.Configuration;

/// <summary>NCP1010: no NCP configuration found or given; NCP's defaults are assumed.</summary>
public sealed class NoNcpConfigRule : Rule
{
    public static readonly RuleDescriptor Rule = new("NCP1010", "NoNcpConfig", "Configuration", Severity.Note, "ncp-config");

    public override RuleDescriptor Descriptor => Rule;

    public override void Analyze(AnalysisModel model, RuleContext context)
    {
        if (model.ConfigSources.Count > 0 || model.Options.HasOverrides)
        {
            return;
        }

        var where = model.Options.ConfigFile is { } configFile
            ? ConfigFileProblem(model, configFile)
            : "no NCP configuration (a ConfigMap with an ncp.ini key, or an ncp.ini file) was found in the analysed files";
        context.Report(new Diagnostic(Rule,
            $"{char.ToUpperInvariant(where[0])}{where.Substring(1)}, so NCP's defaults are assumed: l4_persistence and l7_persistence none. Point the analysis at the cluster's NCP configuration with --config / NcpConfigFile, or give the values with --l4/--l7 (NcpL4Persistence/NcpL7Persistence)",
            null));
    }

    /// <summary>Why the named configuration file gave no configuration: missing, not read (NCP9002 says why), or no ncp.ini in it.</summary>
    private static string ConfigFileProblem(AnalysisModel model, string configFile)
    {
        var full = Path.GetFullPath(configFile, model.Options.BaseDirectory);
        var file = model.Files.FirstOrDefault(f => string.Equals(Path.GetFullPath(f.Path), full, StringComparison.Ordinal));
        return file is null ? $"the configuration file '{configFile}' does not exist"
            : !file.WasAnalysed ? $"the configuration file '{configFile}' could not be read (see NCP9002)"
            : $"the configuration file '{configFile}' holds no ncp.ini";
    }
}
