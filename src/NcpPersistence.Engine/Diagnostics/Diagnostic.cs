using NcpPersistence.Model;

namespace NcpPersistence.Diagnostics;

/// <summary>A location that explains a diagnostic (SARIF relatedLocations), with the text a reader sees.</summary>
public sealed record RelatedLocation(SourceSpan Span, string Label);

/// <summary>One finding of one rule.</summary>
public sealed class Diagnostic
{
    public Diagnostic(
        RuleDescriptor rule,
        string message,
        SourceSpan? location,
        IReadOnlyList<ObjectId>? objects = null,
        string fieldPath = "",
        IReadOnlyList<RelatedLocation>? related = null,
        string? details = null,
        IReadOnlyList<KubeObject>? subjects = null)
    {
        Subjects = subjects;
        Rule = rule;
        Message = message;
        Location = location;
        Objects = objects ?? Array.Empty<ObjectId>();
        FieldPath = fieldPath;
        Related = related ?? Array.Empty<RelatedLocation>();
        Severity = rule.DefaultSeverity;
        Details = details;
    }

    public RuleDescriptor Rule { get; }
    public string Id => Rule.Id;

    /// <summary>Stands alone as a sentence: what NCP will do and how to fix it.</summary>
    public string Message { get; internal set; }

    /// <summary>Null for project-level diagnostics (values from the command line or MSBuild properties).</summary>
    public SourceSpan? Location { get; }

    /// <summary>The Kubernetes objects (or configuration files) the finding is about.</summary>
    public IReadOnlyList<ObjectId> Objects { get; }

    /// <summary>Where in those objects: e.g. <c>spec.rules[0].http.paths[0].backend.serviceName</c>.
    /// Together with the rule and the objects it identifies a finding independently of line numbers.</summary>
    public string FieldPath { get; }

    public IReadOnlyList<RelatedLocation> Related { get; internal set; }

    /// <summary>Extra text shown only on request (e.g. the stack trace of NCP0000 with --verbose).</summary>
    public string? Details { get; }

    /// <summary>The severity the run enforces, after severity configuration.</summary>
    public Severity Severity { get; internal set; }

    /// <summary>Set when an in-source suppression covers the finding.</summary>
    public Suppression? Suppression { get; internal set; }

    public bool IsSuppressed => Suppression is not null;

    /// <summary>"new", "unchanged" or "absent" when a baseline was given.</summary>
    public string? BaselineState { get; internal set; }

    /// <summary>
    /// Where the finding was made, as fingerprint v2 tells findings apart: the repository-relative path of
    /// the file or configuration, the unit's root, or the keys of the scopes (clusters, configurations) it holds under.
    /// Set by the pipeline, never by a rule.
    /// </summary>
    public string Context { get; internal set; } = "";

    /// <summary>
    /// The modelled objects the finding is about, when the rule had them (the first holds the location).
    /// The pipeline uses them to merge one source line reached through several Kustomize builds and to name the builds.
    /// </summary>
    internal IReadOnlyList<KubeObject>? Subjects { get; }

    /// <summary>The Kustomize build a finding about a rendered file was made in (input problems of a build), else null.</summary>
    internal NcpPersistence.Loading.Kustomize.KustomizeBuildPlan? Build { get; set; }

    /// <summary>The scopes a scope rule found this under, before findings are merged (pipeline bookkeeping).</summary>
    internal List<NcpPersistence.Scoping.Scope>? HeldUnder { get; set; }

    /// <summary>The keys of the configurations (scopes) under which a configuration-dependent finding holds, in scope order; empty for the others.</summary>
    public IReadOnlyList<string> Configurations { get; internal set; } = Array.Empty<string>();

    /// <summary>Rule + objects + field path (version 1: no context, so findings in two folders could collide).</summary>
    public string SemanticKey =>
        Id + "|" + string.Join(",", Objects.Select(o => o.LegacyDisplayName)) + "|" + LegacyFieldPath;

    /// <summary>Rule + context + objects (with API group) + field path, independent of line numbers and formatting.</summary>
    public string SemanticKeyV2 =>
        Id + "|" + Context + "|" + string.Join(",", Objects.Select(o => o.Group + "/" + o.DisplayName)) + "|" + FieldPath;

    /// <summary>
    /// SHA-256 (hex, 32 characters) of <see cref="SemanticKey"/>: survives moved lines and reformatting.
    /// SARIF carries it as <c>partialFingerprints["ncpSemantic/v1"]</c>, so baselines written by 0.1 keep matching.
    /// </summary>
    public string SemanticFingerprint => Hash(SemanticKey);

    /// <summary>
    /// SHA-256 (hex, 32 characters) of <see cref="SemanticKeyV2"/>: like v1, and unique across folders,
    /// configurations and clusters. SARIF carries it as <c>partialFingerprints["ncpSemantic/v2"]</c>; baselines match on it first.
    /// </summary>
    public string SemanticFingerprintV2 => Hash(SemanticKeyV2);

    /// <summary>The key of <see cref="SemanticFingerprint"/> in SARIF <c>partialFingerprints</c>.</summary>
    public const string SemanticFingerprintKey = "ncpSemantic/v1";

    /// <summary>The key of <see cref="SemanticFingerprintV2"/> in SARIF <c>partialFingerprints</c>.</summary>
    public const string SemanticFingerprintV2Key = "ncpSemantic/v2";

    /// <summary>Version 1 named files by their name only.</summary>
    private string LegacyFieldPath => FieldPath.StartsWith("file:", StringComparison.Ordinal) ? "file:" + Path.GetFileName(FieldPath.Substring(5)) : FieldPath;

    private static string Hash(string key)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key));
        return Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }

    public override string ToString() => $"{Location?.File}({Location?.StartLine},{Location?.StartColumn}): {Severity.ToDisplayString()} {Id}: {Message}";
}

/// <summary>An in-source suppression that covers a diagnostic, with the justification an auditor reads.</summary>
public sealed record Suppression(string Justification, SourceSpan Location);
