using NUnit.Framework;
using System.Text.Json.Nodes;
using static NcpPersistence.Tests.PlanTests.PlanTestSupport;

namespace NcpPersistence.Tests.PlanTests;

/// <summary>The schema is strict enough to catch a wrong plan, so validating every produced plan means something.</summary>
[TestFixture]
public sealed class PlanSchemaTests
{
    private static string Mutate(Action<JsonNode> change)
    {
        var plan = JsonNode.Parse(PlanJson(BuildPlan(CafeRoot)))!;
        change(plan);
        return plan.ToJsonString();
    }

    [Test]
    public void The_cafe_plan_is_valid() => Assert.That(IsValid(PlanJson(BuildPlan(CafeRoot))), Is.True);

    [Test]
    public void Wrong_plans_are_rejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(IsValid(Mutate(p => p.AsObject().Remove("schemaVersion"))), Is.False, "schemaVersion is required");
            Assert.That(IsValid(Mutate(p => p["schemaVersion"] = "1.0")), Is.False, "schemaVersion is 2.0");
            Assert.That(IsValid(Mutate(p => p["clusters"] = new JsonArray())), Is.False, "at least one cluster");
            Assert.That(IsValid(Mutate(p => p["clusters"]![0]!.AsObject().Remove("key"))), Is.False, "a cluster has a key");
            Assert.That(IsValid(Mutate(p => p["clusters"]![0]!["configuration"]!["line"] = 0)), Is.False, "lines start at 1");
            Assert.That(IsValid(Mutate(p => p["clusters"]![0]!["profiles"]![0]!["cookieName"] = "x")), Is.False, "no cookieName on layer 4");
            Assert.That(IsValid(Mutate(p => p["clusters"]![0]!["profiles"]![1]!["shared"] = true)), Is.False, "the layer-7 profile is not the shared one");
            Assert.That(IsValid(Mutate(p => p["clusters"]![0]!["profiles"]![0]!["timeoutSeconds"] = 600)), Is.False, "the shared profile has the default timeout");
            Assert.That(IsValid(Mutate(p => p["clusters"]![0]!["virtualServers"]![0]!.AsObject().Remove("service"))), Is.False, "a layer-4 virtual server names its Service");
            Assert.That(IsValid(Mutate(p => p["clusters"]![0]!["ncpConfig"]!["l4Persistence"]!["origin"]!["file"] = "/abs/ncp.ini")), Is.False, "no absolute paths");
            Assert.That(IsValid(Mutate(p => p["clusters"]![0]!["ncpConfig"]!["l7PersistenceTimeout"]!["effective"] = "10800")), Is.False, "the effective timeout is a number");
            Assert.That(IsValid(Mutate(p => p["extra"] = 1)), Is.False, "no unknown top-level properties");
        });
    }
}
