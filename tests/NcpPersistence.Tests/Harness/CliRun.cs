using System.Text.RegularExpressions;
using NcpPersistence.Cli;

namespace NcpPersistence.Tests.Harness;

/// <summary>Runs the real command line in-process and parses its canonical output.</summary>
public sealed partial class CliRun
{
    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<col>\d+)(?:,(?<endLine>\d+),(?<endCol>\d+))?\): (?<sev>error|warning|note) (?<id>NCP\d{4}): (?<msg>.+)$")]
    private static partial Regex Located();

    [GeneratedRegex(@"^(?<sev>error|warning|note) (?<id>NCP\d{4}): (?<msg>.+)$")]
    private static partial Regex ProjectLevel();

    private CliRun(int exitCode, string stdout, string stderr)
    {
        ExitCode = exitCode;
        Stdout = stdout;
        Stderr = stderr;
        foreach (var line in stdout.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (Located().Match(line) is { Success: true } m)
            {
                Diagnostics.Add(new PrintedDiagnostic(
                    m.Groups["file"].Value, int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value),
                    m.Groups["endLine"].Success ? int.Parse(m.Groups["endLine"].Value) : null,
                    m.Groups["endCol"].Success ? int.Parse(m.Groups["endCol"].Value) : null,
                    m.Groups["sev"].Value, m.Groups["id"].Value, m.Groups["msg"].Value));
            }
            else if (ProjectLevel().Match(line) is { Success: true } p)
            {
                Diagnostics.Add(new PrintedDiagnostic("", 0, 0, null, null, p.Groups["sev"].Value, p.Groups["id"].Value, p.Groups["msg"].Value));
            }
        }
    }

    public int ExitCode { get; }
    public string Stdout { get; }
    public string Stderr { get; }
    public List<PrintedDiagnostic> Diagnostics { get; } = new();

    public string SummaryLine => Stdout.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.Length > 0) ?? "";

    public static CliRun Run(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CommandLine.Run(args, stdout, stderr, workingDirectory);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n{Stdout}{Stderr}";
}

public sealed record PrintedDiagnostic(string File, int Line, int Column, int? EndLine, int? EndColumn, string Severity, string Id, string Message)
{
    public Finding ToFinding() => new(File, Line, Column, Id, Message: Message);
}
