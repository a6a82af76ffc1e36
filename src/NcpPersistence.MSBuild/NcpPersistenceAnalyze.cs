using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Output;

namespace NcpPersistence.MSBuild;

/// <summary>
/// Runs the NcpPersistence engine over a project's Kubernetes manifests, writes the artifacts
/// (SARIF log, NSX profile plan as JSON and Markdown) and reports every finding to MSBuild.
/// </summary>
/// <remarks>
/// <para>How findings reach the build log:</para>
/// <list type="bullet">
/// <item>error: <see cref="TaskLoggingHelper.LogError(string, string, string, string, string, int, int, int, int, string, object[])"/>
/// with code, help link, file, line, column and end, so the console shows
/// <c>path(line,col): error NCP3001: message</c> and the build fails.</item>
/// <item>warning: the same with <c>LogWarning</c>.</item>
/// <item>note: Roslyn does not print info diagnostics at all, but NCP notes (e.g. NCP2005: a dedicated
/// NSX profile will be created) are worth seeing, so they are high-importance messages in the canonical
/// format with <c>info</c> as severity (<c>path(line,col): info NCP2005: message</c>). They never fail the build.</item>
/// <item>suppressed or baselined findings: low-importance messages (visible with <c>-v:d</c>).</item>
/// </list>
/// <para>Project-level findings (values of MSBuild properties) are reported against the project file;
/// a property value the task cannot use is NCP9009. The artifacts are written before anything is logged,
/// so they exist even when the build fails. No exception escapes: an unexpected failure is one NCP0000
/// error, never MSB4018, also when an assembly the task needs is missing from the package.</para>
/// <para>For incremental builds the task writes <see cref="InputsFile"/>, every file the engine read, and
/// <see cref="NotesFile"/>, a one-line summary of the notes the targets show in the terminal logger.</para>
/// </remarks>
public sealed class NcpPersistenceAnalyze : Microsoft.Build.Utilities.Task
{
    /// <summary>Default base of the rule pages' help links.</summary>
    public const string DefaultHelpLinkBase = "https://github.com/ncp-persistence/ncp-persistence/blob/main/";

    /// <summary>The project being built: the base of relative paths and the location of project-level findings.</summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    /// <summary>Where the artifacts go (<c>NcpOutputDirectory</c>); created when missing.</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Where to write the files the analysis read, one absolute path a line (the targets' incremental inputs); empty: not written.</summary>
    public string? InputsFile { get; set; }

    /// <summary>Where to write the one-line summary of the notes (deleted when there are none); empty: not written.</summary>
    public string? NotesFile { get; set; }

    /// <summary>Folders scanned recursively (<c>NcpManifestFolders</c>); relative ones start at the project folder.</summary>
    public ITaskItem[] ManifestFolders { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Explicit files (<c>NcpManifest</c> items, globs already expanded by MSBuild).</summary>
    public ITaskItem[] Manifests { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Globs relative to the project folder to leave out (<c>NcpManifestExcludes</c>).</summary>
    public string[] Excludes { get; set; } = Array.Empty<string>();

    /// <summary><c>NcpConfigFile</c>: an <c>ncp.ini</c> or YAML ConfigMap; turns discovery off.</summary>
    public string? ConfigFile { get; set; }

    /// <summary><c>NcpKustomize</c>: <c>auto</c> (default), <c>off</c>, or the kustomize/kubectl binary.</summary>
    public string? Kustomize { get; set; }

    /// <summary>Where Kustomize builds are cached (under <c>obj/</c>), keyed by the content of everything each build reads.</summary>
    public string? KustomizeCacheDirectory { get; set; }

    /// <summary><c>NcpSettingsFile</c>: the settings file; empty: <c>.ncp-persistence.yaml</c> in the project folder, when it exists.</summary>
    public string? SettingsFile { get; set; }

    /// <summary><c>NcpL4Persistence</c>: overrides <c>l4_persistence</c>.</summary>
    public string? L4Persistence { get; set; }

    /// <summary><c>NcpL7Persistence</c>: overrides <c>l7_persistence</c>.</summary>
    public string? L7Persistence { get; set; }

    /// <summary><c>NcpCookieName</c>: overrides <c>cookie_name</c>.</summary>
    public string? CookieName { get; set; }

    /// <summary><c>NcpL7PersistenceTimeout</c>: overrides <c>l7_persistence_timeout</c>.</summary>
    public string? L7PersistenceTimeout { get; set; }

    /// <summary><c>NcpVersion</c>: the NCP release the configuration runs on (<c>X.Y[.Z]</c>); empty for the newest behaviour.</summary>
    public string? NcpVersion { get; set; }

    /// <summary><c>NcpIngressClass</c>: the ingress class NCP serves (default <c>nsx</c>).</summary>
    public string? IngressClass { get; set; }

    /// <summary><c>NcpUnclassedIngressIsNcp</c>: <c>true</c> or <c>false</c>; empty (the default): each configuration's <c>default_ingress_class_nsx</c> decides (True unless it says False).</summary>
    public string? UnclassedIngressIsNcp { get; set; }

    /// <summary><c>NcpDefaultNamespace</c>: namespace of manifests that name none (default <c>default</c>).</summary>
    public string? DefaultNamespace { get; set; }

    /// <summary><c>NcpMaxDedicatedProfiles</c>: budget for NCP2006; empty for none.</summary>
    public string? MaxDedicatedProfiles { get; set; }

    /// <summary><c>NcpMaxFileSize</c>: files larger than this many bytes are not read (NCP9002).</summary>
    public string? MaxFileSize { get; set; }

    /// <summary><c>NcpSarifCategory</c>: SARIF <c>automationDetails.id</c>.</summary>
    public string? SarifCategory { get; set; }

    /// <summary><c>NcpBaselinePlan</c>: the plan of the base branch (passed to the plan writer).</summary>
    public string? BaselinePlan { get; set; }

    /// <summary><c>NcpBaselineFile</c>: a SARIF log of an earlier run ; its findings do not fail the build.</summary>
    public string? BaselineFile { get; set; }

    /// <summary><c>NcpUpdateBaseline</c>: <c>true</c> rewrites the baseline with this build's findings (<c>false</c> or empty: not).</summary>
    public string? UpdateBaseline { get; set; }

    /// <summary>The project's <c>NoWarn</c>: NCP IDs in it are silenced.</summary>
    public string? NoWarn { get; set; }

    /// <summary>The project's <c>WarningsAsErrors</c>: NCP warnings in it fail the build.</summary>
    public string? WarningsAsErrors { get; set; }

    /// <summary>The project's <c>WarningsNotAsErrors</c>: exempt from <see cref="TreatWarningsAsErrors"/>.</summary>
    public string? WarningsNotAsErrors { get; set; }

    /// <summary>The project's <c>TreatWarningsAsErrors</c>.</summary>
    public bool TreatWarningsAsErrors { get; set; }

    /// <summary>
    /// True (the build): errors are logged as errors and fail the build. False (<c>NcpPersistencePlan</c>):
    /// every finding is a high-importance message, so the artifacts are written and nothing fails on findings.
    /// </summary>
    public bool FailOnFindings { get; set; } = true;

    /// <summary>Base URI of the rule pages; each finding's help link is this plus <c>docs/rules/&lt;ID&gt;.md</c>.</summary>
    public string? HelpLinkBase { get; set; }

    /// <summary>Error-level findings that count (not suppressed).</summary>
    [Output]
    public int ErrorCount { get; private set; }

    /// <summary>Warning-level findings that count (the targets re-run an analysis that reported any).</summary>
    [Output]
    public int WarningCount { get; private set; }

    /// <summary>Note-level findings that count.</summary>
    [Output]
    public int NoteCount { get; private set; }

    /// <summary>The artifacts, for <c>FileWrites</c> (whether or not their content changed this time).</summary>
    [Output]
    public ITaskItem[] Artifacts { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>The files the engine analysed.</summary>
    [Output]
    public ITaskItem[] AnalyzedFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Code of an MSBuild property value the task cannot use (<c>docs/rules/NCP9009.md</c>).</summary>
    public const string InvalidPropertyValueId = "NCP9009";

    public override bool Execute()
    {
        // Execute itself names no engine type: if an assembly is missing next to the task, loading it fails
        // when ExecuteCore is compiled, inside this try, instead of MSBuild reporting MSB4018 with a stack trace.
        try
        {
            ExecuteCore();
        }
        catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            var folder = Path.GetDirectoryName(typeof(NcpPersistenceAnalyze).Assembly.Location);
            var missing = exception is FileNotFoundException { FileName: { } name } ? new System.Reflection.AssemblyName(name).Name : exception.Message;
            Log.LogError(
                null, "NCP0000", "NCP0000", HelpLink("NCP0000"), ProjectFile, 0, 0, 0, 0,
                "NcpPersistence cannot run: {0} could not be loaded from '{1}', so the manifests were not analysed. The package is incomplete: delete its folder from the NuGet package cache and restore again",
                missing, folder);
        }
        catch (Exception exception)
        {
            LogAnalyzerFailure(exception);
        }

        return !Log.HasLoggedErrors;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ExecuteCore()
    {
        using var culture = OutputCulture.UseInvariant(); // the artifacts are the same bytes under every locale (F15)
        if (!TryBuildOptions(out var options, out var policy, out var updateBaseline))
        {
            return;
        }

        var severities = EditorConfigSeverities.ForAnalysis(options);
        severities.AttachTo(policy);
        Baseline? baseline = null;
        if (NullIfEmpty(BaselineFile) is { } baselinePath)
        {
            var fullBaseline = Path.GetFullPath(baselinePath, options.BaseDirectory);
            try
            {
                baseline = updateBaseline && !File.Exists(fullBaseline) ? Baseline.Empty(fullBaseline) : Baseline.Load(fullBaseline);
            }
            catch (BaselineException exception)
            {
                Log.LogError(null, "NCP9002", null, ProjectFile, 0, 0, 0, 0, "NcpBaselineFile: {0}", exception.Message);
                return;
            }
        }

        var outputDirectory = Path.GetFullPath(OutputDirectory, options.BaseDirectory);
        if (!CheckOutputs(outputDirectory, baseline is not null && updateBaseline ? baseline.Path : null, baseline is not null && !updateBaseline ? baseline.Path : null, options.BaseDirectory))
        {
            return;
        }

        var result = Analyzer.Run(options, policy);
        foreach (var problem in severities.Problems)
        {
            // A config file that was not read (a FIFO, a device, past ConfigFileLimits, unreadable): as on the CLI.
            Log.LogWarning(null, "NCP9002", null, ProjectFile, 0, 0, 0, 0, "NcpPersistence: {0}", problem);
        }

        string? baselineUpdate = null;
        if (baseline is not null && updateBaseline)
        {
            baselineUpdate = ConsoleFormatter.BaselineUpdate(baseline.Compare(result)); // against the previous one

            try
            {
                baseline = Baseline.Write(baseline.Path, result, BuildReportOptions(options.BaseDirectory));
            }
            catch (BaselineException exception)
            {
                Log.LogError(null, "NCP9002", null, ProjectFile, 0, 0, 0, 0, "NcpBaselineFile: {0}", exception.Message);
                return;
            }

            Log.LogMessage(MessageImportance.High, "NcpPersistence: wrote the baseline '{0}': {1}.", baseline.Path, baselineUpdate);
        }

        baseline?.ApplyTo(result);
        AnalyzedFiles = result.Model.Files.Select(f => (ITaskItem)new TaskItem(f.Path)).ToArray();
        var report = BuildReportOptions(options.BaseDirectory);
        var written = WriteArtifacts(result, report, outputDirectory);
        if (OutputDirectoryOwner.ClaimAndFindOther(outputDirectory, Path.GetFullPath(ProjectFile)) is { } other)
        {
            Log.LogWarning(null, null, null, ProjectFile, 0, 0, 0, 0,
                "NcpOutputDirectory '{0}' is also written by the project '{1}': each build replaces the other's SARIF log and plan. Give each project its own NcpOutputDirectory.", outputDirectory, other);
        }

        Artifacts = written.Select(p => (ITaskItem)new TaskItem(p)).ToArray();

        foreach (var diagnostic in result.Diagnostics)
        {
            Report(diagnostic, options.BaseDirectory);
        }

        ErrorCount = result.ErrorCount;
        WarningCount = result.WarningCount;
        NoteCount = result.NoteCount;
        Log.LogMessage(MessageImportance.High, "NcpPersistence: {0}; artifacts in {1}", ConsoleFormatter.Summary(result, baselineUpdate), outputDirectory);
        WriteIncrementalFiles(result, report);
    }

    /// <summary>The list of files read, and the notes' summary, for the targets (see the remarks).</summary>
    private void WriteIncrementalFiles(AnalysisResult result, ReportOptions report)
    {
        if (NullIfEmpty(InputsFile) is { } inputsFile)
        {
            var inputs = result.InputFiles.ToList();
            if (report.BaselinePlanPath is { } plan && File.Exists(plan))
            {
                inputs.Add(plan); // read by the plan writer, outside the engine's run
            }

            inputs.Sort(StringComparer.Ordinal);
            WriteIfDifferent(inputsFile, string.Concat(inputs.Distinct(StringComparer.Ordinal).Select(p => p + "\n")));
        }

        if (NullIfEmpty(NotesFile) is { } notesFile)
        {
            var notes = NotesSummary(result, Path.GetFullPath(OutputDirectory, Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!));
            if (notes is null)
            {
                File.Delete(notesFile);
            }
            else
            {
                WriteIfDifferent(notesFile, notes + "\n");
            }
        }
    }

    /// <summary>
    /// One line for the terminal logger, which hides messages: how many notes, which rules, and what the
    /// analysis assumed. Null when there is no note.
    /// </summary>
    internal static string? NotesSummary(AnalysisResult result, string outputDirectory)
    {
        var notes = result.Active.Where(d => d.Severity == Severity.Note).ToList();
        if (notes.Count == 0)
        {
            return null;
        }

        var byRule = notes.GroupBy(d => d.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            g.Key == NoConfigId
                ? $"{g.Key} no NCP configuration was read, so NCP's defaults are assumed (l4_persistence none, l7_persistence none)"
                : $"{g.Key} {g.First().Rule.Name} x{g.Count()}");
        var sarif = Path.Combine(outputDirectory, ArtifactNames.Sarif);
        return $"ncp-persistence: {notes.Count} {(notes.Count == 1 ? "note" : "notes")}: {string.Join("; ", byRule)}. Each note: `dotnet build -v:d`, or {sarif}";
    }

    private const string NoConfigId = "NCP1010";

    private static void WriteIfDifferent(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, content);
    }

    private bool TryBuildOptions(out AnalysisOptions options, out SeverityPolicy policy, out bool updateBaseline)
    {
        var projectFile = Path.GetFullPath(ProjectFile);
        var baseDirectory = Path.GetDirectoryName(projectFile)!;
        options = new AnalysisOptions { BaseDirectory = baseDirectory, OverrideNames = OverrideNames.MSBuild };
        policy = new SeverityPolicy { TreatWarningsAsErrors = TreatWarningsAsErrors };

        foreach (var folder in ManifestFolders.Select(i => i.ItemSpec).Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            options.Paths.Add(Path.GetFullPath(folder.Trim(), baseDirectory));
        }

        foreach (var file in Manifests.Select(i => i.ItemSpec).Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            options.Paths.Add(Path.GetFullPath(file.Trim(), baseDirectory));
        }

        if (options.Paths.Count == 0)
        {
            options.Paths.Add(baseDirectory);
        }

        foreach (var glob in Excludes.Where(g => !string.IsNullOrWhiteSpace(g)))
        {
            options.Excludes.Add(glob.Trim());
        }

        // The artifacts are never analysed, wherever NcpOutputDirectory points.
        var output = Path.GetRelativePath(baseDirectory, Path.GetFullPath(OutputDirectory, baseDirectory)).Replace('\\', '/');
        if (!output.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(output) && output != ".")
        {
            options.Excludes.Add(output.TrimEnd('/') + "/**");
        }

        options.ConfigFile = NullIfEmpty(ConfigFile);
        options.SettingsFile = NullIfEmpty(SettingsFile);

        options.L4PersistenceOverride = NullIfEmpty(L4Persistence);
        options.L7PersistenceOverride = NullIfEmpty(L7Persistence);
        options.CookieNameOverride = NullIfEmpty(CookieName);
        options.L7PersistenceTimeoutOverride = NullIfEmpty(L7PersistenceTimeout);
        options.IngressClass = NullIfEmpty(IngressClass) ?? options.IngressClass;
        options.DefaultNamespace = NullIfEmpty(DefaultNamespace) ?? options.DefaultNamespace;

        var valid = true;
        var cache = NullIfEmpty(KustomizeCacheDirectory) is { } cacheFolder ? Path.GetFullPath(cacheFolder, baseDirectory) : null;
        if (NullIfEmpty(Kustomize) is { } kustomize)
        {
            var parsed = NcpPersistence.Loading.Kustomize.KustomizeSettings.Parse(kustomize, baseDirectory);
            if (parsed is null || (parsed.Binary is { } binary && !File.Exists(binary)))
            {
                valid = InvalidProperty("NcpKustomize", kustomize, "auto, off, or the path of an existing kustomize or kubectl binary");
            }
            else
            {
                options.Kustomize = parsed with { CacheDirectory = cache };
            }
        }
        else
        {
            options.Kustomize = options.Kustomize with { CacheDirectory = cache };
        }

        updateBaseline = false;
        if (NullIfEmpty(UpdateBaseline) is { } update)
        {
            if (bool.TryParse(update, out var value))
            {
                updateBaseline = value;
            }
            else
            {
                valid = InvalidProperty("NcpUpdateBaseline", update, "true or false");
            }
        }

        if (NullIfEmpty(UnclassedIngressIsNcp) is { } unclassed)
        {
            if (bool.TryParse(unclassed, out var value))
            {
                options.UnclassedIngressIsNcp = value;
            }
            else
            {
                valid = InvalidProperty("NcpUnclassedIngressIsNcp", unclassed, "true or false");
            }
        }

        if (NullIfEmpty(NcpVersion) is { } version)
        {
            if (NcpPersistence.Model.NcpVersion.TryParse(version, out var release))
            {
                options.NcpVersion = release;
            }
            else
            {
                valid = InvalidProperty("NcpVersion", version, NcpPersistence.Model.NcpVersion.Expected);
            }
        }

        if (NullIfEmpty(MaxDedicatedProfiles) is { } budget)
        {
            if (int.TryParse(budget, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                options.MaxDedicatedProfiles = value;
            }
            else
            {
                valid = InvalidProperty("NcpMaxDedicatedProfiles", budget, "an integer >= 0");
            }
        }

        if (NullIfEmpty(MaxFileSize) is { } size)
        {
            if (long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
            {
                options.MaxFileSize = value;
            }
            else
            {
                valid = InvalidProperty("NcpMaxFileSize", size, "a number of bytes >= 1");
            }
        }

        foreach (var id in SeverityPolicy.SplitIds(NoWarn))
        {
            policy.NoWarn.Add(id);
        }

        foreach (var id in SeverityPolicy.SplitIds(WarningsAsErrors))
        {
            policy.WarningsAsErrors.Add(id);
        }

        foreach (var id in SeverityPolicy.SplitIds(WarningsNotAsErrors))
        {
            policy.WarningsNotAsErrors.Add(id);
        }

        return valid;
    }

    private bool InvalidProperty(string name, string value, string expected)
    {
        Log.LogError(null, InvalidPropertyValueId, InvalidPropertyValueId, HelpLink(InvalidPropertyValueId), ProjectFile, 0, 0, 0, 0,
            "The property {0} is '{1}', which NcpPersistence cannot use: it must be {2}. Nothing was analysed", name, value, expected);
        return false;
    }

    // The one seam between the task and the writers: the three artifacts, side by side (ArtifactWriter).
    private IReadOnlyList<string> WriteArtifacts(AnalysisResult result, ReportOptions report, string outputDirectory)
    {
        var paths = new ArtifactPaths(
            Path.Combine(outputDirectory, ArtifactNames.Sarif),
            Path.Combine(outputDirectory, ArtifactNames.PlanJson),
            Path.Combine(outputDirectory, ArtifactNames.PlanMarkdown));
        var written = ArtifactWriter.Write(result, paths, report);
        if (written.PlanComparisonProblem is { } why)
        {
            // Not an error (a base branch may have no plan yet), but not silent either.
            Log.LogMessage(MessageImportance.High, "NcpPersistence: NcpBaselinePlan: {0}; the plan is written without a comparison.", why);
        }

        // CheckOutputs made sure the paths can be written: a failure now is the analyzer's (NCP0000), as it always was.
        if ((written.SarifFailure ?? written.PlanFailure) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }

        return new[] { paths.Sarif!, paths.PlanJson!, paths.PlanMarkdown! };
    }

    /// <summary>
    /// The artifacts' paths before anything is read or written (NCP9002 errors): the output folder is a folder, each
    /// artifact a regular file or a new one (never a FIFO or device), the baseline not one of them; leftovers of an
    /// interrupted earlier write are removed.
    /// </summary>
    private bool CheckOutputs(string outputDirectory, string? baselineToWrite, string? baselineRead, string baseDirectory)
    {
        var kind = NcpPersistence.Loading.FileKinds.Of(outputDirectory);
        if (kind is not (NcpPersistence.Loading.FileKind.Directory or NcpPersistence.Loading.FileKind.Missing or NcpPersistence.Loading.FileKind.Unknown))
        {
            Log.LogError(null, "NCP9002", null, ProjectFile, 0, 0, 0, 0, "NcpOutputDirectory: '{0}' is {1}, not a folder.", outputDirectory, NcpPersistence.Loading.FileKinds.Describe(kind));
            return false;
        }

        var outputs = new List<NamedPath>
        {
            new("NcpOutputDirectory (SARIF log)", Path.Combine(outputDirectory, ArtifactNames.Sarif)),
            new("NcpOutputDirectory (plan)", Path.Combine(outputDirectory, ArtifactNames.PlanJson)),
            new("NcpOutputDirectory (plan, Markdown)", Path.Combine(outputDirectory, ArtifactNames.PlanMarkdown)),
        };
        if (baselineToWrite is not null)
        {
            outputs.Add(new NamedPath("NcpBaselineFile", baselineToWrite));
        }

        foreach (var output in outputs)
        {
            if (OutputPaths.WhyNotWritable(output.Path) is { } why)
            {
                Log.LogError(null, "NCP9002", null, ProjectFile, 0, 0, 0, 0, "{0}: {1}.", output.Name, why);
                return false;
            }

            TemporaryFiles.RemoveStale(OutputPaths.ReplacedFile(output.Path));
        }

        var inputs = new List<NamedPath>();
        if (baselineRead is not null)
        {
            inputs.Add(new NamedPath("NcpBaselineFile", baselineRead));
        }

        if (NullIfEmpty(BaselinePlan) is { } baselinePlan)
        {
            inputs.Add(new NamedPath("NcpBaselinePlan", Path.GetFullPath(baselinePlan, baseDirectory)));
        }

        if (OutputPaths.FindClash(outputs, inputs) is { } clash)
        {
            Log.LogError(null, "NCP9002", null, ProjectFile, 0, 0, 0, 0, "{0}.", clash);
            return false;
        }

        return true;
    }

    private ReportOptions BuildReportOptions(string baseDirectory) =>
        new()
        {
            SourceRoot = SourceRoot.Find(baseDirectory),
            ProjectFile = ProjectFile,
            SarifCategory = NullIfEmpty(SarifCategory) ?? new ReportOptions().SarifCategory,
            HelpUriBase = HelpBase,
            // Relative to the project folder, like every other path property.
            BaselinePlanPath = NullIfEmpty(BaselinePlan) is { } plan ? Path.GetFullPath(plan, baseDirectory) : null,
        };

    private void Report(Diagnostic diagnostic, string baseDirectory)
    {
        var file = diagnostic.Location?.File ?? ProjectFile;
        var (line, column, endLine, endColumn) = diagnostic.Location is { } l
            ? (l.StartLine, l.StartColumn, l.HasExtent ? l.EndLine : 0, l.HasExtent ? l.EndColumn : 0)
            : (0, 0, 0, 0);
        var helpLink = HelpLink(diagnostic.Id);
        var counts = !diagnostic.IsSuppressed && diagnostic.BaselineState is null or "new";

        if (!counts)
        {
            var why = diagnostic.Suppression is { } s ? $"suppressed: {s.Justification}" : $"baseline: {diagnostic.BaselineState}";
            Log.LogMessage(MessageImportance.Low, "{0} ({1})", ConsoleFormatter.Format(diagnostic, baseDirectory), why);
            return;
        }

        // MSBuild would turn this warning into an error itself (MSBuildWarningsAsErrors) without the task
        // knowing; logging it as an error keeps the task's result, and so the incremental stamp, honest.
        // (The -warnaserror switch is not visible here: the targets re-run any analysis that warned.)
        var promotedByMSBuild = diagnostic.Severity == Severity.Warning
            && BuildEngine is IBuildEngine8 engine
            && engine.ShouldTreatWarningAsError(diagnostic.Id);

        if (FailOnFindings && (diagnostic.Severity == Severity.Error || promotedByMSBuild))
        {
            Log.LogError(null, diagnostic.Id, diagnostic.Id, helpLink, file, line, column, endLine, endColumn, "{0}", diagnostic.Message);
        }
        else if (FailOnFindings && diagnostic.Severity == Severity.Warning)
        {
            Log.LogWarning(null, diagnostic.Id, diagnostic.Id, helpLink, file, line, column, endLine, endColumn, "{0}", diagnostic.Message);
        }
        else if (diagnostic.Severity == Severity.Note)
        {
            Log.LogMessage(MessageImportance.High, "{0}: info {1}: {2}", Canonical(file, line, column, endLine, endColumn), diagnostic.Id, diagnostic.Message);
        }
        else
        {
            // NcpPersistencePlan: shown, but not in the "error CODE:" form that CI log scanners would count as a failure.
            Log.LogMessage(MessageImportance.High, "{0}: {1} ({2}): {3}", Canonical(file, line, column, endLine, endColumn), diagnostic.Id, diagnostic.Severity.ToDisplayString(), diagnostic.Message);
        }

        if (diagnostic.Details is { } details)
        {
            Log.LogMessage(MessageImportance.Low, "{0}", details);
        }
    }

    private static string Canonical(string file, int line, int column, int endLine, int endColumn) =>
        line <= 0 ? file
        : endLine > 0 ? $"{file}({line},{column},{endLine},{endColumn})"
        : $"{file}({line},{column})";

    private void LogAnalyzerFailure(Exception exception)
    {
        Log.LogError(
            null, "NCP0000", "NCP0000", HelpLink("NCP0000"), ProjectFile, 0, 0, 0, 0,
            "NcpPersistence failed with {0}: {1}; the manifests were not fully analysed. Please report this as a bug",
            exception.GetType().Name, exception.Message);
        Log.LogMessage(MessageImportance.Low, "{0}", exception.ToString());
    }

    private string HelpBase
    {
        get
        {
            var value = NullIfEmpty(HelpLinkBase) ?? DefaultHelpLinkBase;
            return value.EndsWith('/') ? value : value + "/";
        }
    }

    private string HelpLink(string id) => $"{HelpBase}docs/rules/{id}.md";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
