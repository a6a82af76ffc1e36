using NUnit.Framework;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using NcpPersistence.Cli;

namespace NcpPersistence.Tests.Sarif;

/// <summary>Runs the CLI in-process, keeps every log it writes, and checks logs against the official SARIF 2.1.0 schema.</summary>
internal static partial class SarifTestSupport
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Schemas", "sarif-2.1.0.json"))));

    /// <summary>The repository root (the folder holding NcpPersistence.sln), found from the test assembly's folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "NcpPersistence.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("The repository root (NcpPersistence.sln) was not found above the test folder.");
        }
    }

    public static string Fixture(string relative) => Path.Combine(RepositoryRoot, "tests", "NcpPersistence.Tests", "Fixtures", "sarif", relative);

    /// <summary>
    /// Where the tests leave their logs: <c>NCP_SARIF_TEST_LOGS</c> when set (CI validates that folder with the
    /// SARIF Multitool), else <c>sarif-logs</c> in the test run's work directory.
    /// </summary>
    public static string LogDirectory
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable("NCP_SARIF_TEST_LOGS") is { Length: > 0 } configured
                ? configured
                : Path.Combine(TestContext.CurrentContext.WorkDirectory, "sarif-logs");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    /// <summary>Runs <c>ncp-persistence ARGS --sarif LOG</c> and returns the exit code, the console lines and the log's text.</summary>
    public static CliRun RunCli(string logName, params string[] args)
    {
        var log = Path.Combine(LogDirectory, logName + ".sarif");
        if (File.Exists(log))
        {
            File.Delete(log);
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = CommandLine.Run(args.Concat(new[] { "--sarif", log }).ToArray(), stdout, stderr);
        Assert.That(stderr.ToString(), Is.Empty, "the CLI wrote to standard error");
        Assert.That(File.Exists(log), Is.True, $"the CLI did not write {log}");
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        return new CliRun(exitCode, lines, File.ReadAllText(log), log);
    }

    /// <summary>Asserts that <paramref name="json"/> is valid against the official SARIF 2.1.0 schema, listing every error otherwise.</summary>
    public static void AssertValidAgainstSchema(string json)
    {
        var results = Schema.Value.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var errors = (results.Details ?? new List<EvaluationResults>())
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
        Assert.That(results.IsValid, Is.True, "the log is not valid SARIF 2.1.0:\n" + string.Join("\n", errors));
    }

    /// <summary>The diagnostics the console printed (the summary line left out).</summary>
    public static IReadOnlyList<ConsoleDiagnostic> ConsoleDiagnostics(CliRun run)
    {
        var diagnostics = new List<ConsoleDiagnostic>();
        foreach (var line in run.Lines)
        {
            if (Located().Match(line) is { Success: true } located)
            {
                diagnostics.Add(new ConsoleDiagnostic(
                    Path.GetFullPath(located.Groups["path"].Value),
                    located.Groups["id"].Value,
                    located.Groups["severity"].Value,
                    int.Parse(located.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(located.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (ProjectLevel().Match(line) is { Success: true } project)
            {
                diagnostics.Add(new ConsoleDiagnostic(null, project.Groups["id"].Value, project.Groups["severity"].Value, 0, 0));
            }
        }

        return diagnostics;
    }

    [GeneratedRegex(@"^(?<path>.+?)\((?<line>\d+),(?<column>\d+)(,\d+,\d+)?\): (?<severity>error|warning|note) (?<id>NCP\d{4}): ")]
    private static partial Regex Located();

    [GeneratedRegex(@"^(?<severity>error|warning|note) (?<id>NCP\d{4}): ")]
    private static partial Regex ProjectLevel();
}

internal sealed record CliRun(int ExitCode, IReadOnlyList<string> Lines, string Json, string LogPath);

/// <summary>One console diagnostic: absolute file (null for project level), rule, level, start line and column.</summary>
internal sealed record ConsoleDiagnostic(string? File, string RuleId, string Level, int Line, int Column);
