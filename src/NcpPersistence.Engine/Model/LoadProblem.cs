using NcpPersistence.Diagnostics;

namespace NcpPersistence.Model;

public enum LoadProblemKind
{
    /// <summary>NCP9001.</summary>
    YamlSyntax,

    /// <summary>NCP9002.</summary>
    Unreadable,

    /// <summary>NCP9003.</summary>
    MalformedField,

    /// <summary>NCP9004.</summary>
    Templated,

    /// <summary>NCP0000.</summary>
    AnalyzerFailure,
}

/// <summary>Something the loader or model builder met that a rule turns into a diagnostic.</summary>
public sealed record LoadProblem(LoadProblemKind Kind, string Message, SourceSpan Span, ObjectId? Object = null, string FieldPath = "", string? Details = null);
