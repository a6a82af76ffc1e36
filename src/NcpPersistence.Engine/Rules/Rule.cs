using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Loading;
using NcpPersistence.Model;
using NcpPersistence.Scoping;

namespace NcpPersistence.Rules;

/// <summary>The granularity a rule declares: the pipeline runs it once per such thing, handing it a <see cref="Pass"/>.</summary>
public enum RuleGranularity
{
    /// <summary>Once per analysis (paths that do not exist, the settings file, charts).</summary>
    Analysis,

    /// <summary>Once per analysed file (what loading met).</summary>
    File,

    /// <summary>Once per NCP configuration (an ncp.ini text with its overrides), however many scopes use it.</summary>
    Configuration,

    /// <summary>Once per deployment unit (a file, a folder, a Kustomize build).</summary>
    Unit,

    /// <summary>Once per scope, with the NCP facts of its configuration (<see cref="NcpView"/>).</summary>
    Scope,
}

/// <summary>
/// One rule: its descriptor, its granularity, and a check over one pass. Rules only report; merging
/// findings across scopes, naming configurations, suppressions and severities are the pipeline's work.
/// </summary>
public abstract class Rule
{
    public abstract RuleDescriptor Descriptor { get; }

    public abstract RuleGranularity Granularity { get; }

    public abstract void Analyze(Pass pass);
}

/// <summary>
/// What one run of a rule sees (go/analysis' Pass): the analysis, and the file, configuration, unit or
/// scope of this run, by the rule's granularity.
/// </summary>
public sealed class Pass
{
    private readonly List<Diagnostic> diagnostics;

    internal Pass(AnalysisModel model, List<Diagnostic> diagnostics)
    {
        Model = model;
        this.diagnostics = diagnostics;
    }

    public AnalysisModel Model { get; }

    /// <summary>The file (granularity File).</summary>
    public LoadedFile File { get; internal init; } = null!;

    /// <summary>The configuration (granularity Configuration); its ncp.ini text is <see cref="NcpConfiguration.Source"/>.</summary>
    public NcpConfiguration Configuration { get; internal init; } = null!;

    /// <summary>The unit (granularity Unit).</summary>
    public Unit Unit { get; internal init; } = null!;

    /// <summary>The scope (granularity Scope).</summary>
    public Scope Scope { get; internal init; } = null!;

    /// <summary>The scope's NCP facts (granularity Scope).</summary>
    public NcpView View => Scope.View;

    /// <summary>The options of the run.</summary>
    public AnalysisOptions Options => Model.Options;

    public void Report(Diagnostic diagnostic) => diagnostics.Add(diagnostic);

    /// <summary>A path as messages show it: relative to where the analysis runs, with forward slashes.</summary>
    public string Display(string path) => Model.Display(path);
}
