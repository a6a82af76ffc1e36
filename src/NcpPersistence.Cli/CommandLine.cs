using System.CommandLine;
using System.Globalization;
using NcpPersistence.Analysis;
using NcpPersistence.Loading;
using NcpPersistence.Output;

namespace NcpPersistence.Cli;

/// <summary>
/// The <c>ncp-persistence</c> command: a thin front end that maps options onto
/// <see cref="AnalysisOptions"/>, runs the engine, and prints canonical diagnostics and a summary.
/// Exit codes: 0 no error-level finding, 1 at least one, 2 bad usage, 3 the analyzer itself failed (NCP0000).
/// </summary>
public static class CommandLine
{
    public const int ExitClean = 0;
    public const int ExitFindings = 1;
    public const int ExitUsage = 2;
    public const int ExitAnalyzerFailure = 3;

    private const string AnalyzerFailureId = "NCP0000";

    private const string Description = """
        ncp-persistence: static analysis of NCP (NSX Container Plugin) load-balancer persistence in Kubernetes manifests.

        Prints one line per finding, path(line,col): error|warning|note NCPxxxx: message (paths relative to the
        current folder), then a summary line. Exit codes: 0 no error-level finding, 1 at least one error-level
        finding, 2 bad usage (message on standard error), 3 the analyzer itself failed (NCP0000).
        """;

    private static readonly Argument<string[]> Paths = new("PATH") { Arity = ArgumentArity.ZeroOrMore, Description = "Files or folders to analyse (default: the current folder). Folders are scanned recursively for *.yaml, *.yml, *ncp.ini and *network-profile*.json." };
    private static readonly Option<string?> Config = new("--config") { HelpName = "FILE", Description = "An ncp.ini, a YAML file holding the NCP ConfigMap, or a TKGI network profile (JSON); turns discovery off." };
    private static readonly Option<string?> Settings = new("--settings") { HelpName = "FILE", Description = "The settings file: named clusters, their manifests and NCP configurations (default: .ncp-persistence.yaml in the current folder, when it exists)." };
    private static readonly Option<string?> KustomizeOption = new("--kustomize") { HelpName = "auto|off|PATH", Description = "How kustomizations are rendered: auto (kustomize from PATH, else kubectl kustomize), off (not rendered), or the binary to use. Default: auto." };
    private static readonly Option<string?> L4 = new("--l4") { HelpName = "VALUE", Description = "Override l4_persistence (source_ip or none)." };
    private static readonly Option<string?> L7 = new("--l7") { HelpName = "VALUE", Description = "Override l7_persistence (cookie, source_ip or none)." };
    private static readonly Option<string?> CookieName = new("--cookie-name") { HelpName = "NAME", Description = "Override cookie_name." };
    private static readonly Option<string?> L7Timeout = new("--l7-timeout") { HelpName = "SECONDS", Description = "Override l7_persistence_timeout." };
    private static readonly Option<string?> IngressClass = new("--ingress-class") { HelpName = "NAME", Description = "The ingress class NCP serves (default: nsx)." };
    // A string option: System.CommandLine would not take a value that is not a boolean for a bool option (it would become a PATH).
    private static readonly Option<string?> UnclassedIsNcp = new("--unclassed-ingress-is-ncp") { HelpName = "true|false", Description = "Whether an Ingress that names no class is NCP's (default: the configuration's default_ingress_class_nsx, True unless it says False).", CustomParser = ParseBoolean };
    private static readonly Option<string?> NcpVersionOption = new("--ncp-version") { HelpName = "X.Y[.Z]", Description = "The NCP release the configuration runs on (default: the newest behaviour). Below 4.1.1 none is not a value of l4_persistence/l7_persistence, below 3.2 cookie_name has no effect, below 2.5.1 there is no LoadBalancer CRD.", CustomParser = ParseVersion };
    private static readonly Option<string?> DefaultNamespace = new("--default-namespace") { HelpName = "NS", Description = "Namespace of manifests that name none (default: default)." };
    private static readonly Option<int?> MaxDedicatedProfiles = new("--max-dedicated-profiles") { HelpName = "N", Description = "Budget of dedicated NSX persistence profiles (NCP2006).", CustomParser = r => ParseNumber(r, 0, "a whole number, 0 or more") is { } n ? (int?)checked((int)n) : null };
    private static readonly Option<long?> MaxFileSize = new("--max-file-size") { HelpName = "BYTES", Description = "Files larger than this many bytes are not read (NCP9002). Default: 16777216 (16 MiB).", CustomParser = r => ParseNumber(r, 1, "a number of bytes, 1 or more", long.MaxValue) };
    private static readonly Option<string[]> Exclude = new("--exclude") { HelpName = "GLOB", Description = "Globs, relative to the current folder, to leave out (repeatable).", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string?> Sarif = new("--sarif") { HelpName = "FILE", Description = "Write a SARIF 2.1.0 log to FILE." };
    private static readonly Option<string?> SarifCategory = new("--sarif-category") { HelpName = "ID", Description = "SARIF automationDetails.id (default: ncp-persistence/)." };
    private static readonly Option<string?> HelpUriBase = new("--help-uri-base") { HelpName = "URI", Description = "Base URI of the rule pages: SARIF rules get helpUri URI/docs/rules/ID.md (default: none)." };
    private static readonly Option<string?> SourceRootOption = new("--source-root") { HelpName = "DIR", Description = "The root that paths in the SARIF log and the plan are relative to (SARIF %SRCROOT%). Default: the git repository of the analysed files, else the current folder." };
    private static readonly Option<string?> Plan = new("--plan") { HelpName = "FILE", Description = "Write the NSX profile plan (JSON) to FILE." };
    private static readonly Option<string?> PlanMarkdown = new("--plan-markdown") { HelpName = "FILE", Description = "Write the NSX profile plan (Markdown) to FILE." };
    private static readonly Option<string?> BaselinePlan = new("--baseline-plan") { HelpName = "FILE", Description = "The plan of the base branch, to show what this change adds and removes." };
    private static readonly Option<string?> Baseline = new("--baseline") { HelpName = "FILE", Description = "A SARIF log of an earlier run: findings in it do not fail." };
    private static readonly Option<bool> UpdateBaseline = new("--update-baseline") { Description = "Rewrite the --baseline file with this run's findings." };
    private static readonly Option<bool> WarnAsError = new("--warnaserror") { Description = "Treat warnings as errors." };
    private static readonly Option<string[]> NoWarn = new("--nowarn") { HelpName = "ID[,ID]", Description = "Rule IDs to silence, comma-separated (repeatable)." };
    private static readonly Option<int?> Jobs = new("--jobs") { HelpName = "N", Description = "Files read in parallel (default: the number of cores).", CustomParser = r => ParseNumber(r, 1, "a whole number, 1 or more") is { } n ? (int?)checked((int)n) : null };
    private static readonly Option<bool> Verbose = new("--verbose") { Description = "Also print each finding's details, where the time and the memory went, and the stack trace of an analyzer failure (NCP0000)." };

    /// <summary>One precise message per option, and no .NET type name, for a value that is not a number in range.</summary>
    private static long? ParseNumber(System.CommandLine.Parsing.ArgumentResult result, long minimum, string expected, long maximum = int.MaxValue)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        result.AddError($"{OptionName(result)} must be {expected}, not '{text}'.");
        return null;
    }

    private static string? ParseVersion(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (NcpPersistence.Model.NcpVersion.TryParse(text, out _))
        {
            return text;
        }

        result.AddError($"{OptionName(result)} must be {NcpPersistence.Model.NcpVersion.Expected}, not '{text}'.");
        return null;
    }

    private static string? ParseBoolean(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (bool.TryParse(text, out var value))
        {
            return value ? "true" : "false";
        }

        result.AddError($"{OptionName(result)} takes true or false, not '{text}'.");
        return null;
    }

    private static string OptionName(System.CommandLine.Parsing.ArgumentResult result) =>
        (result.Parent as System.CommandLine.Parsing.OptionResult)?.Option.Name ?? result.Argument.Name;

    /// <param name="workingDirectory">Where relative paths start and printed paths are relative to (default: the current directory).</param>
    /// <remarks>Never throws: a failure of the analyzer itself is reported as NCP0000 on standard error, with exit code 3.</remarks>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string? workingDirectory = null, TextReader? stdin = null)
    {
        using var culture = OutputCulture.UseInvariant(); // the same output under every locale (F15)
        standardInput = stdin;
        try
        {
            if (workingDirectory is null && !TryGetCurrentDirectory(out workingDirectory))
            {
                stderr.WriteLine("ncp-persistence: the current folder no longer exists (it was deleted or moved); run the command from an existing folder.");
                return ExitUsage;
            }

            return RunCore(args, stdout, stderr, workingDirectory);
        }
        catch (Exception exception)
        {
            try
            {
                stderr.WriteLine($"ncp-persistence: error {AnalyzerFailureId}: the analyzer failed with {exception.GetType().Name}: {exception.Message} Please report this as a bug{(args.Contains("--verbose") ? "" : " (--verbose shows where it failed)")}.");
                if (args.Contains("--verbose"))
                {
                    stderr.WriteLine(exception);
                }
            }
            catch (Exception)
            {
                // Standard error is gone too: the exit code is all that is left.
            }

            return ExitAnalyzerFailure;
        }
    }

    private static bool TryGetCurrentDirectory([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? directory)
    {
        try
        {
            directory = Directory.GetCurrentDirectory();
            return Directory.Exists(directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            directory = null;
            return false;
        }
    }

    private static int RunCore(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var root = new RootCommand(Description)
        {
            Paths, Config, Settings, KustomizeOption, L4, L7, CookieName, L7Timeout, NcpVersionOption, IngressClass, UnclassedIsNcp, DefaultNamespace, MaxDedicatedProfiles,
            MaxFileSize, Exclude, Sarif, SarifCategory, HelpUriBase, SourceRootOption, Plan, PlanMarkdown, BaselinePlan, Baseline, UpdateBaseline, WarnAsError, NoWarn, Jobs, Verbose,
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
        root.SetAction(result => exitCode = Analyse(result, stdout, stderr, workingDirectory));
        // Exceptions reach Run's handler (NCP0000, exit 3), not System.CommandLine's, which prints a stack trace.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        var invoked = parsed.Invoke(invocation);
        return invoked != 0 ? invoked : exitCode;
    }

    /// <summary>Where <c>-</c> reads from (tests hand a reader in; the console otherwise).</summary>
    [ThreadStatic]
    private static TextReader? standardInput;

    private static int Analyse(ParseResult parsed, TextWriter stdout, TextWriter stderr, string baseDirectory)
    {
        var options = new AnalysisOptions { BaseDirectory = baseDirectory };
        var readStandardInput = false;
        foreach (var path in parsed.GetValue(Paths) ?? Array.Empty<string>())
        {
            if (path == "-")
            {
                // A YAML stream on standard input: helm template ... | ncp-persistence - (read below, once the size limit is known)
                readStandardInput = true;
                continue;
            }

            options.Paths.Add(path);
        }

        foreach (var glob in parsed.GetValue(Exclude) ?? Array.Empty<string>())
        {
            options.Excludes.Add(glob);
        }

        options.ConfigFile = parsed.GetValue(Config);
        options.SettingsFile = parsed.GetValue(Settings);
        if (parsed.GetValue(KustomizeOption) is { } kustomize)
        {
            var settings = NcpPersistence.Loading.Kustomize.KustomizeSettings.Parse(kustomize, baseDirectory);
            if (settings is null || (settings.Binary is { } binary && !File.Exists(binary)))
            {
                stderr.WriteLine($"ncp-persistence: --kustomize '{kustomize}' is not auto, off or an existing kustomize or kubectl binary.");
                return ExitUsage;
            }

            options.Kustomize = settings;
        }
        options.L4PersistenceOverride = parsed.GetValue(L4);
        options.L7PersistenceOverride = parsed.GetValue(L7);
        options.CookieNameOverride = parsed.GetValue(CookieName);
        options.L7PersistenceTimeoutOverride = parsed.GetValue(L7Timeout);
        options.IngressClass = parsed.GetValue(IngressClass) ?? options.IngressClass;
        options.UnclassedIngressIsNcp = parsed.GetValue(UnclassedIsNcp) switch { "true" => true, "false" => false, _ => null };
        options.NcpVersion = NcpPersistence.Model.NcpVersion.TryParse(parsed.GetValue(NcpVersionOption), out var ncpVersion) ? ncpVersion : null;
        options.DefaultNamespace = parsed.GetValue(DefaultNamespace) ?? options.DefaultNamespace;
        options.MaxDedicatedProfiles = parsed.GetValue(MaxDedicatedProfiles);
        options.MaxFileSize = parsed.GetValue(MaxFileSize) ?? options.MaxFileSize;
        if (readStandardInput)
        {
            options.StandardInput = StandardInputText.Read(standardInput ?? Console.In, options.MaxFileSize, out var standardInputProblem);
            options.StandardInputProblem = standardInputProblem;
        }

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

        if (options.SettingsFile is { } settingsFile && !File.Exists(Path.GetFullPath(settingsFile, baseDirectory)))
        {
            stderr.WriteLine($"ncp-persistence: the settings file '{settingsFile}' does not exist.");
            return ExitUsage;
        }

        var sourceRoot = parsed.GetValue(SourceRootOption) is { } givenRoot ? Path.GetFullPath(givenRoot, baseDirectory) : DefaultSourceRoot(options, baseDirectory);
        if (!Directory.Exists(sourceRoot))
        {
            stderr.WriteLine($"ncp-persistence: the source root '{parsed.GetValue(SourceRootOption)}' is not a folder.");
            return ExitUsage;
        }

        // Identities of files (fingerprints, configuration keys) are relative to the same root as the artifacts' paths.
        options.RepositoryRoot = sourceRoot;

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
            if (NcpPersistence.Rules.RuleCatalog.Find(id) is null)
            {
                stderr.WriteLine($"ncp-persistence: warning: --nowarn {id}: there is no rule {id} (the rules are listed in docs/rules/README.md); it has no effect.");
            }
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

        string? baselineUpdate = null;
        if (baseline is not null && updateBaseline)
        {
            // Adopting the current findings: what changes against the previous baseline (none on the first run)
            // is what the summary says; against the baseline just written, they are all "unchanged".
            baselineUpdate = ConsoleFormatter.BaselineUpdate(baseline.Compare(result));
            try
            {
                baseline = Analysis.Baseline.Write(baseline.Path, result, SarifReportOptions(sourceRoot, sarifCategory, parsed.GetValue(HelpUriBase)));
            }
            catch (BaselineException exception)
            {
                stderr.WriteLine($"ncp-persistence: {exception.Message}");
                return ExitUsage;
            }

            stderr.WriteLine($"ncp-persistence: wrote the baseline '{baselinePath}': {baselineUpdate}.");
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

        stdout.WriteLine(ConsoleFormatter.Summary(result, baselineUpdate));

        // The findings are all out: a buffered standard output shows them now, not after the artifacts are written.
        stdout.Flush();
        if (verbose)
        {
            stderr.WriteLine("ncp-persistence: " + ConsoleFormatter.Structure(result));
            stderr.WriteLine("ncp-persistence: phases: " + string.Join(", ", result.PhaseTimings.Select(t => $"{t.Phase} {t.Elapsed.TotalMilliseconds:F0} ms")));
        }

        // The SARIF log and the plan are written side by side (ArtifactWriter). Their messages keep the order they always had.
        var planJsonPath = parsed.GetValue(Plan);
        var planMarkdownPath = parsed.GetValue(PlanMarkdown);
        var baselinePlanPath = parsed.GetValue(BaselinePlan);
        var report = SarifReportOptions(sourceRoot, sarifCategory, parsed.GetValue(HelpUriBase));

        // Plan paths are repository-relative, like SARIF's; a relative --baseline-plan starts at the current folder.
        report.BaselinePlanPath = baselinePlanPath is null ? null : Path.GetFullPath(baselinePlanPath, baseDirectory);
        string? Full(string? path) => path is null ? null : Path.GetFullPath(path, baseDirectory);
        var artifacts = new ArtifactPaths(Full(sarifPath), Full(planJsonPath), Full(planMarkdownPath));
        var written = ArtifactWriter.Write(result, artifacts, report);
        if (verbose)
        {
            stderr.WriteLine($"ncp-persistence: artifacts, side by side: SARIF log {written.SarifTime.TotalMilliseconds:F0} ms, plan {written.PlanTime.TotalMilliseconds:F0} ms");

            // What the benchmarks measure from outside (GNU time's max RSS), said by the run itself.
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            stderr.WriteLine(FormattableString.Invariant($"ncp-persistence: memory: peak working set {process.PeakWorkingSet64 >> 20} MiB, GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F1} MiB, {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB allocated, {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections of generation 0/1/2"));
        }

        // A file that cannot be written is a usage error (exit 2); anything else is the analyzer's failure (exit 3).
        if (written.SarifFailure is { } sarifFailure)
        {
            RethrowUnlessUnwritable(sarifFailure, sarifFailure is IOException or UnauthorizedAccessException);
            stderr.WriteLine($"ncp-persistence: cannot write the SARIF log '{sarifPath}': {sarifFailure.Message}");
            return ExitUsage;
        }

        if (baselinePlanPath is not null && !artifacts.HasPlan)
        {
            stderr.WriteLine("ncp-persistence: warning: --baseline-plan has no effect without --plan or --plan-markdown.");
        }

        // A baseline plan that is missing or unreadable is not an error: the plan is written with a note instead of the delta.
        if (written.PlanComparisonProblem is { } why)
        {
            stderr.WriteLine($"ncp-persistence: warning: {why}; the plan is written without a comparison.");
        }

        if (written.PlanFailure is { } planFailure)
        {
            RethrowUnlessUnwritable(planFailure, planFailure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException);
            stderr.WriteLine($"ncp-persistence: cannot write the plan: {planFailure.Message}");
            return ExitUsage;
        }

        if (result.Diagnostics.Any(d => d.Id == AnalyzerFailureId))
        {
            return ExitAnalyzerFailure;
        }

        return result.HasErrors ? ExitFindings : ExitClean;
    }

    /// <summary>An artifact's failure that is not a file the user named being unwritable is the analyzer's: thrown on, stack and all (NCP0000, exit 3).</summary>
    private static void RethrowUnlessUnwritable(Exception failure, bool unwritable)
    {
        if (!unwritable)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>
    /// Where artifact paths start when <c>--source-root</c> is not given: the git repository holding the
    /// analysed paths (the first one in a repository), so that the SARIF log maps onto the repository
    /// wherever the command runs from; else the current folder.
    /// </summary>
    private static string DefaultSourceRoot(AnalysisOptions options, string baseDirectory)
    {
        foreach (var path in options.Paths.Count == 0 ? new[] { baseDirectory } : options.Paths)
        {
            var full = Path.GetFullPath(path, baseDirectory);
            var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
            if (folder is not null && Directory.Exists(folder) && SourceRoot.TryFind(folder) is { } repository)
            {
                return repository;
            }
        }

        return baseDirectory;
    }

    private static ReportOptions SarifReportOptions(string sourceRoot, string? category, string? helpUriBase)
    {
        var report = new ReportOptions { SourceRoot = sourceRoot, HelpUriBase = helpUriBase };
        report.SarifCategory = category ?? report.SarifCategory;
        return report;
    }
}
