using System.CommandLine;
using System.Globalization;
using NcpPersistence.Analysis;
using NcpPersistence.Loading;
using NcpPersistence.Output;

namespace NcpPersistence.Cli;

/// <summary>
/// The <c>ncp-persistence</c> command: a thin front end that maps options onto
/// <see cref="AnalysisOptions"/>, runs the engine, and prints canonical diagnostics and a summary.
/// Exit codes: 0 no error-level finding, 1 at least one, 2 bad usage.
/// </summary>
public static class CommandLine
{
    public const int ExitClean = 0;
    public const int ExitFindings = 1;
    public const int ExitUsage = 2;

    private static readonly Argument<string[]> Paths = new("PATH") { Arity = ArgumentArity.ZeroOrMore, Description = "Files or folders to analyse (default: the current folder). Folders are scanned recursively for *.yaml, *.yml and ncp.ini." };
    private static readonly Option<string?> Config = new("--config") { Description = "An ncp.ini or a YAML file holding the NCP ConfigMap; turns discovery off." };
    private static readonly Option<string?> L4 = new("--l4") { Description = "Override l4_persistence (source_ip or none)." };
    private static readonly Option<string?> L7 = new("--l7") { Description = "Override l7_persistence (cookie, source_ip or none)." };
    private static readonly Option<string?> CookieName = new("--cookie-name") { Description = "Override cookie_name." };
    private static readonly Option<string?> L7Timeout = new("--l7-timeout") { Description = "Override l7_persistence_timeout (seconds)." };
    private static readonly Option<string?> IngressClass = new("--ingress-class") { Description = "The ingress class NCP serves (default: nsx)." };
    private static readonly Option<bool?> UnclassedIsNcp = new("--unclassed-ingress-is-ncp") { Description = "Whether an Ingress that names no class is NCP's (default: true)." };
    private static readonly Option<string?> DefaultNamespace = new("--default-namespace") { Description = "Namespace of manifests that name none (default: default)." };
    private static readonly Option<int?> MaxDedicatedProfiles = new("--max-dedicated-profiles") { Description = "Budget of dedicated NSX persistence profiles (NCP2006)." };
    private static readonly Option<long?> MaxFileSize = new("--max-file-size") { Description = "Files larger than this many bytes are not read (NCP9002). Default: 16 MiB." };
    private static readonly Option<string[]> Exclude = new("--exclude") { Description = "Globs, relative to the current folder, to leave out (repeatable).", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> Sarif = new("--sarif") { Description = "Write a SARIF 2.1.0 log to FILE." };
    private static readonly Option<string?> SarifCategory = new("--sarif-category") { Description = "SARIF automationDetails.id (default: ncp-persistence/)." };
    private static readonly Option<string?> HelpUriBase = new("--help-uri-base") { Description = "Base URI of the rule pages: SARIF rules get helpUri BASE/docs/rules/ID.md (default: none)." };
    private static readonly Option<string?> Plan = new("--plan") { Description = "Write the NSX profile plan (JSON) to FILE." };
    private static readonly Option<string?> PlanMarkdown = new("--plan-markdown") { Description = "Write the NSX profile plan (Markdown) to FILE." };
    private static readonly Option<string?> BaselinePlan = new("--baseline-plan") { Description = "The plan of the base branch, to show what this change adds and removes." };
    private static readonly Option<string?> Baseline = new("--baseline") { Description = "A SARIF log of an earlier run: findings in it do not fail." };
    private static readonly Option<bool> UpdateBaseline = new("--update-baseline") { Description = "Rewrite the --baseline file with this run's findings." };
    private static readonly Option<bool> WarnAsError = new("--warnaserror") { Description = "Treat warnings as errors." };
    private static readonly Option<string[]> NoWarn = new("--nowarn") { Description = "Rule IDs to silence, comma-separated (repeatable)." };
    private static readonly Option<int?> Jobs = new("--jobs") { Description = "Files read in parallel (default: the number of cores)." };
    private static readonly Option<bool> Verbose = new("--verbose") { Description = "Show details such as stack traces of analyzer failures (NCP0000)." };

    /// <param name="workingDirectory">Where relative paths start and printed paths are relative to (default: the current directory).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string? workingDirectory = null)
    {
        using var culture = OutputCulture.UseInvariant(); // the same output under every locale (F15)
        var root = new RootCommand("ncp-persistence: static analysis of NCP (NSX Container Plugin) load-balancer persistence in Kubernetes manifests.")
        {
            Paths, Config, L4, L7, CookieName, L7Timeout, IngressClass, UnclassedIsNcp, DefaultNamespace, MaxDedicatedProfiles,
            MaxFileSize, Exclude, Sarif, SarifCategory, HelpUriBase, Plan, PlanMarkdown, BaselinePlan, Baseline, UpdateBaseline, WarnAsError, NoWarn, Jobs, Verbose,
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"ncp-persistence: {error.Message}");
            }

            stderr.WriteLine("Run 'ncp-persistence --help' for usage.");
            return ExitUsage;
        }

        var exitCode = ExitClean;
        root.SetAction(result => exitCode = Analyse(result, stdout, stderr, workingDirectory ?? Directory.GetCurrentDirectory()));
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr };
        var invoked = parsed.Invoke(invocation);
        return invoked != 0 ? invoked : exitCode;
    }

    private static int Analyse(ParseResult parsed, TextWriter stdout, TextWriter stderr, string baseDirectory)
    {
        var options = new AnalysisOptions { BaseDirectory = baseDirectory };
        foreach (var path in parsed.GetValue(Paths) ?? Array.Empty<string>())
        {
            options.Paths.Add(path);
        }

        foreach (var glob in parsed.GetValue(Exclude) ?? Array.Empty<string>())
        {
            options.Excludes.Add(glob);
        }

        options.ConfigFile = parsed.GetValue(Config);
        options.L4PersistenceOverride = parsed.GetValue(L4);
        options.L7PersistenceOverride = parsed.GetValue(L7);
        options.CookieNameOverride = parsed.GetValue(CookieName);
        options.L7PersistenceTimeoutOverride = parsed.GetValue(L7Timeout);
        options.IngressClass = parsed.GetValue(IngressClass) ?? options.IngressClass;
        options.UnclassedIngressIsNcp = parsed.GetValue(UnclassedIsNcp) ?? true;
        options.DefaultNamespace = parsed.GetValue(DefaultNamespace) ?? options.DefaultNamespace;
        options.MaxDedicatedProfiles = parsed.GetValue(MaxDedicatedProfiles);
        options.MaxFileSize = parsed.GetValue(MaxFileSize) ?? options.MaxFileSize;
        options.MaxDegreeOfParallelism = parsed.GetValue(Jobs) ?? options.MaxDegreeOfParallelism;
        if (options.L4PersistenceOverride is { } l4 && l4.Trim().Length == 0 || options.L7PersistenceOverride is { } l7 && l7.Trim().Length == 0)
        {
            // An empty value was taken as 'none' and silently dropped an NCP3001 (F15); MSBuild treats empty as unset.
            stderr.WriteLine("ncp-persistence: --l4 and --l7 need a value (--l4 source_ip|none, --l7 cookie|source_ip|none); leave the option out to use the NCP configuration's.");
            return ExitUsage;
        }

        foreach (var path in options.Paths)
        {
            var full = Path.GetFullPath(path, baseDirectory);
            if (path.StartsWith("-", StringComparison.Ordinal) && !File.Exists(full) && !Directory.Exists(full))
            {
                stderr.WriteLine($"ncp-persistence: unknown option '{path}'. Run 'ncp-persistence --help' for usage.");
                return ExitUsage;
            }

            if (!File.Exists(full) && !Directory.Exists(full) && path.IndexOfAny(new[] { '*', '?' }) < 0)
            {
                stderr.WriteLine($"ncp-persistence: the path '{path}' does not exist{(path.Contains('\uFFFD', StringComparison.Ordinal) ? " (or its name is not valid UTF-8, which .NET cannot open: rename it)" : "")}.");
                return ExitUsage;
            }
        }

        if (options.ConfigFile is { } configFile && !File.Exists(Path.GetFullPath(configFile, baseDirectory)))
        {
            stderr.WriteLine($"ncp-persistence: the configuration file '{configFile}' does not exist.");
            return ExitUsage;
        }

        if (options.MaxFileSize <= 0 || options.MaxDegreeOfParallelism <= 0 || options.MaxDedicatedProfiles < 0)
        {
            stderr.WriteLine("ncp-persistence: --max-file-size and --jobs must be positive, --max-dedicated-profiles not negative.");
            return ExitUsage;
        }

        var sarifPath = parsed.GetValue(Sarif);
        var sarifCategory = parsed.GetValue(SarifCategory);
        if (sarifPath is { Length: 0 } || sarifCategory is { Length: 0 } || (sarifCategory is not null && sarifPath is null))
        {
            stderr.WriteLine("ncp-persistence: --sarif needs a file name, and --sarif-category a non-empty value together with --sarif.");
            return ExitUsage;
        }

        if (parsed.GetValue(HelpUriBase) is { } helpUriBase && !Uri.TryCreate(helpUriBase, UriKind.Absolute, out _))
        {
            stderr.WriteLine($"ncp-persistence: --help-uri-base '{helpUriBase}' is not an absolute URI (e.g. https://github.com/org/repo/blob/main/).");
            return ExitUsage;
        }

        var policy = new SeverityPolicy { TreatWarningsAsErrors = parsed.GetValue(WarnAsError) };
        foreach (var id in (parsed.GetValue(NoWarn) ?? Array.Empty<string>()).SelectMany(SeverityPolicy.SplitIds))
        {
            policy.NoWarn.Add(id);
        }

        var severities = EditorConfigSeverities.ForAnalysis(options);
        severities.AttachTo(policy);
        var baselinePath = parsed.GetValue(Baseline);
        var updateBaseline = parsed.GetValue(UpdateBaseline);
        Analysis.Baseline? baseline = null;
        if (updateBaseline && baselinePath is null)
        {
            stderr.WriteLine("ncp-persistence: --update-baseline needs --baseline FILE (the file to write).");
            return ExitUsage;
        }

        if (baselinePath is not null)
        {
            var fullBaseline = Path.GetFullPath(baselinePath, baseDirectory);
            try
            {
                baseline = updateBaseline && !File.Exists(fullBaseline) ? Analysis.Baseline.Empty(fullBaseline) : Analysis.Baseline.Load(fullBaseline);
            }
            catch (BaselineException exception)
            {
                stderr.WriteLine($"ncp-persistence: {exception.Message}");
                return ExitUsage;
            }
        }

        // Outputs: regular files or new ones only (F5/F9), checked before anything is read or written.
        var outputs = CliOutputs.Collect(baseDirectory, sarifPath, parsed.GetValue(Plan), parsed.GetValue(PlanMarkdown), updateBaseline ? baselinePath : null);
        if (CliOutputs.WhyNotWritable(outputs) is { } refusal)
        {
            stderr.WriteLine($"ncp-persistence: {refusal}");
            return ExitUsage;
        }

        var result = Analyzer.Run(options, policy);
        if (CliOutputs.FindClash(outputs, result, baseDirectory, updateBaseline ? null : baselinePath, parsed.GetValue(BaselinePlan)) is { } clash)
        {
            stderr.WriteLine($"ncp-persistence: {clash}");
            return ExitUsage;
        }

        foreach (var problem in severities.Problems)
        {
            stderr.WriteLine($"ncp-persistence: warning: {problem}");
        }

        if (baseline is not null && updateBaseline)
        {
            // Adopting the current findings: they are all "unchanged" against the baseline just written.
            try
            {
                baseline = Analysis.Baseline.Write(baseline.Path, result, SarifReportOptions(baseDirectory, sarifCategory, parsed.GetValue(HelpUriBase)));
            }
            catch (BaselineException exception)
            {
                stderr.WriteLine($"ncp-persistence: {exception.Message}");
                return ExitUsage;
            }

            stderr.WriteLine($"ncp-persistence: wrote the baseline '{baselinePath}' ({baseline.Entries.Count} findings).");
        }

        baseline?.ApplyTo(result);
        var verbose = parsed.GetValue(Verbose);
        foreach (var diagnostic in result.Active)
        {
            stdout.WriteLine(ConsoleFormatter.Format(diagnostic, baseDirectory));
            if (verbose && diagnostic.Details is { } details)
            {
                stdout.WriteLine(details);
            }
        }

        stdout.WriteLine(ConsoleFormatter.Summary(result));
        if (verbose)
        {
            stderr.WriteLine("ncp-persistence: phases: " + string.Join(", ", result.PhaseTimings.Select(t => $"{t.Phase} {t.Elapsed.TotalMilliseconds:F0} ms")));
        }

        if (sarifPath is not null)
        {
            try
            {
                SarifLogWriter.Write(Path.GetFullPath(sarifPath, baseDirectory), result, SarifReportOptions(baseDirectory, sarifCategory, parsed.GetValue(HelpUriBase)));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"ncp-persistence: cannot write the SARIF log '{sarifPath}': {exception.Message}");
                return ExitUsage;
            }
        }

        if (!WritePlan(parsed, result, baseDirectory, stderr))
        {
            return ExitUsage;
        }

        return result.HasErrors ? ExitFindings : ExitClean;
    }

    private static ReportOptions SarifReportOptions(string baseDirectory, string? category, string? helpUriBase)
    {
        var report = new ReportOptions { SourceRoot = SourceRoot.Find(baseDirectory), HelpUriBase = helpUriBase };
        report.SarifCategory = category ?? report.SarifCategory;
        return report;
    }

    /// <summary>
    /// <c>--plan</c>, <c>--plan-markdown</c>, <c>--baseline-plan</c>. A baseline plan that is missing or
    /// unreadable is not an error: the plan is written with a note instead of the delta, and a
    /// warning goes to standard error. An output file that cannot be written is (exit 2).
    /// </summary>
    private static bool WritePlan(ParseResult parsed, AnalysisResult result, string baseDirectory, TextWriter stderr)
    {
        var jsonPath = parsed.GetValue(Plan);
        var markdownPath = parsed.GetValue(PlanMarkdown);
        var baselinePath = parsed.GetValue(BaselinePlan);
        if (jsonPath is null && markdownPath is null)
        {
            if (baselinePath is not null)
            {
                stderr.WriteLine("ncp-persistence: warning: --baseline-plan has no effect without --plan or --plan-markdown.");
            }

            return true;
        }

        var report = new ReportOptions { SourceRoot = baseDirectory, BaselinePlanPath = baselinePath };
        var plan = NcpPersistence.Plan.PlanBuilder.Build(result, report);
        if (plan.Delta is { IsAvailable: false, Message: var message })
        {
            stderr.WriteLine($"ncp-persistence: warning: {message}; the plan is written without a comparison.");
        }

        try
        {
            NcpPersistence.Plan.PlanWriter.Write(plan, jsonPath, markdownPath);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"ncp-persistence: cannot write the plan: {exception.Message}");
            return false;
        }
    }
}
