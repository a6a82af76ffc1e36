namespace NcpPersistence.Diagnostics;

/// <summary>Severity names follow Roslyn; <see cref="Note"/> is SARIF "note" and Roslyn "suggestion"/info.</summary>
public enum Severity
{
    None = 0,
    Note = 1,
    Warning = 2,
    Error = 3,
}

public static class SeverityNames
{
    public static string ToDisplayString(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };

    /// <summary>Parses the names used in rule pages, .editorconfig and the command line.</summary>
    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error": severity = Severity.Error; return true;
            case "warning": severity = Severity.Warning; return true;
            case "note": case "suggestion": case "info": severity = Severity.Note; return true;
            case "none": case "silent": case "hidden": severity = Severity.None; return true;
            default: severity = Severity.None; return false;
        }
    }
}
