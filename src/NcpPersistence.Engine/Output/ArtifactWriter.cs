using System.Diagnostics;
using NcpPersistence.Analysis;
using NcpPersistence.Plan;

namespace NcpPersistence.Output;

/// <summary>Which artifacts of one analysis to write: any of the SARIF log, the plan's JSON and its Markdown (null: not written).</summary>
public sealed record ArtifactPaths(string? Sarif, string? PlanJson, string? PlanMarkdown)
{
    public bool HasPlan => PlanJson is not null || PlanMarkdown is not null;
}

/// <summary>
/// How writing the artifacts went. A failure is the exception that stopped writing that artifact (null when it was
/// written, left unchanged, or not asked for); the front end decides what it means (the CLI: exit 2 for a file it
/// cannot write; the MSBuild task: NCP0000). An exception while building the plan is the analyzer's: it is thrown.
/// <see cref="PlanComparisonProblem"/> says why the plan has no delta although a baseline plan was given (missing or
/// unreadable): the plan is then written without one. <see cref="Rewritten"/>: the files whose content changed.
/// </summary>
public sealed record ArtifactResults(
    Exception? SarifFailure,
    Exception? PlanFailure,
    string? PlanComparisonProblem,
    IReadOnlyList<string> Rewritten,
    TimeSpan SarifTime,
    TimeSpan PlanTime);

/// <summary>
/// Writes the artifacts of a finished analysis, the SARIF log and the plan side by side: both only read the result,
/// so on two cores the job takes the longer of the two, not their sum (with 6,261 findings the log takes 0.3 s and
/// the plan 0.17 s; with 50,000, 2 s and 1.5 s). The CLI and the MSBuild task both write through here.
/// </summary>
public static class ArtifactWriter
{
    public static ArtifactResults Write(AnalysisResult result, ArtifactPaths paths, ReportOptions report)
    {
        var planTask = paths.HasPlan
            ? Task.Run(() => WritePlan(result, paths, report))
            : Task.FromResult(new PlanOutcome(Array.Empty<string>(), null, null, TimeSpan.Zero));

        var sarifClock = Stopwatch.StartNew();
        Exception? sarifFailure = null;
        var rewritten = new List<string>();
        if (paths.Sarif is { } sarif)
        {
            try
            {
                if (SarifLogWriter.Write(sarif, result, report))
                {
                    rewritten.Add(sarif);
                }
            }
            catch (Exception exception)
            {
                sarifFailure = exception;
            }
        }

        sarifClock.Stop();
        var plan = planTask.GetAwaiter().GetResult();
        rewritten.AddRange(plan.Rewritten);
        return new ArtifactResults(sarifFailure, plan.Failure, plan.ComparisonProblem, rewritten, sarifClock.Elapsed, plan.Time);
    }

    private sealed record PlanOutcome(IReadOnlyList<string> Rewritten, string? ComparisonProblem, Exception? Failure, TimeSpan Time);

    /// <summary>Builds the plan (a failure there is the analyzer's, so it is thrown, not returned) and writes its files.</summary>
    private static PlanOutcome WritePlan(AnalysisResult result, ArtifactPaths paths, ReportOptions report)
    {
        var clock = Stopwatch.StartNew();
        var plan = PlanBuilder.Build(result, report);
        string? comparisonProblem = null;
        if (plan.Delta is { IsAvailable: false, Message: var message })
        {
            comparisonProblem = File.Exists(report.BaselinePlanPath) ? message : $"the baseline plan '{report.BaselinePlanPath}' does not exist";
        }

        try
        {
            return new PlanOutcome(PlanWriter.Write(plan, paths.PlanJson, paths.PlanMarkdown), comparisonProblem, null, clock.Elapsed);
        }
        catch (Exception exception)
        {
            return new PlanOutcome(Array.Empty<string>(), comparisonProblem, exception, clock.Elapsed);
        }
    }
}
