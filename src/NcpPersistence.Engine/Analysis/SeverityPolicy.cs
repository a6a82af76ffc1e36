using NcpPersistence.Diagnostics;

namespace NcpPersistence.Analysis;

/// <summary>
/// Decides the severity a run enforces, with the compiler's precedence: the configured severity
/// (.editorconfig/.globalconfig, else the rule's default), then <c>WarningsAsErrors</c> /
/// <c>TreatWarningsAsErrors</c> (minus <c>WarningsNotAsErrors</c>) promote warnings, and
/// <c>NoWarn</c> silences an ID whatever its severity.
/// </summary>
public sealed class SeverityPolicy
{
    public ISet<string> NoWarn { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    public ISet<string> WarningsAsErrors { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    public ISet<string> WarningsNotAsErrors { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    public bool TreatWarningsAsErrors { get; set; }

    /// <summary>Severity configured for a diagnostic's rule and file (e.g. by .editorconfig), or null for the default.</summary>
    public Func<Diagnostic, Severity?>? ConfiguredSeverity { get; set; }

    /// <summary>The files <see cref="ConfiguredSeverity"/> read so far (they become <see cref="AnalysisResult.InputFiles"/>).</summary>
    public Func<IEnumerable<string>>? ConsultedFiles { get; set; }

    public Severity Apply(Diagnostic diagnostic)
    {
        var id = diagnostic.Id;
        if (NoWarn.Contains(id))
        {
            return Severity.None;
        }

        var severity = ConfiguredSeverity?.Invoke(diagnostic) ?? diagnostic.Rule.DefaultSeverity;
        if (severity == Severity.Warning
            && (WarningsAsErrors.Contains(id) || (TreatWarningsAsErrors && !WarningsNotAsErrors.Contains(id))))
        {
            severity = Severity.Error;
        }

        return severity;
    }

    /// <summary>Splits MSBuild/CLI lists such as <c>NCP1004;NCP3002,CS0168</c>.</summary>
    public static IEnumerable<string> SplitIds(string? list) =>
        (list ?? "").Split(new[] { ';', ',', ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim());
}
