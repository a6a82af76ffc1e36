using NUnit.Framework;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using NcpPersistence.Analysis;
using NcpPersistence.Output;
using NcpPersistence.Plan;

namespace NcpPersistence.Tests.PlanTests;

/// <summary>Runs the engine on a fixture folder and renders its plan; every JSON plan produced here is validated against the schema.</summary>
internal static class PlanTestSupport
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "schemas", "nsx-profile-plan.schema.json"))));

    public static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "Plan", name);

    public static string CafeRoot => Path.Combine(TestContext.CurrentContext.TestDirectory, "Examples", "cafe");

    public static AnalysisResult Analyse(string folder, Action<AnalysisOptions>? configure = null, int parallelism = 1, Action<SeverityPolicy>? severities = null)
    {
        var options = new AnalysisOptions { BaseDirectory = folder, MaxDegreeOfParallelism = parallelism };
        options.Paths.Add(folder);
        configure?.Invoke(options);
        var policy = new SeverityPolicy();
        severities?.Invoke(policy);
        return Analyzer.Run(options, policy);
    }

    public static NsxProfilePlan BuildPlan(string folder, Action<AnalysisOptions>? configure = null, string? baselinePlan = null, int parallelism = 1, Action<SeverityPolicy>? severities = null) =>
        PlanBuilder.Build(Analyse(folder, configure, parallelism, severities), new ReportOptions { SourceRoot = folder, BaselinePlanPath = baselinePlan });

    /// <summary>The plan's JSON, after checking it against the schema.</summary>
    public static string PlanJson(NsxProfilePlan plan)
    {
        var json = PlanWriter.ToJson(plan);
        AssertValid(json);
        return json;
    }

    public static JsonNode Node(NsxProfilePlan plan) => JsonNode.Parse(PlanJson(plan))!;

    /// <summary>The only cluster of a one-cluster plan (one NCP configuration, or none), as JSON.</summary>
    public static JsonNode Cluster(NsxProfilePlan plan)
    {
        var clusters = Node(plan)["clusters"]!.AsArray();
        Assert.That(clusters, Has.Count.EqualTo(1), "a one-cluster plan");
        return clusters[0]!;
    }

    public static bool IsValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
    }

    public static void AssertValid(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? new List<EvaluationResults>())
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"));
            Assert.Fail("The plan does not match schemas/nsx-profile-plan.schema.json:\n" + string.Join("\n", errors) + "\n" + json);
        }
    }

    public static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    public static JsonNode ById(JsonNode plan, string list, string id) =>
        plan[list]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == id)!;

    public static string[] Ids(JsonNode? array) => array!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToArray();

    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ncp-plan-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
