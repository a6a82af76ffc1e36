using NcpPersistence.Diagnostics;

namespace NcpPersistence.Analysis;

/// <summary>The outcome of one analysis: ordered diagnostics (suppressed ones included) and the model they came from.</summary>
public sealed class AnalysisResult
{
    internal AnalysisResult(AnalysisModel model, IReadOnlyList<Diagnostic> diagnostics, DateTimeOffset startTime, DateTimeOffset endTime)
    {
        Model = model;
        Diagnostics = diagnostics;
        StartTime = startTime;
        EndTime = endTime;
    }

    public AnalysisModel Model { get; }

    /// <summary>
    /// Every file this analysis read, absolute, in ordinal order, each once: the manifests and NCP
    /// configurations (also those that could not be decoded or were too large), the
    /// <c>.editorconfig</c> / <c>.globalconfig</c> files consulted for severities, the baseline
    /// applied to the result, the files Kustomize builds read and the generator inputs they missed (built
    /// with empty stand-ins). A change to any of them, or the creation of a missing one, can change the
    /// outcome, so incremental builds use this list as their inputs.
    /// </summary>
    public IReadOnlyList<string> InputFiles
    {
        get
        {
            lock (inputFiles)
            {
                return inputFiles.ToList();
            }
        }
    }

    /// <summary>Records a file the analysis read (see <see cref="InputFiles"/>); a new kind of input needs only this call.</summary>
    internal void AddInputFile(string path)
    {
        lock (inputFiles)
        {
            inputFiles.Add(Path.GetFullPath(path));
        }
    }

    private readonly SortedSet<string> inputFiles = new(StringComparer.Ordinal);

    /// <summary>Every finding the run reports, in path/line/column/ID order; severity None ones are not here.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>
    /// Findings whose rule the severity configuration turned off (severity none, <c>NoWarn</c>): not reported,
    /// but still true of the manifests, so the plan keeps what they say (a silenced conflict still exists in NSX).
    /// </summary>
    public IReadOnlyList<Diagnostic> Silenced { get; internal init; } = Array.Empty<Diagnostic>();

    /// <summary>The findings that count: not suppressed and not already in the baseline.</summary>
    public IEnumerable<Diagnostic> Active => Diagnostics.Where(d => !d.IsSuppressed && d.BaselineState is null or "new");

    public int ErrorCount => Active.Count(d => d.Severity == Severity.Error);
    public int WarningCount => Active.Count(d => d.Severity == Severity.Warning);
    public int NoteCount => Active.Count(d => d.Severity == Severity.Note);

    public int FileCount => Model.Files.Count;

    /// <summary>True when a baseline was applied (<see cref="Baseline.ApplyTo"/>).</summary>
    public bool HasBaseline { get; internal set; }

    /// <summary>Findings of the baseline that this run no longer has (SARIF <c>baselineState: "absent"</c>).</summary>
    public IReadOnlyList<BaselineEntry> AbsentFromBaseline { get; internal set; } = Array.Empty<BaselineEntry>();

    public int NewCount => Diagnostics.Count(d => d.BaselineState == BaselineStates.New);
    public int UnchangedCount => Diagnostics.Count(d => d.BaselineState == BaselineStates.Unchanged);
    public int AbsentCount => AbsentFromBaseline.Count;

    public bool HasErrors => ErrorCount > 0;

    /// <summary>Where the time went (shown with --verbose): discovery, load, model, rules, severities and suppressions.</summary>
    public IReadOnlyList<(string Phase, TimeSpan Elapsed)> PhaseTimings { get; internal init; } = Array.Empty<(string, TimeSpan)>();

    public DateTimeOffset StartTime { get; }
    public DateTimeOffset EndTime { get; }
}
