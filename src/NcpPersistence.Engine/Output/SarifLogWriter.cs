using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis.Sarif;
using NcpPersistence.Analysis;
using NcpPersistence.Diagnostics;
using NcpPersistence.Loading;
using NcpPersistence.Rules;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;
using NcpSeverity = NcpPersistence.Diagnostics.Severity;
using SarifLocation = Microsoft.CodeAnalysis.Sarif.Location;
using SarifSuppression = Microsoft.CodeAnalysis.Sarif.Suppression;

namespace NcpPersistence.Output;

/// <summary>
/// The SARIF 2.1.0 log of one analysis, shared by the CLI (<c>--sarif</c>) and the MSBuild task
/// (<c>ncp-persistence.sarif</c>). Built with the Sarif.Sdk object model, serialized with Newtonsoft.Json.
/// <list type="bullet">
/// <item>One run; <c>tool.driver.rules</c> (always there, GitHub requires it) lists the rules of <see cref="RuleCatalog.Descriptors"/> that have a result
/// in this log, in ID order (<c>ruleIndex</c> points into that list), each with its page once, as <c>help.markdown</c>
/// (<c>help.text</c> is a one-line summary); <c>artifacts</c> lists the files that results point at.</item>
/// <item>One result per diagnostic of <see cref="AnalysisResult.Diagnostics"/> (suppressed and baselined ones
/// included, with <c>suppressions</c> / <c>baselineState</c>), in the engine's order; <c>level</c> is the level the
/// run enforced and is always written, even when it is SARIF's default.</item>
/// <item>Paths are relative to <see cref="ReportOptions.SourceRoot"/> (<c>%SRCROOT%</c>).</item>
/// <item>Project-level diagnostics (no file location) are anchored, for GitHub code scanning (which does not
/// display a result without an artifact URI), at line 1 of <see cref="ReportOptions.ProjectFile"/>, else of the
/// NCP configuration in use, else of the first file analysed; <c>properties.projectLevel</c> is true and the
/// location's logical location says "project". With no file at all they keep no location.</item>
/// <item>Deterministic: apart from <c>startTimeUtc</c>/<c>endTimeUtc</c> the same input gives the same bytes (LF line ends, no BOM).</item>
/// <item>Streamed: the object model is written straight to the file by <see cref="LogWriter"/> and <see cref="ResultWriter"/>
/// (no reflection), which the tests keep byte-identical to the SDK's contracts, and each result is built from its
/// diagnostic only when the writer reaches it (<see cref="ResultList"/>), so memory does not grow with the results.</item>
/// </list>
/// </summary>
public static class SarifLogWriter
{
    public const string SourceRootBaseId = "%SRCROOT%";
    public const string ToolName = "NcpPersistence";
    public const string InformationUri = "https://github.com/ncp-persistence/ncp-persistence";
    public const string PrimaryLocationLineHashKey = "primaryLocationLineHash";
    public const string LogicalLocationKind = "object";

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Serializes the log of <paramref name="result"/>.</summary>
    public static string ToJson(AnalysisResult result, ReportOptions options)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, result, options);
        return Utf8NoBom.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>
    /// Writes the log atomically (a killed build never leaves a truncated file). A log that differs from
    /// the file only in its timestamps is not rewritten, so an unchanged analysis leaves the artifact (and
    /// incremental builds) alone. Returns false when nothing was written.
    /// </summary>
    public static bool Write(string path, AnalysisResult result, ReportOptions options) =>
        AtomicFile.WriteIfChanged(path, stream => WriteTo(stream, result, options), AtomicFile.Comparison.IgnoringSarifTimestamps);

    /// <summary>Streams the log of <paramref name="result"/> to <paramref name="stream"/> (UTF-8, no BOM), as <see cref="ToJson"/> has it.</summary>
    public static void WriteTo(Stream stream, AnalysisResult result, ReportOptions options) => Serialize(Build(result, options), stream);

    /// <summary>Serializes any log the way <see cref="ToJson"/> does: indented, LF line ends, final newline.</summary>
    public static string Serialize(SarifLog log)
    {
        using var stream = new MemoryStream();
        Serialize(log, stream);
        return Utf8NoBom.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>
    /// Writes <paramref name="log"/> as the SDK's own contracts do, through a <see cref="JsonTextWriter"/> straight to
    /// <paramref name="stream"/>: no JSON tree and no string of the whole log. The one change to the SDK's contracts:
    /// every level is written explicitly (the object model leaves out "warning", SARIF's default, and a result
    /// without a level is read as having its rule's default level), and so is an empty rules list.
    /// </summary>
    public static void Serialize(SarifLog log, Stream stream) => Serialize(log, stream, handWrittenResults: true);

    /// <param name="handWrittenResults">
    /// True: the log that <see cref="Build"/> made is written by <see cref="LogWriter"/> and its results by
    /// <see cref="ResultWriter"/>, which write the same bytes as the SDK's contracts for the properties they have,
    /// without reflection (the SDK's serializer cost about 150 us a result, and its contracts about 0.12 s of a
    /// small run). False: everything through the SDK's contracts; the tests compare the two on every scenario, so
    /// the SDK stays the reference for the log's shape.
    /// </param>
    internal static void Serialize(SarifLog log, Stream stream, bool handWrittenResults)
    {
        using var text = new StreamWriter(stream, Utf8NoBom, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        using (var json = new JsonTextWriter(text) { Formatting = Formatting.Indented, Indentation = 2, CloseOutput = false })
        {
            if (handWrittenResults)
            {
                LogWriter.Write(json, log);
            }
            else
            {
                var serializer = JsonSerializer.Create(new JsonSerializerSettings { Formatting = Formatting.Indented, ContractResolver = ExplicitLevelContractResolver.Instance });
                serializer.Serialize(json, log);
            }
        }

        text.Write('\n');
    }

    /// <summary>Reads a log written by <see cref="Write"/> (or any SARIF 2.1.0 log) with the SDK's converters.</summary>
    public static SarifLog Read(string json) => JsonConvert.DeserializeObject<SarifLog>(json)!;

    public static SarifLog Build(AnalysisResult result, ReportOptions options)
    {
        var context = new WriterContext(result, options);
        var run = new Run
        {
            Tool = new Tool { Driver = BuildDriver(options, context.Rules) },
            AutomationDetails = new RunAutomationDetails { Id = options.SarifCategory },
            OriginalUriBaseIds = new Dictionary<string, ArtifactLocation>(StringComparer.Ordinal)
            {
                [SourceRootBaseId] = new ArtifactLocation
                {
                    Uri = DirectoryUri(context.SourceRoot),
                    Description = new Message { Text = "The root of the analysed source tree (the repository root)." },
                },
            },
            ColumnKind = ColumnKind.Utf16CodeUnits,
            Artifacts = context.Artifacts,
            Results = new ResultList(result.Diagnostics.Count + result.AbsentFromBaseline.Count, i =>
                i < result.Diagnostics.Count ? context.BuildResult(result.Diagnostics[i]) : context.BuildAbsentResult(result.AbsentFromBaseline[i - result.Diagnostics.Count])),
            Invocations = new List<Invocation> { BuildInvocation(result, context) },
        };

        return new SarifLog
        {
            SchemaUri = new Uri("https://json.schemastore.org/sarif-2.1.0.json"),
            Version = SarifVersion.Current,
            Runs = new List<Run> { run },
        };
    }

    public static FailureLevel ToLevel(NcpSeverity severity) => severity switch
    {
        NcpSeverity.Error => FailureLevel.Error,
        NcpSeverity.Warning => FailureLevel.Warning,
        NcpSeverity.Note => FailureLevel.Note,
        _ => FailureLevel.None,
    };

    private static string LevelName(FailureLevel level) => level switch
    {
        FailureLevel.Error => "error",
        FailureLevel.Warning => "warning",
        FailureLevel.Note => "note",
        _ => "none",
    };

    /// <summary>GitHub's <c>problem.severity</c>: error, warning or recommendation.</summary>
    private static string ProblemSeverity(NcpSeverity severity) => severity switch
    {
        NcpSeverity.Error => "error",
        NcpSeverity.Warning => "warning",
        _ => "recommendation",
    };

    /// <summary>
    /// Adds properties whose JSON is written here as the SDK's <c>SetProperty</c> serializes them (a string with
    /// <see cref="JsonConvert.ToString(string)"/>, a list compact, a boolean as <c>true</c>/<c>false</c>; the SARIF tests
    /// pin the bytes). <c>SetProperty</c> of anything but a string starts Newtonsoft's reflection-based serializer: a
    /// fixed 6 MiB and 20-30 ms of every run that writes a log, for four values. The SDK's public way to hand over a
    /// ready property bag is its constructors' <c>properties</c>, copied with <c>SetPropertiesFrom</c>.
    /// </summary>
    private static void SetJsonProperties(PropertyBagHolder holder, params (string Name, string Json)[] properties)
    {
        var bag = new Dictionary<string, SerializedPropertyInfo>(StringComparer.Ordinal);
        foreach (var name in holder.PropertyNames)
        {
            var json = holder.GetSerializedPropertyValue(name);
            bag[name] = new SerializedPropertyInfo(json, json.StartsWith('"'));
        }

        foreach (var (name, json) in properties)
        {
            bag[name] = new SerializedPropertyInfo(json, json.StartsWith('"'));
        }

        holder.SetPropertiesFrom(new ReportingDescriptor(null, null, null, null, null, null, null, null, null, null, null, null, null, bag));
    }

    private static ToolComponent BuildDriver(ReportOptions options, IReadOnlyList<RuleDescriptor> descriptors)
    {
        var assembly = typeof(SarifLogWriter).Assembly;
        var organization = assembly.GetCustomAttribute<AssemblyCompanyAttribute>()?.Company is { Length: > 0 } company ? company : ToolName;
        var rules = new List<ReportingDescriptor>();
        foreach (var descriptor in descriptors)
        {
            var documentation = descriptor.Documentation;

            // The object model leaves shortDescription out when it equals fullDescription, and GitHub requires
            // it: a page without its own "## Cause" (or no page at all) gets a full description of its own.
            var fullDescription = string.Equals(documentation.Cause, documentation.Summary, StringComparison.Ordinal)
                ? $"{documentation.Summary} ({descriptor.Id} {descriptor.Name}, category {descriptor.Category}; see {descriptor.DocumentationPath}.)"
                : documentation.Cause;
            var rule = new ReportingDescriptor
            {
                Id = descriptor.Id,
                Name = descriptor.Name,
                ShortDescription = new MultiformatMessageString { Text = documentation.Summary },
                FullDescription = new MultiformatMessageString { Text = fullDescription },
                // The page once: GitHub shows help.markdown when there is one; help.text (required) stays one line.
                Help = new MultiformatMessageString { Text = HelpText(descriptor), Markdown = documentation.Markdown },
                DefaultConfiguration = new ReportingConfiguration { Level = ToLevel(descriptor.DefaultSeverity) },
            };
            if (options.HelpUriBase is { Length: > 0 } helpBase
                && Uri.TryCreate(helpBase.EndsWith('/') ? helpBase + descriptor.DocumentationPath : helpBase + "/" + descriptor.DocumentationPath, UriKind.Absolute, out var helpUri))
            {
                rule.HelpUri = helpUri;
            }

            SetJsonProperties(rule,
                ("tags", "[" + string.Join(",", descriptor.Tags.Select(tag => JsonConvert.ToString(tag))) + "]"),
                ("category", JsonConvert.ToString(descriptor.Category)),
                ("precision", JsonConvert.ToString("high")),
                ("problem.severity", JsonConvert.ToString(ProblemSeverity(descriptor.DefaultSeverity))));
            rules.Add(rule);
        }

        return new ToolComponent
        {
            Name = ToolName,
            FullName = $"{ToolName} {ReportOptions.ToolVersion}",
            SemanticVersion = ReportOptions.ToolVersion,
            Version = ReportOptions.ToolVersion,
            InformationUri = new Uri(InformationUri, UriKind.Absolute),
            Organization = organization,
            Rules = rules,
        };
    }

    /// <summary>The plain-text help beside the page in <c>help.markdown</c>: the summary and where the page is.</summary>
    internal static string HelpText(RuleDescriptor descriptor) =>
        $"{descriptor.Documentation.Summary} The rule's page, {descriptor.DocumentationPath}, says why and how to fix or suppress it.";

    private static Invocation BuildInvocation(AnalysisResult result, WriterContext context)
    {
        var notifications = new List<Notification>();
        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Id is not ("NCP0000" or "NCP9002"))
            {
                continue;
            }

            var notification = new Notification
            {
                Message = new Message { Text = Sentence(diagnostic.Message) },
                Level = diagnostic.Id == "NCP0000" ? FailureLevel.Error : ToLevel(diagnostic.Severity is NcpSeverity.None ? NcpSeverity.Error : diagnostic.Severity),
                AssociatedRule = new ReportingDescriptorReference { Id = diagnostic.Id, Index = context.RuleIndex(diagnostic.Id) },
                Locations = diagnostic.Location is { } span ? new List<SarifLocation> { context.BuildLocation(span, null) } : null,
            };
            if (diagnostic.Details is { Length: > 0 } details)
            {
                var firstLine = details.Split('\n')[0].TrimEnd('\r');
                var colon = firstLine.IndexOf(':', StringComparison.Ordinal);
                notification.Exception = new ExceptionData
                {
                    Kind = colon > 0 ? firstLine.Substring(0, colon) : null,
                    Message = details.Replace("\r\n", "\n", StringComparison.Ordinal),
                };
            }

            notifications.Add(notification);
        }

        return new Invocation
        {
            ExecutionSuccessful = !result.Diagnostics.Any(d => d.Id == "NCP0000"),
            StartTimeUtc = result.StartTime.UtcDateTime,
            EndTimeUtc = result.EndTime.UtcDateTime,
            WorkingDirectory = new ArtifactLocation { Uri = DirectoryUri(context.BaseDirectory) },
            ToolExecutionNotifications = notifications.Count > 0 ? notifications : null,
        };
    }

    /// <summary>A complete sentence for SARIF, capitalised and closed with a period (console messages may lack both).</summary>
    internal static string Sentence(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return trimmed;
        }

        if (char.IsLower(trimmed[0]))
        {
            trimmed = char.ToUpperInvariant(trimmed[0]) + trimmed.Substring(1);
        }

        return trimmed[^1] is '.' or '!' or '?' ? trimmed : trimmed + ".";
    }

    /// <summary>Link text inside <c>[text](id)</c>: brackets and backslashes are escaped as SARIF §3.11.6 requires.</summary>
    internal static string EscapeLinkText(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    internal static Uri DirectoryUri(string directory)
    {
        var full = Path.GetFullPath(directory);
        full = Path.EndsInDirectorySeparator(full) ? full : full + Path.DirectorySeparatorChar; // "/" stays "/", not "//"
        return new Uri(new Uri(full, UriKind.Absolute).AbsoluteUri, UriKind.Absolute);
    }

    /// <summary>
    /// Everything one log build shares: the source root, the rules and artifacts the results use, and the lines
    /// and line hashes of the few files the results being written point at.
    /// </summary>
    private sealed class WriterContext
    {
        /// <summary>Files whose text is kept at once: results come in path order, and their related locations mostly point at the same few files (the NCP configuration).</summary>
        private const int TextCacheSize = 16;

        private readonly Dictionary<string, int> ruleIndexes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> artifactIndexes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> artifactIndexesByUri = new(StringComparer.Ordinal);
        private readonly LinkedList<(string Path, FileText? Text)> texts = new();
        private readonly HashSet<string> readable = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (Uri Uri, string? BaseId)> uris = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> fullPaths = new(StringComparer.Ordinal);

        public WriterContext(AnalysisResult result, ReportOptions options)
        {
            SourceRoot = Path.GetFullPath(options.SourceRoot);
            BaseDirectory = Path.GetFullPath(result.Model.Options.BaseDirectory);
            Anchor = options.ProjectFile is { Length: > 0 } project
                ? Path.GetFullPath(project, BaseDirectory)
                : result.Model.FirstConfigSource?.File is { } config
                    ? Path.GetFullPath(config)
                    : result.Model.Files.Count > 0 ? Path.GetFullPath(result.Model.Files[0].Path) : null;

            // The rules and files the results use, found before anything is written (both lists come before the results).
            var usedRules = new HashSet<string>(StringComparer.Ordinal);
            var usedFiles = new HashSet<string>(StringComparer.Ordinal);
            foreach (var diagnostic in result.Diagnostics)
            {
                usedRules.Add(diagnostic.Id);
                usedFiles.Add(diagnostic.Location?.File ?? Anchor ?? "");
                foreach (var related in diagnostic.Related)
                {
                    usedFiles.Add(related.Span.File);
                }

                if (diagnostic.Suppression is { } suppression)
                {
                    usedFiles.Add(suppression.Location.File);
                }
            }

            foreach (var entry in result.AbsentFromBaseline)
            {
                usedRules.Add(entry.RuleId);
            }

            Rules = RuleCatalog.Descriptors.Where(d => usedRules.Contains(d.Id)).ToList();
            for (var i = 0; i < Rules.Count; i++)
            {
                ruleIndexes[Rules[i].Id] = i;
            }

            var usedFullPaths = new HashSet<string>(usedFiles.Where(f => f.Length > 0).Select(f => Path.GetFullPath(f)), StringComparer.Ordinal);
            Artifacts = new List<Artifact>();
            foreach (var file in result.Model.Files)
            {
                if (!usedFullPaths.Contains(file.Path) && !usedFullPaths.Contains(Path.GetFullPath(file.Path)))
                {
                    continue;
                }

                var full = Path.GetFullPath(file.Path);
                if (artifactIndexes.ContainsKey(full))
                {
                    continue;
                }

                if (file.WasAnalysed)
                {
                    readable.Add(full);
                }

                artifactIndexes[full] = Artifacts.Count;
                var artifact = new Artifact
                {
                    Location = ArtifactLocationFor(full, withIndex: false),
                    Roles = ArtifactRoles.AnalysisTarget,
                    MimeType = MimeType(full),
                };
                if (!file.WasAnalysed)
                {
                    SetJsonProperties(artifact, ("analysed", "false"));
                }

                artifactIndexesByUri[UriKey(artifact.Location)] = Artifacts.Count;
                Artifacts.Add(artifact);
            }
        }

        public string SourceRoot { get; }
        public string BaseDirectory { get; }

        /// <summary>The rules that have a result in this log, in catalog (ID) order: <c>tool.driver.rules</c>.</summary>
        public List<RuleDescriptor> Rules { get; }

        /// <summary>The analysed files that a result points at, in path order.</summary>
        public List<Artifact> Artifacts { get; }

        /// <summary>Where project-level results point (see the class summary); null when there is no file at all.</summary>
        public string? Anchor { get; }

        public int RuleIndex(string id) => ruleIndexes.TryGetValue(id, out var index) ? index : -1;

        /// <summary>A baseline finding this run no longer has: reported with baselineState "absent" where it was.</summary>
        public Result BuildAbsentResult(BaselineEntry entry)
        {
            var level = entry.Level switch
            {
                "error" => FailureLevel.Error,
                "warning" => FailureLevel.Warning,
                "note" => FailureLevel.Note,
                _ => FailureLevel.None,
            };
            var absent = new Result
            {
                RuleId = entry.RuleId,
                RuleIndex = RuleIndex(entry.RuleId),
                Level = level,
                Message = new Message { Text = entry.Message.Length > 0 ? entry.Message : $"A {entry.RuleId} finding of the baseline is no longer reported." },
                BaselineState = BaselineState.Absent,
                PartialFingerprints = new Dictionary<string, string>(StringComparer.Ordinal),
            };
            if (entry.Fingerprint is { } v1)
            {
                absent.PartialFingerprints[Diagnostic.SemanticFingerprintKey] = v1;
            }

            if (entry.FingerprintV2 is { } v2)
            {
                absent.PartialFingerprints[Diagnostic.SemanticFingerprintV2Key] = v2;
            }
            if (entry.LocationJson is { } locationJson && JsonConvert.DeserializeObject<SarifLocation>(locationJson) is { } location)
            {
                // The index was the baseline log's: point it at this log's artifact for the same URI, or at none.
                if (location.PhysicalLocation?.ArtifactLocation is { } artifactLocation)
                {
                    artifactLocation.Index = artifactLocation.Uri is not null && artifactIndexesByUri.TryGetValue(UriKey(artifactLocation), out var index) ? index : -1;
                }

                absent.Locations = new List<SarifLocation> { location };
            }

            return absent;
        }

        public Result BuildResult(Diagnostic diagnostic)
        {
            var message = new StringBuilder(Sentence(diagnostic.Message));
            var related = new List<SarifLocation>();
            for (var i = 0; i < diagnostic.Related.Count; i++)
            {
                var item = diagnostic.Related[i];
                var location = BuildLocation(item.Span, null);
                location.Id = i + 1;
                location.Message = new Message { Text = item.Label };
                related.Add(location);
                message.Append(i == 0 ? " Related: " : ", ")
                    .Append('[').Append(EscapeLinkText(item.Label)).Append("](").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(')');
            }

            if (related.Count > 0)
            {
                message.Append('.');
            }

            var result = new BuiltResult
            {
                RuleId = diagnostic.Id,
                RuleIndex = RuleIndex(diagnostic.Id),
                Level = ToLevel(diagnostic.Severity),
                Message = new Message { Text = message.ToString() },
                RelatedLocations = related.Count > 0 ? related : null,
                PartialFingerprints = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [Diagnostic.SemanticFingerprintKey] = diagnostic.SemanticFingerprint,
                    [Diagnostic.SemanticFingerprintV2Key] = diagnostic.SemanticFingerprintV2,
                },
            };

            var logical = diagnostic.Objects
                .Select(o => new LogicalLocation { Name = o.Name, FullyQualifiedName = o.DisplayName, Kind = LogicalLocationKind })
                .ToList();
            SourceSpan? primary = diagnostic.Location;
            if (primary is null && Anchor is { } anchor)
            {
                primary = new SourceSpan(anchor, 1, 0, 0, 0);
                SetJsonProperties(result, ("projectLevel", "true"));
                if (logical.Count == 0)
                {
                    logical.Add(new LogicalLocation { Name = "project", FullyQualifiedName = "project", Kind = "module" });
                }
            }

            if (primary is { } span)
            {
                var location = BuildLocation(span, logical.Count > 0 ? logical : null);
                result.Locations = new List<SarifLocation> { location };
                if (LineHash(span.File, span.StartLine) is { } lineHash)
                {
                    result.PartialFingerprints[PrimaryLocationLineHashKey] = lineHash;
                }
            }
            else if (logical.Count > 0)
            {
                result.Locations = new List<SarifLocation> { new() { LogicalLocations = logical } };
            }

            if (diagnostic.Suppression is { } suppression)
            {
                result.Suppressions = new List<SarifSuppression>
                {
                    new()
                    {
                        Kind = SuppressionKind.InSource,
                        Status = SuppressionStatus.Accepted,
                        Justification = suppression.Justification,
                        Location = BuildLocation(suppression.Location, null),
                    },
                };
            }

            result.BaselineState = diagnostic.BaselineState switch
            {
                "new" => BaselineState.New,
                "unchanged" => BaselineState.Unchanged,
                "absent" => BaselineState.Absent,
                "updated" => BaselineState.Updated,
                _ => BaselineState.None,
            };

            return result;
        }

        /// <summary>
        /// A physical location with a full region. A span whose start column is 0 means "the whole line"
        /// (project-level anchors): the region then has only a start line.
        /// </summary>
        public SarifLocation BuildLocation(SourceSpan span, IList<LogicalLocation>? logical)
        {
            var full = FullPath(span.File);
            var text = Text(full);
            var startLine = Math.Max(1, span.StartLine);
            Region region;
            if (span.StartColumn <= 0)
            {
                region = new Region { StartLine = startLine };
                if (text?.Lines(startLine, startLine) is { Length: > 0 } line)
                {
                    region.Snippet = new ArtifactContent { Text = line };
                }
            }
            else
            {
                var endLine = Math.Max(startLine, span.EndLine);
                var endColumn = span.HasExtent ? span.EndColumn : span.StartColumn;
                region = new Region { StartLine = startLine, StartColumn = span.StartColumn, EndLine = endLine, EndColumn = endColumn };
                if (text?.Extract(startLine, span.StartColumn, endLine, endColumn) is { Length: > 0 } snippet)
                {
                    region.Snippet = new ArtifactContent { Text = snippet };
                }
            }

            var physical = new PhysicalLocation
            {
                ArtifactLocation = ArtifactLocationFor(full, withIndex: true),
                Region = region,
            };
            // The whole lines around the region, when they say more than the region itself (SARIF1008 wants a proper superset).
            if (span.StartColumn > 0
                && text?.Lines(startLine, region.EndLine) is { } lines
                && !string.Equals(lines, region.Snippet?.Text, StringComparison.Ordinal))
            {
                physical.ContextRegion = new Region
                {
                    StartLine = startLine,
                    EndLine = Math.Max(startLine, region.EndLine),
                    Snippet = new ArtifactContent { Text = lines },
                };
            }

            return new SarifLocation { PhysicalLocation = physical, LogicalLocations = logical };
        }

        private ArtifactLocation ArtifactLocationFor(string full, bool withIndex)
        {
            // A file's URI once per log (Uri is immutable): findings-heavy logs point at the same few files 200,000 times.
            if (!uris.TryGetValue(full, out var known))
            {
                var relative = Path.GetRelativePath(SourceRoot, full);
                if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
                {
                    known = (PathText.FileUri(full), null);
                }
                else
                {
                    var segments = PathText.Segments(relative).Select(Uri.EscapeDataString); // '\\' is a character on Linux
                    known = (new Uri(string.Join("/", segments), UriKind.Relative), SourceRootBaseId);
                }

                uris[full] = known;
            }

            var location = new ArtifactLocation { Uri = known.Uri, UriBaseId = known.BaseId };
            if (withIndex && artifactIndexes.TryGetValue(full, out var index))
            {
                location.Index = index;
            }

            return location;
        }

        private static string UriKey(ArtifactLocation location) => (location.UriBaseId ?? "") + "|" + location.Uri?.OriginalString;

        private string? LineHash(string file, int line) => Text(FullPath(file))?.LineHash(line);

        /// <summary><see cref="Path.GetFullPath(string)"/> once per file of the log.</summary>
        private string FullPath(string file)
        {
            if (!fullPaths.TryGetValue(file, out var full))
            {
                fullPaths[file] = full = Path.GetFullPath(file);
            }

            return full;
        }

        /// <summary>
        /// The file's text, only for files the analysis read successfully (never an oversized or unreadable one).
        /// The last <see cref="TextCacheSize"/> files used are kept, so memory does not grow with the files that have results.
        /// </summary>
        private FileText? Text(string full)
        {
            for (var node = texts.First; node is not null; node = node.Next)
            {
                if (string.Equals(node.Value.Path, full, StringComparison.Ordinal))
                {
                    if (node != texts.First)
                    {
                        texts.Remove(node);
                        texts.AddFirst(node);
                    }

                    return node.Value.Text;
                }
            }

            FileText? text = null;
            if (readable.Contains(full))
            {
                try
                {
                    var bytes = File.ReadAllBytes(full);
                    if (SourceText.TryDecode(bytes, out var decoded, out _))
                    {
                        text = new FileText(decoded, FileText.HasByteOrderMark(bytes) ? LineHashes.ComputeTable(bytes) : LineHashes.ComputeTable(decoded));
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    text = null;
                }
            }

            texts.AddFirst((full, text));
            if (texts.Count > TextCacheSize)
            {
                texts.RemoveLast();
            }

            return text;
        }

        private static string? MimeType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".yaml" or ".yml" => "application/yaml",
            ".ini" => "text/plain",
            _ => null,
        };
    }

    /// <summary>
    /// The SDK's contracts with two changes: <c>result.level</c> and <c>defaultConfiguration.level</c> are always written
    /// (the SDK leaves out "warning", SARIF's default), and so is a <c>defaultConfiguration</c> that says only that; and
    /// <c>tool.driver.rules</c> is written when empty (GitHub requires the array).
    /// </summary>
    private sealed class ExplicitLevelContractResolver : DefaultContractResolver
    {
        public static readonly ExplicitLevelContractResolver Instance = new();

        protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);
            if ((property.PropertyName == "level" && (property.DeclaringType == typeof(Result) || property.DeclaringType == typeof(ReportingConfiguration)))
                || (property.PropertyName == "defaultConfiguration" && property.DeclaringType == typeof(ReportingDescriptor)))
            {
                property.DefaultValueHandling = DefaultValueHandling.Include;
                property.ShouldSerialize = null;
            }
            else if (property.PropertyName == "rules" && property.DeclaringType == typeof(ToolComponent))
            {
                // GitHub requires tool.driver.rules (Multitool GH1018), also when no rule has a result: "rules": [].
                property.DefaultValueHandling = DefaultValueHandling.Include;
                property.ShouldSerialize = component => ((ToolComponent)component).Rules is not null;
            }

            return property;
        }
    }

    /// <summary>A result made by <see cref="WriterContext.BuildResult"/>: the kind <see cref="ResultWriter"/> writes.</summary>
    private sealed class BuiltResult : Result
    {
    }

    /// <summary>
    /// Writes a <see cref="BuiltResult"/> as the SDK's contracts do (property order, defaults left out, converters),
    /// for the properties <see cref="WriterContext.BuildResult"/> sets. A property it does not know is not written:
    /// the tests serialize every scenario both ways and compare the bytes, so a new property set in BuildResult
    /// (or BuildLocation) must be added here too.
    /// </summary>
    private sealed class ResultWriter : JsonConverter
    {
        public static readonly ResultWriter Instance = new();

        public override bool CanRead => false;

        public override bool CanConvert(Type objectType) => objectType == typeof(BuiltResult);

        public override object ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            throw new NotSupportedException();

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            var result = (Result)value!;
            writer.WriteStartObject();
            String(writer, "ruleId", result.RuleId);
            if (result.RuleIndex != -1)
            {
                writer.WritePropertyName("ruleIndex");
                writer.WriteValue(result.RuleIndex);
            }

            writer.WritePropertyName("level");
            writer.WriteValue(LevelName(result.Level));
            Message(writer, "message", result.Message);
            Locations(writer, "locations", result.Locations);
            if (result.PartialFingerprints is { } fingerprints)
            {
                writer.WritePropertyName("partialFingerprints");
                writer.WriteStartObject();
                foreach (var pair in fingerprints)
                {
                    String(writer, pair.Key, pair.Value);
                }

                writer.WriteEndObject();
            }

            Locations(writer, "relatedLocations", result.RelatedLocations);
            if (result.Suppressions is { } suppressions)
            {
                writer.WritePropertyName("suppressions");
                writer.WriteStartArray();
                foreach (var suppression in suppressions)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("kind");
                    writer.WriteValue(suppression.Kind == SuppressionKind.InSource ? "inSource" : "external");
                    if (suppression.Status != SuppressionStatus.Accepted)
                    {
                        throw new NotSupportedException("suppression status " + suppression.Status);
                    }

                    writer.WritePropertyName("status");
                    writer.WriteValue("accepted");
                    String(writer, "justification", suppression.Justification);
                    if (suppression.Location is { } location)
                    {
                        writer.WritePropertyName("location");
                        Location(writer, location);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (result.BaselineState != BaselineState.None)
            {
                writer.WritePropertyName("baselineState");
                writer.WriteValue(result.BaselineState switch
                {
                    BaselineState.New => "new",
                    BaselineState.Unchanged => "unchanged",
                    BaselineState.Updated => "updated",
                    _ => "absent",
                });
            }

            Properties(writer, result);
            writer.WriteEndObject();
        }

        internal static void String(JsonWriter writer, string name, string? value)
        {
            if (value is not null)
            {
                writer.WritePropertyName(name);
                writer.WriteValue(value);
            }
        }

        internal static void Message(JsonWriter writer, string name, Message? message)
        {
            if (message is null)
            {
                return;
            }

            writer.WritePropertyName(name);
            writer.WriteStartObject();
            String(writer, "text", message.Text);
            writer.WriteEndObject();
        }

        internal static void Locations(JsonWriter writer, string name, IList<SarifLocation>? locations)
        {
            if (locations is null)
            {
                return;
            }

            writer.WritePropertyName(name);
            writer.WriteStartArray();
            foreach (var location in locations)
            {
                Location(writer, location);
            }

            writer.WriteEndArray();
        }

        private static void Location(JsonWriter writer, SarifLocation location)
        {
            writer.WriteStartObject();
            if (location.Id >= 0)
            {
                writer.WritePropertyName("id");
                writer.WriteValue(location.Id);
            }

            if (location.PhysicalLocation is { } physical)
            {
                writer.WritePropertyName("physicalLocation");
                writer.WriteStartObject();
                if (physical.ArtifactLocation is { } artifact)
                {
                    writer.WritePropertyName("artifactLocation");
                    writer.WriteStartObject();
                    ArtifactLocationMembers(writer, artifact);
                    writer.WriteEndObject();
                }

                Region(writer, "region", physical.Region);
                Region(writer, "contextRegion", physical.ContextRegion);
                writer.WriteEndObject();
            }

            if (location.LogicalLocations is { } logical)
            {
                writer.WritePropertyName("logicalLocations");
                writer.WriteStartArray();
                foreach (var item in logical)
                {
                    writer.WriteStartObject();
                    String(writer, "name", item.Name);
                    String(writer, "fullyQualifiedName", item.FullyQualifiedName);
                    String(writer, "kind", item.Kind);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            Message(writer, "message", location.Message);
            writer.WriteEndObject();
        }

        /// <summary>The members of an artifact location (uri, uriBaseId, index), as the SDK writes them.</summary>
        internal static void ArtifactLocationMembers(JsonWriter writer, ArtifactLocation artifact)
        {
            if (artifact.Uri is { } uri && !string.IsNullOrWhiteSpace(uri.OriginalString))
            {
                writer.WritePropertyName("uri");
                writer.WriteValue(UriText(uri));
            }

            String(writer, "uriBaseId", artifact.UriBaseId);
            if (artifact.Index != -1)
            {
                writer.WritePropertyName("index");
                writer.WriteValue(artifact.Index);
            }
        }

        /// <summary>As the SDK's UriConverter: an absolute file URI made from a path is written as its AbsoluteUri.</summary>
        internal static string UriText(Uri uri) =>
            uri.IsAbsoluteUri && uri.Scheme == Uri.UriSchemeFile && !uri.OriginalString.StartsWith("file:", StringComparison.Ordinal) ? uri.AbsoluteUri : uri.OriginalString;

        private static void Region(JsonWriter writer, string name, Region? region)
        {
            if (region is null)
            {
                return;
            }

            writer.WritePropertyName(name);
            writer.WriteStartObject();
            Number(writer, "startLine", region.StartLine);
            Number(writer, "startColumn", region.StartColumn);
            Number(writer, "endLine", region.EndLine);
            Number(writer, "endColumn", region.EndColumn);
            if (region.Snippet is { } snippet)
            {
                writer.WritePropertyName("snippet");
                writer.WriteStartObject();
                String(writer, "text", snippet.Text);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        private static void Number(JsonWriter writer, string name, int value)
        {
            if (value != 0)
            {
                writer.WritePropertyName(name);
                writer.WriteValue(value);
            }
        }

        /// <summary>A property bag as the SDK's PropertyBagConverter writes it: each value as the JSON it was serialized to.</summary>
        internal static void Properties(JsonWriter writer, PropertyBagHolder holder)
        {
            if (holder.PropertyNames.Count == 0)
            {
                return;
            }

            writer.WritePropertyName("properties");
            writer.WriteStartObject();
            foreach (var property in holder.PropertyNames)
            {
                writer.WritePropertyName(property);
                if (holder.TryGetSerializedPropertyValue(property, out var json) && json is not null)
                {
                    writer.WriteRawValue(json);
                }
                else
                {
                    writer.WriteNull();
                }
            }

            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// Writes the whole log as the SDK's contracts (with <see cref="ExplicitLevelContractResolver"/>) do: property order,
    /// defaults left out, converters (dates, URIs, enums, property bags), for the objects and properties that
    /// <see cref="Build"/> sets. No reflection: the contracts cost Newtonsoft's reflection and compiled expression trees
    /// (jitted code even in a ReadyToRun build) for every type of the log, about 0.12 s of a small run. Results are
    /// written by <see cref="ResultWriter"/>; a result of another kind (a baseline's absent one, read back from JSON)
    /// goes through the contracts. The tests serialize every scenario both ways and compare the bytes.
    /// </summary>
    private static class LogWriter
    {
        public static void Write(JsonWriter writer, SarifLog log)
        {
            JsonSerializer? contracts = null;
            writer.WriteStartObject();
            if (log.SchemaUri is { } schema)
            {
                writer.WritePropertyName("$schema");
                writer.WriteValue(ResultWriter.UriText(schema));
            }

            writer.WritePropertyName("version");
            writer.WriteValue(log.Version == SarifVersion.Current ? "2.1.0" : throw new NotSupportedException("SARIF version " + log.Version));
            writer.WritePropertyName("runs");
            writer.WriteStartArray();
            foreach (var run in log.Runs)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("tool");
                writer.WriteStartObject();
                writer.WritePropertyName("driver");
                Driver(writer, run.Tool.Driver);
                writer.WriteEndObject();
                if (run.Invocations is { Count: > 0 } invocations)
                {
                    writer.WritePropertyName("invocations");
                    writer.WriteStartArray();
                    foreach (var invocation in invocations)
                    {
                        Invocation(writer, invocation);
                    }

                    writer.WriteEndArray();
                }

                if (run.OriginalUriBaseIds is { } baseIds)
                {
                    writer.WritePropertyName("originalUriBaseIds");
                    writer.WriteStartObject();
                    foreach (var pair in baseIds)
                    {
                        writer.WritePropertyName(pair.Key);
                        ArtifactLocation(writer, pair.Value);
                    }

                    writer.WriteEndObject();
                }

                if (run.Artifacts is { Count: > 0 } artifacts)
                {
                    writer.WritePropertyName("artifacts");
                    writer.WriteStartArray();
                    foreach (var artifact in artifacts)
                    {
                        Artifact(writer, artifact);
                    }

                    writer.WriteEndArray();
                }

                if (run.Results is { } results)
                {
                    writer.WritePropertyName("results");
                    writer.WriteStartArray();
                    foreach (var result in results)
                    {
                        if (result is BuiltResult)
                        {
                            ResultWriter.Instance.WriteJson(writer, result, null!);
                        }
                        else
                        {
                            contracts ??= JsonSerializer.Create(new JsonSerializerSettings { Formatting = Formatting.Indented, ContractResolver = ExplicitLevelContractResolver.Instance });
                            contracts.Serialize(writer, result);
                        }
                    }

                    writer.WriteEndArray();
                }

                if (run.AutomationDetails is { } automation)
                {
                    writer.WritePropertyName("automationDetails");
                    writer.WriteStartObject();
                    ResultWriter.String(writer, "id", automation.Id);
                    writer.WriteEndObject();
                }

                if (run.ColumnKind != ColumnKind.None)
                {
                    writer.WritePropertyName("columnKind");
                    writer.WriteValue(run.ColumnKind == ColumnKind.Utf16CodeUnits ? "utf16CodeUnits" : "unicodeCodePoints");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static void Driver(JsonWriter writer, ToolComponent driver)
        {
            writer.WriteStartObject();
            ResultWriter.String(writer, "name", driver.Name);
            ResultWriter.String(writer, "organization", driver.Organization);
            ResultWriter.String(writer, "fullName", driver.FullName);
            ResultWriter.String(writer, "version", driver.Version);
            ResultWriter.String(writer, "semanticVersion", driver.SemanticVersion);
            if (driver.InformationUri is { } information)
            {
                writer.WritePropertyName("informationUri");
                writer.WriteValue(ResultWriter.UriText(information));
            }

            if (driver.Rules is { } rules)
            {
                writer.WritePropertyName("rules");
                writer.WriteStartArray();
                foreach (var rule in rules)
                {
                    Rule(writer, rule);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        private static void Rule(JsonWriter writer, ReportingDescriptor rule)
        {
            writer.WriteStartObject();
            ResultWriter.String(writer, "id", rule.Id);
            ResultWriter.String(writer, "name", rule.Name);
            MultiformatMessage(writer, "fullDescription", rule.FullDescription);
            MultiformatMessage(writer, "help", rule.Help);
            MultiformatMessage(writer, "shortDescription", rule.ShortDescription);
            writer.WritePropertyName("defaultConfiguration");
            writer.WriteStartObject();
            writer.WritePropertyName("level");
            writer.WriteValue(LevelName(rule.DefaultConfiguration.Level));
            writer.WriteEndObject();
            if (rule.HelpUri is { } help)
            {
                writer.WritePropertyName("helpUri");
                writer.WriteValue(ResultWriter.UriText(help));
            }

            ResultWriter.Properties(writer, rule);
            writer.WriteEndObject();
        }

        private static void MultiformatMessage(JsonWriter writer, string name, MultiformatMessageString? message)
        {
            if (message is null)
            {
                return;
            }

            writer.WritePropertyName(name);
            writer.WriteStartObject();
            ResultWriter.String(writer, "text", message.Text);
            ResultWriter.String(writer, "markdown", message.Markdown);
            writer.WriteEndObject();
        }

        private static void Invocation(JsonWriter writer, Invocation invocation)
        {
            writer.WriteStartObject();
            Time(writer, "startTimeUtc", invocation.StartTimeUtc);
            Time(writer, "endTimeUtc", invocation.EndTimeUtc);
            if (invocation.ToolExecutionNotifications is { Count: > 0 } notifications)
            {
                writer.WritePropertyName("toolExecutionNotifications");
                writer.WriteStartArray();
                foreach (var notification in notifications)
                {
                    Notification(writer, notification);
                }

                writer.WriteEndArray();
            }

            writer.WritePropertyName("executionSuccessful");
            writer.WriteValue(invocation.ExecutionSuccessful);
            if (invocation.WorkingDirectory is { } workingDirectory)
            {
                writer.WritePropertyName("workingDirectory");
                ArtifactLocation(writer, workingDirectory);
            }

            writer.WriteEndObject();
        }

        /// <summary>As the SDK's DateTimeConverter: UTC, milliseconds, a Z.</summary>
        private static void Time(JsonWriter writer, string name, DateTime time)
        {
            if (time == default)
            {
                return;
            }

            writer.WritePropertyName(name);
            writer.WriteValue(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }

        private static void Notification(JsonWriter writer, Notification notification)
        {
            writer.WriteStartObject();
            ResultWriter.Locations(writer, "locations", notification.Locations);
            ResultWriter.Message(writer, "message", notification.Message);
            if (notification.Level != FailureLevel.Warning)
            {
                writer.WritePropertyName("level");
                writer.WriteValue(LevelName(notification.Level));
            }

            if (notification.Exception is { } exception)
            {
                writer.WritePropertyName("exception");
                writer.WriteStartObject();
                ResultWriter.String(writer, "kind", exception.Kind);
                ResultWriter.String(writer, "message", exception.Message);
                writer.WriteEndObject();
            }

            if (notification.AssociatedRule is { } rule)
            {
                writer.WritePropertyName("associatedRule");
                writer.WriteStartObject();
                ResultWriter.String(writer, "id", rule.Id);
                if (rule.Index != -1)
                {
                    writer.WritePropertyName("index");
                    writer.WriteValue(rule.Index);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        private static void ArtifactLocation(JsonWriter writer, ArtifactLocation location)
        {
            writer.WriteStartObject();
            ResultWriter.ArtifactLocationMembers(writer, location);
            ResultWriter.Message(writer, "description", location.Description);
            writer.WriteEndObject();
        }

        private static void Artifact(JsonWriter writer, Artifact artifact)
        {
            writer.WriteStartObject();
            if (artifact.Location is { } location)
            {
                writer.WritePropertyName("location");
                ArtifactLocation(writer, location);
            }

            if (artifact.Roles != ArtifactRoles.None)
            {
                writer.WritePropertyName("roles");
                writer.WriteStartArray();
                writer.WriteValue(artifact.Roles == ArtifactRoles.AnalysisTarget ? "analysisTarget" : throw new NotSupportedException("artifact roles " + artifact.Roles));
                writer.WriteEndArray();
            }

            ResultWriter.String(writer, "mimeType", artifact.MimeType);
            ResultWriter.Properties(writer, artifact);
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// <c>run.results</c> as the serializer sees it: a read-only list that builds each result from its diagnostic when
    /// enumerated, so a result exists only while it is being written.
    /// </summary>
    private sealed class ResultList : IList<Result>
    {
        private readonly Func<int, Result> build;

        public ResultList(int count, Func<int, Result> build)
        {
            Count = count;
            this.build = build;
        }

        public int Count { get; }

        public bool IsReadOnly => true;

        public Result this[int index]
        {
            get => (uint)index < (uint)Count ? build(index) : throw new ArgumentOutOfRangeException(nameof(index));
            set => throw new NotSupportedException();
        }

        public IEnumerator<Result> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return build(i);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public int IndexOf(Result item) => throw new NotSupportedException();

        public bool Contains(Result item) => throw new NotSupportedException();

        public void CopyTo(Result[] array, int arrayIndex)
        {
            foreach (var result in this)
            {
                array[arrayIndex++] = result;
            }
        }

        public void Add(Result item) => throw new NotSupportedException();

        public void Insert(int index, Result item) => throw new NotSupportedException();

        public bool Remove(Result item) => throw new NotSupportedException();

        public void RemoveAt(int index) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();
    }

    /// <summary>A file's lines (split at CR LF, LF or CR, as the YAML parser counts them) and GitHub line hashes.</summary>
    private sealed class FileText
    {
        private readonly string text;

        // Where each line starts and ends (its line break left out); CRLF, CR and LF each end a line, and a text
        // that ends with a break has an empty last line. Kept instead of the lines themselves: a result uses a few
        // lines of a file, and a findings-heavy log reads files of thousands.
        private readonly int[] lineStarts;
        private readonly int[] lineEnds;
        private readonly LineHashes.Table lineHashes;

        public FileText(string text, LineHashes.Table lineHashes)
        {
            this.text = text;
            this.lineHashes = lineHashes;
            var starts = new List<int> { 0 };
            var ends = new List<int>();
            var position = 0;
            while (text.AsSpan(position).IndexOfAny('\r', '\n') is var offset and >= 0)
            {
                var lineBreak = position + offset;
                ends.Add(lineBreak);
                position = lineBreak + (text[lineBreak] == '\r' && lineBreak + 1 < text.Length && text[lineBreak + 1] == '\n' ? 2 : 1);
                starts.Add(position);
            }

            ends.Add(text.Length);
            lineStarts = starts.ToArray();
            lineEnds = ends.ToArray();
        }

        private int LineCount => lineStarts.Length;

        /// <summary>The text of a 1-based line, without its line break.</summary>
        private ReadOnlySpan<char> Line(int line) => text.AsSpan(lineStarts[line - 1], lineEnds[line - 1] - lineStarts[line - 1]);

        /// <summary>
        /// Whether the bytes start with a byte order mark: the line hashes then come from the bytes read as UTF-8,
        /// as GitHub's action reads them; otherwise the decoded text is that same UTF-8 reading.
        /// </summary>
        public static bool HasByteOrderMark(byte[] bytes) =>
            bytes.Length >= 2 && ((bytes[0] == 0xEF && bytes.Length >= 3 && bytes[1] == 0xBB && bytes[2] == 0xBF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes.Length >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF));

        /// <summary>The <c>primaryLocationLineHash</c> of a 1-based line, or null past the end of the file.</summary>
        public string? LineHash(int line) => line >= 1 && line <= lineHashes.LineCount ? lineHashes.Format(line) : null;

        /// <summary>Lines <paramref name="first"/>..<paramref name="last"/> (1-based) joined by LF, without the last line's newline (as a SARIF region without columns covers them).</summary>
        public string? Lines(int first, int last)
        {
            if (first < 1 || first > LineCount)
            {
                return null;
            }

            last = Math.Min(last, LineCount);
            if (last == first)
            {
                return Line(first).ToString();
            }

            var builder = new StringBuilder();
            for (var line = first; line <= last; line++)
            {
                builder.Append(Line(line));
                if (line < last)
                {
                    builder.Append('\n');
                }
            }

            return builder.ToString();
        }

        /// <summary>The text of a region (1-based, end column exclusive), or null when it is outside the file.</summary>
        public string? Extract(int startLine, int startColumn, int endLine, int endColumn)
        {
            if (startLine < 1 || endLine > LineCount || startColumn < 1 || endColumn < 1)
            {
                return null;
            }

            var builder = startLine == endLine ? null : new StringBuilder();
            for (var line = startLine; line <= endLine; line++)
            {
                var content = Line(line);
                var from = line == startLine ? startColumn - 1 : 0;
                var to = line == endLine ? endColumn - 1 : content.Length;
                if (from > content.Length || to > content.Length + 1 || to < from)
                {
                    return null;
                }

                var part = content.Slice(from, Math.Min(to, content.Length) - from);
                if (builder is null)
                {
                    return part.ToString(); // one line: most regions
                }

                builder.Append(part);
                if (line < endLine)
                {
                    builder.Append('\n');
                }
            }

            return builder!.ToString();
        }
    }
}
