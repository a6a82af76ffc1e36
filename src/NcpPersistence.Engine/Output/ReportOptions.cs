namespace NcpPersistence.Output;

/// <summary>Settings the writers share, filled by the front ends.</summary>
public sealed class ReportOptions
{
    /// <summary>The repository root: SARIF <c>%SRCROOT%</c>, and the base of every path in the artifacts.</summary>
    public string SourceRoot { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>SARIF <c>automationDetails.id</c>.</summary>
    public string SarifCategory { get; set; } = "ncp-persistence/";

    /// <summary>Base URI of the rule pages (e.g. <c>https://github.com/org/repo/blob/main/</c>); null for no helpUri.</summary>
    public string? HelpUriBase { get; set; }

    /// <summary>The plan of the base branch, for the plan's delta; null for none.</summary>
    public string? BaselinePlanPath { get; set; }

    /// <summary>The file that SARIF anchors project-level diagnostics to (MSBuild: the project file); null: the NCP configuration in use, else the first file analysed.</summary>
    public string? ProjectFile { get; set; }

    public static string ToolVersion =>
        typeof(ReportOptions).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";
}

/// <summary>The artifact file names of the contract.</summary>
public static class ArtifactNames
{
    public const string Sarif = "ncp-persistence.sarif";
    public const string PlanJson = "nsx-profile-plan.json";
    public const string PlanMarkdown = "nsx-profile-plan.md";
}
