namespace NcpPersistence.Diagnostics;

/// <summary>
/// A region of a file, 1-based lines and columns (columns count UTF-16 code units, like YamlDotNet
/// and SARIF's default). The end is exclusive: it points just after the last character.
/// </summary>
public readonly record struct SourceSpan(string File, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>The whole first line of a file, for diagnostics about the file itself.</summary>
    public static SourceSpan FileStart(string file) => new(file, 1, 1, 1, 1);

    public static SourceSpan At(string file, int line, int column, int length = 0) =>
        new(file, line, column, line, column + length);

    public bool HasExtent => EndLine > StartLine || (EndLine == StartLine && EndColumn > StartColumn);
}
